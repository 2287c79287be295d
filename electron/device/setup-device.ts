// The device-setup use case, from whatever the user has to a machine whose Docker can
// push to the registry by its name: discover -> choose and confirm the CA -> check the
// registry answers -> plan -> run under one elevation -> verify -> remember. Used by the
// CLI (electron/cli/setup.ts, forget.ts) and by electron/app for the UI.
import { lookup } from 'node:dns/promises';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CertificateError,
  checkValidity,
  fingerprintKind,
  fingerprintMatches,
  parseCertificates,
  pickRoot,
  verifyServerChain,
  type CertInfo,
} from './certificates.js';
import { appDataDir } from '../app-paths.js';
import { writeFileReplacing } from '../fs/atomic-file.js';
import { waitForEngine, watchEngine, type EngineKind } from './docker-engine.js';
import type Docker from 'dockerode';
import { connectDocker } from '../docker/engine.js';
import { checkEngineTrust, type EngineTrust } from '../docker/engine-trust.js';
import { say, text, textOf, TextError, type Text } from '../../shared/i18n/index.js';
import { findDevice, forgetDevice, rememberDevice, type DeviceRecord } from './device-state.js';
import { parseRegistryInfo } from './registry-info.js';
import { checkRegistry, endpointNameOf, fetchChain, ProbeError } from './probe.js';
import { previewPlan, runPlan, stagePlanFiles, type RunPlanOptions } from './run-plan.js';
import {
  buildForgetPlan,
  buildSetupPlan,
  changesOf,
  type BuiltPlan,
  type SystemFacts,
} from './setup-plan.js';
import { exampleStagingDir, gatherFacts, typicalFacts } from './system-facts.js';
import { checkPort, defaultRegistryPort, hostNameProblem, parseEndpoint } from '../../shared/endpoint.js';
import type { StepResult } from './plan.js';

/** Where the device's details come from. */
export type DeviceSource =
  /** The pasted output of Get-HcsKubernetesContainerRegistryInfo. */
  | { kind: 'info'; text: string }
  /** Only the IP (and port): the name comes from the certificate's SAN. */
  | { kind: 'ip'; ip: string; port?: number }
  | { kind: 'endpoint'; host: string; port: number; ip: string }
  /** The demo device in this app: its CA file and fingerprint are known locally. */
  | { kind: 'demo'; endpoint: string; ipAddress: string; caCertPath: string; caFingerprint: string };

/** A device found and checked, before anything on this machine changes. */
export interface DiscoveredDevice {
  host: string;
  port: number;
  ip: string;
  /** What the server sent, leaf first. */
  chain: CertInfo[];
  /** The CA to trust. */
  root: CertInfo;
  /** `network`: taken from the TLS handshake, so the user must confirm its fingerprint. */
  rootFrom: 'file' | 'network' | 'demo';
  /** From pasted info; never logged or stored by this module. */
  username?: string;
  password?: string;
  /** Set when this device was set up before with another CA. */
  previous?: DeviceRecord;
  /** Things the user should know (e.g. the CA changed since last time). */
  warnings: Text[];
}

/** A setup failure written for the user, with a stable code for the UI. */
export class SetupError extends TextError {
  constructor(
    readonly code: string,
    message: string | Text,
  ) {
    super(message);
    this.name = 'SetupError';
  }
}

/** `text` as NAME:PORT (shared/endpoint.ts), or a SetupError saying what is wrong with it. */
function endpointFrom(text: unknown, what?: string): { host: string; port: number } {
  try {
    return parseEndpoint(text, what);
  } catch (e) {
    throw new SetupError('bad-endpoint', (e as Error).message);
  }
}

/** Checks what a source names before it reaches a connection, a plan or a record. */
function checkSource(source: DeviceSource): void {
  const bad = (code: string, message: string) => {
    throw new SetupError(code, message);
  };
  const ipOf = (ip: unknown, whose = '') => {
    if (typeof ip !== 'string' || !isIP(ip))
      bad(
        'bad-ip',
        `${whose}${String(ip).slice(0, 100)} is not an IP address. Give the device's address as its local UI shows it (e.g. 10.128.44.40).`,
      );
  };
  const portOf = (port: unknown) => {
    try {
      checkPort(port);
    } catch (e) {
      bad('bad-endpoint', (e as Error).message);
    }
  };
  switch (source.kind) {
    case 'info':
      return;
    case 'ip':
      ipOf(source.ip);
      if (source.port !== undefined) portOf(source.port);
      return;
    case 'endpoint': {
      const problem = hostNameProblem(String(source.host));
      if (problem) bad('bad-endpoint', `The endpoint's name: ${problem}.`);
      portOf(source.port);
      ipOf(source.ip);
      return;
    }
    case 'demo':
      endpointFrom(source.endpoint, "The demo device's endpoint");
      ipOf(source.ipAddress, "The demo device's IP address ");
      return;
  }
}

/**
 * Finds the device from `source`, reads its chain, picks the CA (from `caFile` when
 * given), checks the chain verifies the name and that GET /v2/ answers like a registry.
 */
export async function discoverDevice(
  source: DeviceSource,
  opts: { caFile?: { bytes: Buffer; name: string }; dataDir?: string; now?: Date; timeoutMs?: number } = {},
): Promise<DiscoveredDevice> {
  let host: string | undefined;
  let port = defaultRegistryPort;
  let ip: string;
  let username: string | undefined;
  let password: string | undefined;
  let caFile = opts.caFile;
  let rootFrom: DiscoveredDevice['rootFrom'] = caFile ? 'file' : 'network';
  let demoFingerprint: string | undefined;
  checkSource(source);
  switch (source.kind) {
    case 'info': {
      const info = parseRegistryInfo(source.text);
      ({ host, port, ip, username, password } = info);
      break;
    }
    case 'ip':
      // The hosts entry maps the endpoint name to this address: checkSource made sure it is one.
      ip = source.ip;
      port = source.port ?? defaultRegistryPort;
      break;
    case 'endpoint':
      ({ host, port, ip } = source);
      break;
    case 'demo':
      ({ host, port } = endpointFrom(source.endpoint));
      ip = source.ipAddress;
      caFile = { bytes: readFileSync(source.caCertPath), name: source.caCertPath };
      rootFrom = 'demo';
      demoFingerprint = source.caFingerprint;
      break;
  }
  let chain: CertInfo[];
  try {
    chain = await fetchChain(ip, port, {
      ...(host ? { servername: host } : {}),
      timeoutMs: opts.timeoutMs,
    });
  } catch (e) {
    if (e instanceof ProbeError) throw new SetupError(e.problem, textOf(e) ?? e.message);
    throw e;
  }
  const leaf = chain[0]!;
  if (!host) {
    host = endpointNameOf(leaf);
    if (!host) {
      throw new SetupError('no-name', text('err.setup.noName', { where: `${ip}:${port}` }));
    }
    // What a certificate says is input too: it goes into the hosts file.
    const problem = hostNameProblem(host);
    if (problem) {
      throw new SetupError(
        'no-name',
        `The certificate at ${ip}:${port} names no usable host: ${problem}. Paste the device's registry info (Get-HcsKubernetesContainerRegistryInfo), which names its endpoint.`,
      );
    }
  }
  let root: CertInfo;
  try {
    if (caFile) {
      const certs = parseCertificates(caFile.bytes, caFile.name);
      root = pickRoot(certs, opts.now, caFile.name);
    } else {
      root = pickRoot(chain, opts.now, 'the chain the device sent');
    }
    if (demoFingerprint && !fingerprintMatches(root, demoFingerprint)) {
      throw new CertificateError(
        `The demo device's CA file ${caFile?.name} does not have the fingerprint the demo device reports. Restart the demo device and retry.`,
      );
    }
    checkValidity(root, opts.now);
    verifyServerChain(chain, root, host, opts.now);
  } catch (e) {
    if (e instanceof CertificateError && !caFile && !chain.some((c) => c.isCA)) {
      throw new SetupError(
        'no-ca-in-chain',
        text('err.setup.noCaInChain', { where: `${ip}:${port}`, issuer: leaf.issuer }),
      );
    }
    if (e instanceof CertificateError) {
      throw new SetupError(e.problem === 'unusable' ? 'certificate' : e.problem, textOf(e) ?? e.message);
    }
    throw e;
  }
  try {
    await checkRegistry(ip, port, host, root.pem, { timeoutMs: opts.timeoutMs, now: opts.now });
  } catch (e) {
    if (e instanceof ProbeError) throw new SetupError(e.problem, textOf(e) ?? e.message);
    throw e;
  }
  const previous = findDevice(`${host}:${port}`, opts.dataDir);
  const warnings: Text[] = [];
  if (previous && previous.caSha256 !== root.sha256) {
    warnings.push(
      text('warn.setup.caChanged', { endpoint: `${host}:${port}`, was: previous.caSha256, now: root.sha256 }),
    );
  }
  return {
    host,
    port,
    ip,
    chain,
    root,
    rootFrom,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(previous ? { previous } : {}),
    warnings,
  };
}

/**
 * Decides whether the CA may be trusted: a CA read from the network needs `fingerprint`
 * to match or `confirm()` to say yes; a given fingerprint must always match.
 */
export async function confirmTrust(
  device: DiscoveredDevice,
  opts: { fingerprint?: string; confirm?: (device: DiscoveredDevice) => Promise<boolean> },
): Promise<void> {
  if (opts.fingerprint !== undefined) {
    if (!fingerprintMatches(device.root, opts.fingerprint)) {
      const has =
        fingerprintKind(opts.fingerprint) === 'sha1'
          ? `SHA-1 thumbprint ${device.root.thumbprint}`
          : `SHA-256 fingerprint ${device.root.sha256}`;
      throw new SetupError(
        'fingerprint-mismatch',
        `The device's CA has ${has}, not the ${opts.fingerprint} you gave. ` +
          'Check the fingerprint on the device itself; if they differ, do not trust this connection.',
      );
    }
    return;
  }
  if (device.rootFrom !== 'network') return;
  const pinned = device.previous && device.previous.caSha256 === device.root.sha256;
  if (pinned) return;
  if (opts.confirm && (await opts.confirm(device))) return;
  throw new SetupError(
    'fingerprint-unconfirmed',
    text('err.setup.fingerprintUnconfirmed', { fingerprint: device.root.sha256 }),
  );
}

/**
 * Checks the pasted user and password against the registry, once its CA is trusted (never
 * before: the password goes only to the confirmed device). Throws SetupError('bad-credentials').
 */
export async function checkCredentials(
  device: DiscoveredDevice,
  opts: { timeoutMs?: number } = {},
): Promise<void> {
  if (!device.username || !device.password) return;
  try {
    await checkRegistry(device.ip, device.port, device.host, device.root.pem, {
      timeoutMs: opts.timeoutMs,
      credentials: { username: device.username, password: device.password },
    });
  } catch (e) {
    if (e instanceof ProbeError) throw new SetupError(e.problem, textOf(e) ?? e.message);
    throw e;
  }
}

/**
 * The setup plan another OS would run for `device`, for review (IT staff, `--dry-run
 * --platform`): built for a typical machine of that OS, nothing staged or run.
 */
export function planSetupFor(
  device: DiscoveredDevice,
  platform: NodeJS.Platform,
  engine?: EngineKind,
): BuiltPlan {
  const facts = typicalFacts(platform, engine);
  const built = buildPlan(device, facts, exampleStagingDir(platform, 'setup'));
  const note = text('plan.note.otherPlatform', { platform, here: process.platform, engine: facts.engine });
  built.plan.noteTexts = [...(built.plan.noteTexts ?? []), note];
  built.plan.notes = [...(built.plan.notes ?? []), say('en', note)];
  return built;
}

function buildPlan(device: DiscoveredDevice, facts: SystemFacts, staging: string): BuiltPlan {
  const previousApplied =
    device.previous?.applied.trustedThumbprint && device.previous.caThumbprint !== device.root.thumbprint
      ? device.previous.applied
      : undefined;
  return buildSetupPlan(
    {
      host: device.host,
      port: device.port,
      ip: device.ip,
      caPem: device.root.pem,
      caThumbprint: device.root.thumbprint,
    },
    facts,
    staging,
    previousApplied?.trustedThumbprint,
    previousApplied?.trustedCaPem,
  );
}

/** Builds the setup plan for `device` on this machine and stages its files in a new temp folder. */
export function planSetup(device: DiscoveredDevice, facts: SystemFacts = gatherFacts()): BuiltPlan {
  const staging = mkdtempSync(join(tmpdir(), 'edge-registry-setup-'));
  const built = buildPlan(device, facts, staging);
  stagePlanFiles(built);
  return built;
}

/** Removes a plan's staging folder. */
export function discardPlan(built: BuiltPlan): void {
  rmSync(built.plan.stagingDir, { recursive: true, force: true });
}

export interface SetupOutcome {
  results: StepResult[];
  ok: boolean;
  /** Whether the name now resolves to the device's IP. */
  resolves: boolean;
  warnings: Text[];
  /**
   * Why Docker cannot use the setup yet (not running, not installed), when nothing was
   * restarted and one look found no engine. The system changes are made all the same.
   */
  dockerProblem?: Text;
  /** Whether the Docker engine itself trusts the registry now (absent when Docker is not running). */
  engineTrust?: EngineTrust;
}

/** Resolves `host` and tells whether one of its addresses is `ip`. */
export async function resolvesTo(host: string, ip: string): Promise<boolean> {
  try {
    const addrs = await lookup(host, { all: true });
    return addrs.some((a) => a.address === ip);
  } catch {
    return false;
  }
}

/** Runs the setup plan, verifies the name resolves, waits for Docker if restarted, remembers the device. */
/**
 * Keeps the hosts file as it was before a plan changes it, as `hosts.backup` in the app's data
 * folder (the last change's; the staging folder with the plan's own snapshot is discarded).
 * Nothing is written when the plan leaves the hosts file as it is. Returns the backup's path.
 */
export async function backupHosts(
  built: Pick<BuiltPlan, 'staged'>,
  dataDir = appDataDir(),
): Promise<string | undefined> {
  const before = built.staged.find((f) => /hosts\.before$/.test(f.path));
  const after = built.staged.find((f) => /(^|[\\/])hosts$/.test(f.path));
  if (!before || !after || before.bytes.equals(after.bytes)) return undefined;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'hosts.backup');
  await writeFileReplacing(path, before.bytes, { mode: 0o600 });
  return path;
}

export async function executeSetup(
  device: DiscoveredDevice,
  built: BuiltPlan,
  opts: RunPlanOptions & { dataDir?: string; onProgress?: (t: Text) => void; engineTimeoutMs?: number } = {},
): Promise<SetupOutcome> {
  const warnings = [...device.warnings];
  // The engine from before a restart, so that the wait afterwards does not take it for the new one.
  const oldEngine = built.plan.steps.some((s) => s.id === 'restart-docker') ? await watchEngine() : undefined;
  try {
    await backupHosts(built, opts.dataDir);
    const results = await runPlan(built.plan, opts);
    const ok = results.every((r) => r.status === 'done' || r.status === 'skipped');
    const ran = results.filter((r) => r.status === 'done').map((r) => r.id);
    const target = {
      host: device.host,
      port: device.port,
      ip: device.ip,
      caPem: device.root.pem,
      caThumbprint: device.root.thumbprint,
    };
    const fresh = changesOf(built, ran, target);
    const before = device.previous?.applied;
    // Setup may run again (a new IP, a renewed CA): keep what earlier runs added too.
    const applied = before
      ? {
          steps: [...new Set([...before.steps, ...fresh.steps])],
          createdDirs: [...new Set([...before.createdDirs, ...fresh.createdDirs])],
          createdFiles: [...new Set([...before.createdFiles, ...fresh.createdFiles])],
          ...(fresh.trustedThumbprint
            ? { trustedThumbprint: fresh.trustedThumbprint, trustedCaPem: fresh.trustedCaPem }
            : before.trustedThumbprint
              ? {
                  trustedThumbprint: before.trustedThumbprint,
                  ...(before.trustedCaPem ? { trustedCaPem: before.trustedCaPem } : {}),
                }
              : {}),
        }
      : fresh;
    if (ran.length > 0 || ok) {
      await rememberDevice(
        {
          endpoint: `${device.host}:${device.port}`,
          host: device.host,
          port: device.port,
          ip: device.ip,
          caSha256: device.root.sha256,
          caThumbprint: device.root.thumbprint,
          caSubject: device.root.subject,
          platform: built.plan.platform,
          applied,
          setUpAt: new Date().toISOString(),
        },
        opts.dataDir,
      );
    }
    if (!ok) return { results, ok, resolves: false, warnings };
    const resolves = await resolvesTo(device.host, device.ip);
    if (!resolves) {
      warnings.push(text('warn.setup.notResolving', { host: device.host, ip: device.ip }));
    }
    let docker: Docker | undefined;
    if (results.some((r) => r.id === 'restart-docker' && r.status === 'done')) {
      await waitForEngine({
        timeoutMs: opts.engineTimeoutMs ?? 180_000,
        onProgress: opts.onProgress,
        ...(oldEngine ? { oldEngine } : {}),
      });
      docker = await connectDocker();
    } else {
      try {
        // One look: Docker should already be running, nothing was restarted.
        docker = await connectDocker();
      } catch (e) {
        const dockerProblem = textOf(e) ?? (e as Error).message;
        return {
          results,
          ok,
          resolves,
          warnings,
          dockerProblem: text('warn.setup.dockerNotReady', { reason: dockerProblem }),
        };
      }
    }
    // The OS trusting the CA is not the goal: the engine that will push must trust it.
    const engineTrust = docker
      ? await checkEngineTrust(docker, `${device.host}:${device.port}`, {
          ...(device.username && device.password
            ? { credentials: { username: device.username, password: device.password } }
            : {}),
        })
      : undefined;
    return { results, ok, resolves, warnings, ...(engineTrust ? { engineTrust } : {}) };
  } finally {
    oldEngine?.close();
    discardPlan(built);
  }
}

/** Builds the forget plan for a remembered endpoint (`host:port`) and stages its files. */
export function planForget(
  endpoint: string,
  opts: { dataDir?: string; facts?: SystemFacts } = {},
): { built: BuiltPlan; record?: DeviceRecord } {
  const parsed = endpointFrom(endpoint);
  const record = findDevice(`${parsed.host}:${parsed.port}`, opts.dataDir);
  const target = record ?? parsed;
  const applied = record?.applied ?? { steps: [], createdDirs: [], createdFiles: [] };
  const staging = mkdtempSync(join(tmpdir(), 'edge-registry-forget-'));
  const built = buildForgetPlan(target, applied, opts.facts ?? gatherFacts(), staging);
  stagePlanFiles(built);
  return { built, ...(record ? { record } : {}) };
}

/** Runs the forget plan; drops the device record when every step succeeded. */
export async function executeForget(
  endpoint: string,
  built: BuiltPlan,
  opts: RunPlanOptions & { dataDir?: string } = {},
): Promise<{ results: StepResult[]; ok: boolean }> {
  try {
    await backupHosts(built, opts.dataDir);
    const results = await runPlan(built.plan, opts);
    const ok = results.every((r) => r.status === 'done' || r.status === 'skipped');
    if (ok) await forgetDevice(endpoint, opts.dataDir);
    return { results, ok };
  } finally {
    discardPlan(built);
  }
}

export { previewPlan };
