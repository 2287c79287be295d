// macOS: the System keychain, the DNS caches, and Docker Desktop, which reads the keychain
// when it starts. Everything macOS-specific in a plan is here.
import type { Step } from './plan.js';
import { described } from './plan-parts.js';
import type { PlatformModule } from './platform.js';
import { text } from '../../shared/i18n/index.js';

const systemKeychain = '/Library/Keychains/System.keychain';

export const darwin: PlatformModule = {
  hostsOps: (_facts, copy) => [
    ...copy,
    { op: 'exec', argv: ['dscacheutil', '-flushcache'] },
    { op: 'exec', argv: ['killall', '-HUP', 'mDNSResponder'] },
  ],

  trustSteps(t, _facts, caStaged, _caBytes, previousThumbprint) {
    const steps: Step[] = [];
    const old = previousThumbprint?.toUpperCase();
    const thumb = t.caThumbprint.toUpperCase();
    if (old && old !== thumb) {
      steps.push({
        id: 'untrust-old-root',
        ...described(text('plan.macRemovePrevious', { thumb: old }), text('plan.previousCa.why')),
        writes: [systemKeychain],
        ops: [{ op: 'exec', argv: ['security', 'delete-certificate', '-Z', old, systemKeychain] }],
        check: { kind: 'exec-fails', argv: ['security', 'find-certificate', '-Z', old, systemKeychain] },
        privileged: true,
      });
    }
    steps.push({
      id: 'trust-root',
      ...described(text('plan.macTrust', { thumb }), text('plan.macTrust.why')),
      writes: [systemKeychain],
      ops: [
        {
          op: 'exec',
          argv: ['security', 'add-trusted-cert', '-d', '-r', 'trustRoot', '-k', systemKeychain, caStaged],
        },
      ],
      check: { kind: 'exec', argv: ['security', 'verify-cert', '-c', caStaged] },
      privileged: true,
    });
    return steps;
  },

  untrustSteps(_target, applied) {
    const thumb = applied.trustedThumbprint;
    if (!thumb) return [];
    return [
      {
        id: 'untrust-root',
        ...described(text('plan.macUntrust', { thumb }), text('plan.untrust.why')),
        writes: [systemKeychain],
        ops: [{ op: 'exec', argv: ['security', 'delete-certificate', '-Z', thumb, systemKeychain] }],
        check: { kind: 'exec-fails', argv: ['security', 'find-certificate', '-Z', thumb, systemKeychain] },
        privileged: true,
      },
    ];
  },

  dockerCertsFile: () => undefined,

  restartStep(facts, after) {
    if (facts.engine !== 'docker-desktop' || after.length === 0) return undefined;
    return {
      step: {
        id: 'restart-docker',
        ...described(text('plan.restartDesktop'), text('plan.restartDesktop.why')),
        writes: [],
        ops: [
          { op: 'exec', argv: ['osascript', '-e', 'quit app "Docker"'] },
          { op: 'exec', argv: ['open', '-a', 'Docker'] },
        ],
        check: { kind: 'after', steps: after },
        // Docker Desktop runs as the user: restarting it elevated would start it as admin.
        privileged: false,
      },
      staged: [],
    };
  },
};
