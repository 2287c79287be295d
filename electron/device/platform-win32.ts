// Windows: the hosts file under %SystemRoot%, the LocalMachine Root store (certutil),
// Docker Engine's certs.d under %ProgramData%, and Docker Desktop, which copies the Root
// store into its engine only when it starts. Everything Windows-specific in a plan is here.
import { win32 } from 'node:path';
import type { Step } from './plan.js';
import { described } from './plan-parts.js';
import type { PlatformModule } from './platform.js';
import { text } from '../../shared/i18n/index.js';

const rootStore = 'Cert:\\LocalMachine\\Root';
/** Restarting Docker Desktop on Windows: constant text, nothing from the user in it. */
const restartDockerDesktop =
  "Stop-Process -Name 'Docker Desktop' -ErrorAction SilentlyContinue; " +
  "Start-Process -FilePath (Join-Path $env:ProgramFiles 'Docker\\Docker\\Docker Desktop.exe')";

export const windows: PlatformModule = {
  hostsOps(facts, copy) {
    const path = facts.hostsPath;
    return [
      ...(facts.hostsReadOnly ? [{ op: 'exec' as const, argv: ['attrib', '-R', path] }] : []),
      ...copy,
      ...(facts.hostsReadOnly ? [{ op: 'exec' as const, argv: ['attrib', '+R', path] }] : []),
      { op: 'exec', argv: ['ipconfig', '/flushdns'] },
    ];
  },

  trustSteps(t, _facts, caStaged, _caBytes, previousThumbprint) {
    const steps: Step[] = [];
    const old = previousThumbprint?.toUpperCase();
    const thumb = t.caThumbprint.toUpperCase();
    if (old && old !== thumb) {
      steps.push({
        id: 'untrust-old-root',
        ...described(text('plan.winRemovePrevious', { thumb: old }), text('plan.previousCa.why')),
        writes: [rootStore],
        ops: [{ op: 'exec', argv: ['certutil', '-delstore', 'Root', old] }],
        check: { kind: 'exec-fails', argv: ['certutil', '-store', 'Root', old] },
        privileged: true,
      });
    }
    steps.push({
      id: 'trust-root',
      ...described(text('plan.winTrust', { thumb }), text('plan.winTrust.why')),
      writes: [rootStore],
      ops: [{ op: 'exec', argv: ['certutil', '-addstore', '-f', 'Root', caStaged] }],
      check: { kind: 'exec', argv: ['certutil', '-store', 'Root', thumb] },
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
        ...described(text('plan.winUntrust', { thumb }), text('plan.untrust.why')),
        writes: [rootStore],
        ops: [{ op: 'exec', argv: ['certutil', '-delstore', 'Root', thumb] }],
        check: { kind: 'exec-fails', argv: ['certutil', '-store', 'Root', thumb] },
        privileged: true,
      },
    ];
  },

  dockerCertsFile(t, facts) {
    // Native Windows Engine: %ProgramData%\docker\certs.d, and Windows file names cannot
    // hold ':', so `host:port` is written `hostport` (as dockerd looks it up there).
    if (facts.engine !== 'windows-service') return undefined;
    return win32.join(facts.programData, 'docker', 'certs.d', `${t.host}${t.port}`, 'ca.crt');
  },

  restartStep(facts, after) {
    if (facts.engine !== 'docker-desktop' || after.length === 0) return undefined;
    return {
      step: {
        id: 'restart-docker',
        ...described(text('plan.restartDesktop'), text('plan.restartDesktop.why')),
        writes: [],
        ops: [
          {
            op: 'exec',
            argv: ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', restartDockerDesktop],
          },
        ],
        check: { kind: 'after', steps: after },
        // Docker Desktop runs as the user: restarting it elevated would start it as admin.
        privileged: false,
      },
      staged: [],
    };
  },
};
