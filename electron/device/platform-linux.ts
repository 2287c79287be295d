// Linux: the system trust store (Debian's update-ca-certificates or Fedora's update-ca-trust)
// for curl, skopeo and podman, and Docker's certs.d, which dockerd reads on each connection,
// so no restart. Everything Linux-specific in a plan is here.
import { posix } from 'node:path';
import type { Op, Step } from './plan.js';
import { caFileBase, described, missingDirs, sha256 } from './plan-parts.js';
import type { PlatformModule } from './platform.js';
import type { SystemFacts } from './setup-plan.js';
import { text } from '../../shared/i18n/index.js';

function anchorOf(t: { host: string; port: number }, facts: SystemFacts) {
  const base = caFileBase(t);
  if (facts.linuxTrust === 'debian') {
    return {
      dir: '/usr/local/share/ca-certificates',
      file: `/usr/local/share/ca-certificates/${base}.crt`,
      update: ['update-ca-certificates'],
      // Without --fresh, update-ca-certificates leaves the removed CA's links in
      // /etc/ssl/certs (it prunes orphans only when it adds or removes something itself).
      updateAfterRemove: ['update-ca-certificates', '--fresh'],
      writes: ['/etc/ssl/certs'],
    };
  }
  if (facts.linuxTrust === 'fedora') {
    return {
      dir: '/etc/pki/ca-trust/source/anchors',
      file: `/etc/pki/ca-trust/source/anchors/${base}.crt`,
      update: ['update-ca-trust', 'extract'],
      updateAfterRemove: ['update-ca-trust', 'extract'],
      writes: ['/etc/pki/ca-trust/extracted'],
    };
  }
  return undefined;
}

export const linux: PlatformModule = {
  hostsOps: (_facts, copy) => copy,

  trustSteps(t, facts, caStaged, caBytes) {
    const anchor = anchorOf(t, facts);
    if (!anchor) return [];
    return [
      {
        id: 'trust-root',
        ...described(text('plan.linuxTrust', { file: anchor.file }), text('plan.linuxTrust.why')),
        writes: [anchor.file, ...anchor.writes],
        ops: [
          ...missingDirs(anchor.dir, facts).map((path): Op => ({ op: 'mkdir', path })),
          { op: 'install', from: caStaged, to: anchor.file },
          { op: 'exec', argv: anchor.update },
        ],
        check: { kind: 'file', path: anchor.file, sha256: sha256(caBytes) },
        privileged: true,
      },
    ];
  },

  untrustSteps(target, applied, facts) {
    const anchor = anchorOf(target, facts);
    if (!anchor || !applied.steps.includes('trust-root') || !applied.createdFiles.includes(anchor.file)) {
      return [];
    }
    const step: Step = {
      id: 'untrust-root',
      ...described(text('plan.linuxUntrust', { file: anchor.file }), text('plan.untrust.why')),
      writes: [anchor.file, ...anchor.writes],
      ops: [
        { op: 'remove', path: anchor.file },
        ...[...applied.createdDirs]
          .filter((d) => anchor.dir === d || anchor.dir.startsWith(d + '/'))
          .reverse()
          .map((path): Op => ({ op: 'rmdir', path })),
        { op: 'exec', argv: anchor.updateAfterRemove },
      ],
      check: { kind: 'absent', path: anchor.file },
      privileged: true,
    };
    return [step];
  },

  dockerCertsFile(t, facts) {
    const endpoint = `${t.host}:${t.port}`;
    if (facts.engine === 'rootless')
      return posix.join(facts.rootlessDockerConfig, 'certs.d', endpoint, 'ca.crt');
    return posix.join('/etc/docker/certs.d', endpoint, 'ca.crt');
  },

  restartStep: () => undefined,
};
