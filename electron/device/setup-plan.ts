// Builds the setup and forget plans for one device, per OS. Pure: everything it needs to
// know about the machine comes in as `facts`, so Windows and macOS plans are built and
// checked on Linux as exact operation lists (test/unit/device-plan.test.ts). The files a
// plan installs are returned in `staged`; stagePlanFiles() writes them unprivileged.
import { createHash } from 'node:crypto';
import { posix, win32 } from 'node:path';
import { withHost, withoutHost } from './hosts-file.js';
import type { Check, Op, Plan, Step } from './plan.js';
import type { EngineKind } from './docker-engine.js';
import { say, text, type Text } from '../../shared/i18n/index.js';

/** What the plan builder needs to know about the machine (gathered by system-facts.ts). */
export interface SystemFacts {
  platform: NodeJS.Platform;
  hostsPath: string;
  /** The hosts file's bytes now (read without privileges). */
  hostsBytes: Buffer;
  /** Windows: the hosts file has the read-only attribute. */
  hostsReadOnly: boolean;
  engine: EngineKind;
  /** Linux: which system trust store tool exists. */
  linuxTrust: 'debian' | 'fedora' | 'none';
  /** %ProgramData% on Windows (native Docker Engine keeps certs.d there). */
  programData: string;
  /** Rootless Docker's config folder: $XDG_CONFIG_HOME/docker or ~/.config/docker. */
  rootlessDockerConfig: string;
  /** Whether a path exists now (to create, and later remove, only the folders setup adds). */
  exists(path: string): boolean;
}

/** The device the plan is for and the CA certificate to trust. */
export interface DeviceTarget {
  host: string;
  port: number;
  ip: string;
  caPem: string;
  /** SHA-1 of the CA's DER, upper-case hex: Windows' thumbprint, macOS' `-Z` hash. */
  caThumbprint: string;
}

/** What setup changed, remembered so that forget undoes exactly that. */
export interface AppliedChanges {
  /** Ids of the setup steps that ran (a step already done before setup is not undone). */
  steps: string[];
  /** Folders setup created (removed by forget when empty). */
  createdDirs: string[];
  /** Files setup created. */
  createdFiles: string[];
  /** The thumbprint setup added to the OS root store, if it added one. */
  trustedThumbprint?: string;
}

export interface BuiltPlan {
  plan: Plan;
  /** Files to write into the staging folder before the plan runs. */
  staged: { path: string; bytes: Buffer }[];
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const macSystemKeychain = '/Library/Keychains/System.keychain';
/** Restarting Docker Desktop on Windows: constant text, nothing from the user in it. */
const winRestartDockerDesktop =
  "Stop-Process -Name 'Docker Desktop' -ErrorAction SilentlyContinue; " +
  "Start-Process -FilePath (Join-Path $env:ProgramFiles 'Docker\\Docker\\Docker Desktop.exe')";

function pathApi(platform: NodeJS.Platform) {
  return platform === 'win32' ? win32 : posix;
}

/** The file name used for the CA in system folders: safe characters only. */
function caFileBase(t: { host: string; port: number }): string {
  return `edge-registry-${t.host.replace(/[^A-Za-z0-9.-]/g, '_')}-${t.port}`;
}

/** Folders of `path` (deepest last) that do not exist yet, up to an existing one. */
function missingDirs(dir: string, facts: SystemFacts): string[] {
  const p = pathApi(facts.platform);
  const out: string[] = [];
  for (let d = dir; !facts.exists(d) && p.dirname(d) !== d; d = p.dirname(d)) out.unshift(d);
  return out;
}

/** Docker's per-registry CA file for the engine in use (undefined when the engine reads only the OS store). */
export function dockerCertsFile(t: { host: string; port: number }, facts: SystemFacts): string | undefined {
  const endpoint = `${t.host}:${t.port}`;
  if (facts.platform === 'win32') {
    // Native Windows Engine: %ProgramData%\docker\certs.d, and Windows file names cannot
    // hold ':', so `host:port` is written `hostport` (as dockerd looks it up there).
    if (facts.engine !== 'windows-service') return undefined;
    return win32.join(facts.programData, 'docker', 'certs.d', `${t.host}${t.port}`, 'ca.crt');
  }
  if (facts.platform === 'darwin') return undefined;
  if (facts.engine === 'rootless')
    return posix.join(facts.rootlessDockerConfig, 'certs.d', endpoint, 'ca.crt');
  return posix.join('/etc/docker/certs.d', endpoint, 'ca.crt');
}

function linuxAnchor(t: DeviceTarget | { host: string; port: number }, facts: SystemFacts) {
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

function hostsStep(
  facts: SystemFacts,
  stagingDir: string,
  next: Buffer,
  title: Text,
  reason: Text,
): { step: Step; staged: BuiltPlan['staged'] } {
  const p = pathApi(facts.platform);
  const snapshot = p.join(stagingDir, 'hosts.before');
  const staged = p.join(stagingDir, 'hosts');
  const path = facts.hostsPath;
  const ops: Op[] = [
    { op: 'unchanged', path, snapshot },
    { op: 'install', from: staged, to: path },
  ];
  if (facts.platform === 'win32') {
    if (facts.hostsReadOnly) {
      ops.unshift({ op: 'exec', argv: ['attrib', '-R', path] });
      ops.push({ op: 'exec', argv: ['attrib', '+R', path] });
    }
    ops.push({ op: 'exec', argv: ['ipconfig', '/flushdns'] });
  } else if (facts.platform === 'darwin') {
    ops.push({ op: 'exec', argv: ['dscacheutil', '-flushcache'] });
    ops.push({ op: 'exec', argv: ['killall', '-HUP', 'mDNSResponder'] });
  }
  return {
    step: {
      id: 'hosts',
      ...described(title, reason),
      writes: [path],
      ops,
      check: { kind: 'file', path, sha256: sha256(next) },
      privileged: true,
    },
    staged: [
      { path: snapshot, bytes: facts.hostsBytes },
      { path: staged, bytes: next },
    ],
  };
}

/** A step's title and reason: English for the CLI and logs, and Texts for the UI's language. */
function described(title: Text, reason: Text): Pick<Step, 'title' | 'reason' | 'text'> {
  return { title: say('en', title), reason: say('en', reason), text: { title, reason } };
}

function restartStep(facts: SystemFacts, after: string[]): Step | undefined {
  if (facts.engine !== 'docker-desktop' || after.length === 0) return undefined;
  const check: Check = { kind: 'after', steps: after };
  const base = {
    id: 'restart-docker',
    ...described(text('plan.restartDesktop'), text('plan.restartDesktop.why')),
    writes: [],
    check,
    // Docker Desktop runs as the user: restarting it elevated would start it as admin.
    privileged: false,
  };
  if (facts.platform === 'win32') {
    return {
      ...base,
      ops: [
        {
          op: 'exec',
          argv: ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', winRestartDockerDesktop],
        },
      ],
    };
  }
  if (facts.platform === 'darwin') {
    return {
      ...base,
      ops: [
        { op: 'exec', argv: ['osascript', '-e', 'quit app "Docker"'] },
        { op: 'exec', argv: ['open', '-a', 'Docker'] },
      ],
    };
  }
  return undefined;
}

/**
 * The setup plan: hosts entry, OS trust store, Docker's certs.d where the engine reads
 * it, and a Docker Desktop restart only when the OS store changed. `previousThumbprint`
 * is the CA this app trusted for the device before, removed when the device's CA changed.
 */
export function buildSetupPlan(
  t: DeviceTarget,
  facts: SystemFacts,
  stagingDir: string,
  previousThumbprint?: string,
): BuiltPlan {
  const p = pathApi(facts.platform);
  const endpoint = `${t.host}:${t.port}`;
  const steps: Step[] = [];
  const staged: BuiltPlan['staged'] = [];
  const caStaged = p.join(stagingDir, 'ca.crt');
  const caBytes = Buffer.from(t.caPem.endsWith('\n') ? t.caPem : t.caPem + '\n');
  staged.push({ path: caStaged, bytes: caBytes });

  const nextHosts = withHost(
    facts.hostsBytes,
    { ip: t.ip, name: t.host },
    facts.platform === 'win32' ? '\r\n' : '\n',
  );
  const hosts = hostsStep(
    facts,
    stagingDir,
    nextHosts,
    text('plan.hostsAdd', { host: t.host, ip: t.ip }),
    text('plan.hostsAdd.why', { host: t.host }),
  );
  steps.push(hosts.step);
  staged.push(...hosts.staged);

  const osStoreSteps: string[] = [];
  const old = previousThumbprint?.toUpperCase();
  const thumb = t.caThumbprint.toUpperCase();
  if (facts.platform === 'win32') {
    if (old && old !== thumb) {
      steps.push({
        id: 'untrust-old-root',
        ...described(text('plan.winRemovePrevious', { thumb: old }), text('plan.previousCa.why')),
        writes: ['Cert:\\LocalMachine\\Root'],
        ops: [{ op: 'exec', argv: ['certutil', '-delstore', 'Root', old] }],
        check: { kind: 'exec-fails', argv: ['certutil', '-store', 'Root', old] },
        privileged: true,
      });
      osStoreSteps.push('untrust-old-root');
    }
    steps.push({
      id: 'trust-root',
      ...described(text('plan.winTrust', { thumb }), text('plan.winTrust.why')),
      writes: ['Cert:\\LocalMachine\\Root'],
      ops: [{ op: 'exec', argv: ['certutil', '-addstore', '-f', 'Root', caStaged] }],
      check: { kind: 'exec', argv: ['certutil', '-store', 'Root', thumb] },
      privileged: true,
    });
    osStoreSteps.push('trust-root');
  } else if (facts.platform === 'darwin') {
    if (old && old !== thumb) {
      steps.push({
        id: 'untrust-old-root',
        ...described(text('plan.macRemovePrevious', { thumb: old }), text('plan.previousCa.why')),
        writes: [macSystemKeychain],
        ops: [{ op: 'exec', argv: ['security', 'delete-certificate', '-Z', old, macSystemKeychain] }],
        check: { kind: 'exec-fails', argv: ['security', 'find-certificate', '-Z', old, macSystemKeychain] },
        privileged: true,
      });
      osStoreSteps.push('untrust-old-root');
    }
    steps.push({
      id: 'trust-root',
      ...described(text('plan.macTrust', { thumb }), text('plan.macTrust.why')),
      writes: [macSystemKeychain],
      ops: [
        {
          op: 'exec',
          argv: ['security', 'add-trusted-cert', '-d', '-r', 'trustRoot', '-k', macSystemKeychain, caStaged],
        },
      ],
      check: { kind: 'exec', argv: ['security', 'verify-cert', '-c', caStaged] },
      privileged: true,
    });
    osStoreSteps.push('trust-root');
  } else {
    const anchor = linuxAnchor(t, facts);
    if (anchor) {
      steps.push({
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
      });
    }
  }

  const certsFile = dockerCertsFile(t, facts);
  if (certsFile) {
    const dirs = missingDirs(p.dirname(certsFile), facts);
    steps.push({
      id: 'docker-certs',
      ...described(
        text('plan.dockerCerts', { endpoint }),
        text('plan.dockerCerts.why', { dir: p.dirname(certsFile) }),
      ),
      writes: [...dirs, certsFile],
      ops: [
        ...dirs.map((path): Op => ({ op: 'mkdir', path })),
        { op: 'install', from: caStaged, to: certsFile },
      ],
      check: { kind: 'file', path: certsFile, sha256: sha256(caBytes) },
      // Rootless Docker's folder belongs to the user.
      privileged: facts.engine !== 'rootless',
    });
  }

  const restart = restartStep(facts, osStoreSteps);
  if (restart) steps.push(restart);
  const notes =
    facts.engine === 'none'
      ? [
          'No Docker engine was found on this computer. The hosts entry and the trust are set up anyway; ' +
            'install or start Docker (then run setup again, so that Docker gets the CA too) before `docker login`.',
        ]
      : [];
  return { plan: { platform: facts.platform, kind: 'setup', endpoint, stagingDir, steps, notes }, staged };
}

/** What setup will have changed once `steps` succeed (for the device record). */
export function changesOf(built: BuiltPlan, ranSteps: string[], t: DeviceTarget): AppliedChanges {
  const createdDirs: string[] = [];
  const createdFiles: string[] = [];
  for (const step of built.plan.steps) {
    if (!ranSteps.includes(step.id)) continue;
    for (const op of step.ops) {
      if (op.op === 'mkdir') createdDirs.push(op.path);
      if (op.op === 'install' && step.id !== 'hosts') createdFiles.push(op.to);
    }
  }
  return {
    steps: ranSteps,
    createdDirs,
    createdFiles,
    ...(ranSteps.includes('trust-root') && built.plan.platform !== 'linux'
      ? { trustedThumbprint: t.caThumbprint.toUpperCase() }
      : {}),
  };
}

/**
 * The forget plan: removes the hosts entry, and exactly the files, folders and trust
 * entries that setup added (as remembered in `applied`), then restarts Docker Desktop
 * if the OS store changed.
 */
export function buildForgetPlan(
  target: { host: string; port: number },
  applied: AppliedChanges,
  facts: SystemFacts,
  stagingDir: string,
): BuiltPlan {
  const endpoint = `${target.host}:${target.port}`;
  const steps: Step[] = [];
  const staged: BuiltPlan['staged'] = [];
  const nextHosts = withoutHost(facts.hostsBytes, target.host);
  const hosts = hostsStep(
    facts,
    stagingDir,
    nextHosts,
    text('plan.hostsRemove', { host: target.host }),
    text('plan.hostsRemove.why'),
  );
  steps.push(hosts.step);
  staged.push(...hosts.staged);

  const osStoreSteps: string[] = [];
  if (applied.trustedThumbprint && facts.platform === 'win32') {
    const thumb = applied.trustedThumbprint;
    steps.push({
      id: 'untrust-root',
      ...described(text('plan.winUntrust', { thumb }), text('plan.untrust.why')),
      writes: ['Cert:\\LocalMachine\\Root'],
      ops: [{ op: 'exec', argv: ['certutil', '-delstore', 'Root', thumb] }],
      check: { kind: 'exec-fails', argv: ['certutil', '-store', 'Root', thumb] },
      privileged: true,
    });
    osStoreSteps.push('untrust-root');
  } else if (applied.trustedThumbprint && facts.platform === 'darwin') {
    const thumb = applied.trustedThumbprint;
    steps.push({
      id: 'untrust-root',
      ...described(text('plan.macUntrust', { thumb }), text('plan.untrust.why')),
      writes: [macSystemKeychain],
      ops: [{ op: 'exec', argv: ['security', 'delete-certificate', '-Z', thumb, macSystemKeychain] }],
      check: { kind: 'exec-fails', argv: ['security', 'find-certificate', '-Z', thumb, macSystemKeychain] },
      privileged: true,
    });
    osStoreSteps.push('untrust-root');
  }

  const anchor = facts.platform === 'linux' ? linuxAnchor(target, facts) : undefined;
  const byStep = (id: string) => applied.steps.includes(id);
  if (anchor && byStep('trust-root') && applied.createdFiles.includes(anchor.file)) {
    steps.push({
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
    });
  }

  const certsFile = dockerCertsFile(target, facts);
  if (certsFile && byStep('docker-certs') && applied.createdFiles.includes(certsFile)) {
    const p = pathApi(facts.platform);
    const dirs = applied.createdDirs.filter(
      (d) => p.dirname(certsFile) === d || certsFile.startsWith(d + p.sep),
    );
    steps.push({
      id: 'docker-certs',
      ...described(text('plan.dockerCertsRemove', { endpoint }), text('plan.dockerCertsRemove.why')),
      writes: [certsFile, ...dirs],
      ops: [
        { op: 'remove', path: certsFile },
        ...[...dirs].reverse().map((path): Op => ({ op: 'rmdir', path })),
      ],
      check: { kind: 'absent', path: certsFile },
      privileged: facts.engine !== 'rootless',
    });
  }

  const restart = restartStep(facts, osStoreSteps);
  if (restart) steps.push(restart);
  return { plan: { platform: facts.platform, kind: 'forget', endpoint, stagingDir, steps }, staged };
}
