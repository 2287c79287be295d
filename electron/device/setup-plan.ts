// Builds the setup and forget plans for one device, per OS. Pure: everything it needs to
// know about the machine comes in as `facts`, so Windows and macOS plans are built and
// checked on Linux as exact operation lists (test/unit/device-plan.test.ts). The files a
// plan installs are returned in `staged`; stagePlanFiles() writes them unprivileged.
import { withHost, withoutHost } from './hosts-file.js';
import type { Op, Plan, Step } from './plan.js';
import type { EngineKind } from './docker-engine.js';
import { described, missingDirs, pathApi, sha256, type StagedPlanFile } from './plan-parts.js';
import { platformModule } from './platform.js';
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
  /** macOS: where Docker.app is (platform-darwin.ts findDockerApp). */
  macDockerApp?: string;
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
  /** That CA's certificate (PEM): macOS removes a trust setting only given the certificate. */
  trustedCaPem?: string;
}

export interface BuiltPlan {
  plan: Plan;
  /** Files to write into the staging folder before the plan runs. */
  staged: StagedPlanFile[];
}

/** Docker's per-registry CA file for the engine in use (undefined when the engine reads only the OS store). */
export function dockerCertsFile(t: { host: string; port: number }, facts: SystemFacts): string | undefined {
  return platformModule(facts.platform).dockerCertsFile(t, facts);
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
  const ops = platformModule(facts.platform).hostsOps(facts, [
    { op: 'unchanged', path, snapshot },
    { op: 'install', from: staged, to: path },
  ]);
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

/** Docker's certs.d step (Linux engines, the Windows Engine service), if the engine reads one. */
function dockerCertsStep(t: DeviceTarget, facts: SystemFacts, caStaged: string, caBytes: Buffer) {
  const certsFile = dockerCertsFile(t, facts);
  if (!certsFile) return undefined;
  const p = pathApi(facts.platform);
  const dirs = missingDirs(p.dirname(certsFile), facts);
  const step: Step = {
    id: 'docker-certs',
    ...described(
      text('plan.dockerCerts', { endpoint: `${t.host}:${t.port}` }),
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
  };
  return step;
}

/** macOS asks for a password again for a trust setting step, which runs as the user: say so. */
function dialogNote(facts: SystemFacts, trust: Step[]): Text[] {
  return facts.platform === 'darwin' && trust.some((s) => !s.privileged) ? [text('plan.note.macDialog')] : [];
}

const pemBytes = (pem: string) => Buffer.from(pem.endsWith('\n') ? pem : pem + '\n');

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
  previousPem?: string,
): BuiltPlan {
  const p = pathApi(facts.platform);
  const endpoint = `${t.host}:${t.port}`;
  const steps: Step[] = [];
  const staged: BuiltPlan['staged'] = [];
  const caStaged = p.join(stagingDir, 'ca.crt');
  const caBytes = pemBytes(t.caPem);
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

  const os = platformModule(facts.platform);
  const previousStaged = previousPem ? p.join(stagingDir, 'previous-ca.crt') : undefined;
  if (previousStaged) staged.push({ path: previousStaged, bytes: pemBytes(previousPem!) });
  const trust = os.trustSteps(t, facts, caStaged, caBytes, previousThumbprint, previousStaged);
  steps.push(...trust);
  const certs = dockerCertsStep(t, facts, caStaged, caBytes);
  if (certs) steps.push(certs);
  // A restart is needed only after something the engine reads at its start changed.
  const restart = os.restartStep(
    facts,
    [...trust, ...(certs ? [certs] : [])].map((s) => s.id),
    stagingDir,
  );
  if (restart) {
    steps.push(restart.step);
    staged.push(...restart.staged);
  }
  const noteTexts: Text[] = [
    ...(facts.engine === 'none' ? [text('plan.note.noEngine')] : []),
    ...dialogNote(facts, trust),
  ];
  return {
    plan: {
      platform: facts.platform,
      kind: 'setup',
      endpoint,
      stagingDir,
      steps,
      notes: noteTexts.map((n) => say('en', n)),
      noteTexts,
    },
    staged,
  };
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
    ...((ranSteps.includes('trust-root') || ranSteps.includes('keychain-root')) &&
    built.plan.platform !== 'linux'
      ? { trustedThumbprint: t.caThumbprint.toUpperCase(), trustedCaPem: t.caPem }
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

  const os = platformModule(facts.platform);
  const trustedStaged = applied.trustedCaPem ? pathApi(facts.platform).join(stagingDir, 'ca.crt') : undefined;
  if (trustedStaged) staged.push({ path: trustedStaged, bytes: pemBytes(applied.trustedCaPem!) });
  const untrust = os.untrustSteps(target, applied, facts, trustedStaged);
  steps.push(...untrust);

  const certsFile = dockerCertsFile(target, facts);
  const byStep = (id: string) => applied.steps.includes(id);
  const changed = untrust.map((s) => s.id);
  if (certsFile && byStep('docker-certs') && applied.createdFiles.includes(certsFile)) {
    changed.push('docker-certs');
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

  const restart = os.restartStep(facts, changed, stagingDir);
  if (restart) {
    steps.push(restart.step);
    staged.push(...restart.staged);
  }
  const noteTexts = dialogNote(facts, untrust);
  return {
    plan: {
      platform: facts.platform,
      kind: 'forget',
      endpoint,
      stagingDir,
      steps,
      ...(noteTexts.length ? { notes: noteTexts.map((n) => say('en', n)), noteTexts } : {}),
    },
    staged,
  };
}
