// `edge-registry setup`: everything a client does by hand before the first `docker login`
// to an edge device's registry (hosts entry, CA trust, Docker), as one reviewed plan under
// one elevation prompt. See docs/device-setup.md.
import { isIP } from 'node:net';
import {
  CliError,
  ExitCode,
  askYes,
  defineCommand,
  jsonLine,
  parseChoice,
  parsePort,
  readInputFile,
  type CommandIO,
  planOptionDecls,
  sayer,
} from './command.js';
import { fingerprintKind, formatCert, type CertInfo } from '../device/certificates.js';
import { commandLine, describeOp, formatPlan, type Plan, type StepResult } from '../device/plan.js';
import { planScripts, type PlanScript } from '../device/run-plan.js';
import type { EngineKind } from '../device/docker-engine.js';
import { defaultUsername } from '../registry-server/auth.js';
import { parseEndpoint } from '../device/registry-info.js';
import { defaultRegistryPort } from '../../shared/endpoint.js';
import { say as inLocale } from '../../shared/i18n/index.js';
import {
  confirmTrust,
  discardPlan,
  discoverDevice,
  executeSetup,
  planSetup,
  planSetupFor,
  previewPlan,
  type DeviceSource,
} from '../device/setup-device.js';

const platforms = ['win32', 'darwin', 'linux'] as const satisfies readonly NodeJS.Platform[];
const engines = [
  'docker-desktop',
  'windows-service',
  'dockerd',
  'rootless',
  'none',
] as const satisfies readonly EngineKind[];

/** Goes on when --yes was given or the user says yes; otherwise stops, having changed nothing. */
export async function confirmApply(io: CommandIO, yes: boolean): Promise<void> {
  if (yes || (await askYes(io, '\nApply this plan (one administrator prompt)?'))) return;
  throw new CliError(
    io.stdin.isTTY
      ? 'nothing was changed.'
      : 'nothing was changed: review the plan above, then run again with --yes.',
    ExitCode.usage,
  );
}

/** The plan as JSON data, with each step's status now. */
export function planJson(plan: Plan, statuses: StepResult[], scripts?: PlanScript[]) {
  return {
    event: 'plan',
    kind: plan.kind,
    endpoint: plan.endpoint,
    platform: plan.platform,
    notes: plan.notes ?? [],
    steps: plan.steps.map((s) => ({
      id: s.id,
      title: s.title,
      reason: s.reason,
      privileged: s.privileged,
      writes: s.writes,
      commands: s.ops.map((op) => describeOp(op, plan.platform)),
      /** The same commands as lines that run as shown (PowerShell on Windows, sh elsewhere). */
      commandLines: s.ops.map((op) => commandLine(op, plan.platform)),
      status: statuses.find((r) => r.id === s.id)?.status,
    })),
    scripts: scripts ?? [],
  };
}

function certJson(c: CertInfo) {
  return {
    subject: c.subject,
    issuer: c.issuer,
    san: c.san,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    sha256: c.sha256,
    thumbprint: c.thumbprint,
    isCA: c.isCA,
  };
}

/**
 * The `docker login` to run next. Docker refuses --password-stdin without --username, so the
 * user name is always there: the device info's, or the device's own user when setup went by IP.
 */
export function dockerLoginHint(endpoint: string, username: string | undefined): string {
  return `docker login ${endpoint} --username ${username ?? defaultUsername} --password-stdin`;
}

/**
 * Shows the plan: a JSON line with --json; else as text, on stdout for a dry run (the plan is
 * then the command's output, for `| less`) and on stderr before a prompt to apply it.
 */
export function showPlan(
  io: CommandIO,
  how: { json: boolean; dryRun: boolean },
  plan: Plan,
  statuses: StepResult[],
  scripts: PlanScript[],
): void {
  if (how.json) return jsonLine(io, planJson(plan, statuses, scripts));
  const out = how.dryRun ? io.stdout : io.stderr;
  out.write(`\nPlan (${plan.platform}):\n${formatPlan(plan, statuses).trimEnd()}\n`);
  // Only a plan for another OS lists its scripts: this computer's run as the plan above.
  if (plan.platform !== process.platform && scripts.length)
    out.write(`Scripts: ${scripts.map((x) => x.name).join(', ')} (their text: --json).\n`);
  if (how.dryRun) io.stderr.write('\nDry run: nothing was changed.\n');
}

/** Prints step results and returns the exit code for them. */
export function reportResults(io: CommandIO, json: boolean, results: StepResult[]): number {
  const failed = results.find((r) => r.status === 'failed');
  if (!json) {
    for (const r of results) {
      io.stderr.write(
        `  ${r.status.padEnd(8)} ${r.title}${r.message && r.status !== 'skipped' ? `\n           ${r.message}` : ''}\n`,
      );
    }
  }
  if (!failed) return ExitCode.ok;
  return failed.messageText?.key === 'plan.elevation.declined' ? ExitCode.noPermission : ExitCode.failed;
}

/**
 * Pasted device info, or the JSON line `edge-registry demo --json` prints (then the demo
 * device's CA file and fingerprint are used, as the app does for its own demo device).
 */
function infoSource(text: string): DeviceSource {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const j = JSON.parse(trimmed.split('\n')[0]!) as Record<string, unknown>;
      const { endpoint, ipAddress, caCertPath, caFingerprint } = j;
      if ([endpoint, ipAddress, caCertPath, caFingerprint].every((v) => typeof v === 'string')) {
        return {
          kind: 'demo',
          endpoint: endpoint as string,
          ipAddress: ipAddress as string,
          caCertPath: caCertPath as string,
          caFingerprint: caFingerprint as string,
        };
      }
    } catch {
      // not JSON: read it as the device's table below
    }
  }
  return { kind: 'info', text };
}

/** The options that say where the device is. */
interface SourceOptions {
  'info-file'?: string | undefined;
  ip?: string | undefined;
  endpoint?: string | undefined;
  port?: string | undefined;
}

function sourceFrom(values: SourceOptions, io: CommandIO): Promise<DeviceSource> | DeviceSource {
  const { 'info-file': infoFile, ip, endpoint, port: portText } = values;
  const given = [infoFile, ip && !endpoint ? ip : undefined, endpoint].filter(Boolean).length;
  if (given !== 1) {
    throw new CliError(
      'give exactly one of --info-file FILE, --ip IP [--port N], or --endpoint HOST:PORT --ip IP. Run `edge-registry setup --help`.',
      ExitCode.usage,
    );
  }
  if (ip !== undefined && !isIP(ip)) throw new CliError(`--ip ${ip} is not an IP address.`, ExitCode.usage);
  const port = parsePort(portText, '--port', defaultRegistryPort);
  if (infoFile) {
    if (infoFile === '-') {
      return new Promise((resolve, reject) => {
        let text = '';
        io.stdin.on('data', (d: Buffer) => (text += d.toString()));
        io.stdin.once('end', () => resolve(infoSource(text)));
        io.stdin.once('error', reject);
      });
    }
    return infoSource(readInputFile('--info-file', infoFile).toString('utf8'));
  }
  if (endpoint) {
    const ep = parseEndpoint(endpoint);
    if (!ep)
      throw new CliError(
        `--endpoint ${endpoint} is not HOST:PORT (e.g. ecr.dbe-x.local:31001).`,
        ExitCode.usage,
      );
    if (!ip)
      throw new CliError(
        "--endpoint needs --ip (the device's address; the name is not in DNS yet).",
        ExitCode.usage,
      );
    return { kind: 'endpoint', host: ep.host, port: ep.port, ip };
  }
  return { kind: 'ip', ip: ip!, port };
}

export const setupCommand = defineCommand({
  name: 'setup',
  summary: "Set up this computer for a device's registry: hosts entry, CA trust, Docker (one admin prompt)",
  usage: [
    '(--info-file FILE | --ip IP [--port N] | --endpoint HOST:PORT --ip IP)\n' +
      '                          [--ca FILE | --fingerprint HASH] [--yes] [--json]\n' +
      '                          [--dry-run [--platform OS [--engine KIND]]]',
  ],
  description: `Finds the device's registry, shows its CA certificate, and makes Docker on this computer
trust it by name: a hosts entry, the OS trust store, Docker's certs.d, a Docker Desktop
restart where needed. All changes are shown as a plan first and run under one
administrator prompt; steps already done are skipped. Undo with \`edge-registry forget\`.`,
  options: {
    'info-file': {
      type: 'string',
      value: 'FILE',
      description:
        "the output of Get-HcsKubernetesContainerRegistryInfo, as pasted ('-': stdin), or the JSON line of `edge-registry demo --json` (the demo device)",
    },
    ip: {
      type: 'string',
      value: 'IP',
      description: "the device's IP; with no --endpoint the name is read from its certificate",
    },
    port: { type: 'string', value: 'N', description: `the registry's port (default ${defaultRegistryPort})` },
    endpoint: {
      type: 'string',
      value: 'HOST:PORT',
      description: 'the registry endpoint name and port (with --ip)',
    },
    ca: {
      type: 'string',
      value: 'FILE',
      description: "the device's CA certificate (PEM, DER, .cer, bundle) instead of the one it sends",
    },
    fingerprint: {
      type: 'string',
      value: 'HASH',
      description:
        "the CA's SHA-256 fingerprint as the device shows it, or its SHA-1 thumbprint as Windows shows it (40 hex digits): confirms a CA read over the network without asking",
    },
    'dry-run': { type: 'boolean', description: 'print the plan and change nothing' },
    platform: {
      type: 'string',
      value: 'OS',
      description:
        "with --dry-run: the plan another OS would run (win32, darwin, linux), for review before it runs there; --json includes each script's exact text",
    },
    engine: {
      type: 'string',
      value: 'KIND',
      description:
        'with --platform: the Docker engine there: docker-desktop (default on win32 and darwin), windows-service, dockerd (default on linux), rootless, none',
    },
    ...planOptionDecls,
  },
  async run(values, _positionals, io) {
    const json = values.json;
    const say = sayer(io, json);
    // Checked before the device is contacted: a typo should not cost a network round trip.
    const fingerprint = values.fingerprint;
    if (fingerprint !== undefined && !fingerprintKind(fingerprint)) {
      throw new CliError(
        `--fingerprint ${fingerprint} is neither a SHA-256 fingerprint (64 hex digits) nor a SHA-1 thumbprint as Windows shows it (40 hex digits); colons or spaces between them are fine. Copy it from the device (or from \`edge-registry demo\`).`,
        ExitCode.usage,
      );
    }
    const platform =
      values.platform === undefined ? undefined : parseChoice(values.platform, '--platform', platforms);
    if (platform !== undefined && !values['dry-run']) {
      throw new CliError(
        '--platform shows the plan another OS would run: use it with --dry-run (setup changes only this computer).',
        ExitCode.usage,
      );
    }
    if (values.engine !== undefined && platform === undefined)
      throw new CliError(
        '--engine goes with --platform (on this computer the engine is detected).',
        ExitCode.usage,
      );
    const engine = values.engine === undefined ? undefined : parseChoice(values.engine, '--engine', engines);
    const source = await sourceFrom(values, io);
    const caPath = values.ca;
    const caFile = caPath ? { bytes: readInputFile('--ca', caPath), name: caPath } : undefined;
    say('Looking for the registry...');
    const device = await discoverDevice(source, caFile ? { caFile } : {});
    const endpoint = `${device.host}:${device.port}`;
    if (json) {
      jsonLine(io, {
        event: 'device',
        endpoint,
        ipAddress: device.ip,
        caFrom: device.rootFrom,
        certificate: certJson(device.root),
      });
      for (const w of device.warnings) jsonLine(io, { event: 'warning', message: inLocale('en', w) });
    } else {
      say(`Registry ${endpoint} at ${device.ip} answers like a registry.`);
      say(
        `CA certificate to trust (${device.rootFrom === 'network' ? 'sent by the device' : device.rootFrom === 'file' ? 'from ' + caPath : 'the demo device'}):`,
      );
      say(formatCert(device.root).replace(/^/gm, '  '));
      for (const w of device.warnings) say(`Warning: ${inLocale('en', w)}`);
    }
    if (values['dry-run'] && fingerprint === undefined && device.rootFrom === 'network') {
      // A dry run changes nothing, so it may show the plan before the CA is confirmed.
      const message = 'The CA is not confirmed yet: pass --fingerprint when you apply the plan.';
      if (json) jsonLine(io, { event: 'warning', message });
      else say(message);
    } else
      await confirmTrust(device, {
        ...(fingerprint !== undefined ? { fingerprint } : {}),
        confirm: json
          ? undefined
          : (d) => askYes(io, `Is ${d.root.sha256} the fingerprint the device shows? Trust this CA?`),
      });
    if (platform !== undefined && platform !== process.platform) {
      const review = planSetupFor(device, platform, engine);
      const pending = review.plan.steps.map((st): StepResult => ({
        id: st.id,
        title: st.title,
        status: 'pending',
      }));
      showPlan(io, { json, dryRun: true }, review.plan, pending, planScripts(review));
      return ExitCode.ok;
    }
    const built = planSetup(device);
    let applying = false;
    try {
      const preview = await previewPlan(built.plan);
      const pendingSteps = built.plan.steps.filter(
        (st) => preview.find((r) => r.id === st.id)?.status !== 'done',
      );
      const dryRun = values['dry-run'];
      showPlan(io, { json, dryRun }, built.plan, preview, planScripts(built, pendingSteps));
      if (dryRun) return ExitCode.ok;
      if (preview.every((r) => r.status === 'done')) say('\nEverything is already set up.');
      else await confirmApply(io, values.yes);
      applying = true;
      const outcome = await executeSetup(device, built, {
        onStep: (r) => (json ? jsonLine(io, { event: 'step', ...r }) : undefined),
        onProgress: (t) => say(inLocale('en', t)),
      });
      let code = reportResults(io, json, outcome.results);
      const later = outcome.warnings.filter((w) => !device.warnings.includes(w));
      for (const w of [...later, ...(outcome.dockerProblem ? [outcome.dockerProblem] : [])]) {
        if (json) jsonLine(io, { event: 'warning', message: inLocale('en', w) });
        else say(`Warning: ${inLocale('en', w)}`);
      }
      const trust = outcome.engineTrust;
      if (trust) {
        if (json) {
          jsonLine(io, {
            event: 'docker-trust',
            trusted: trust.trusted,
            ...(trust.trusted ? {} : { problem: trust.problem, detail: trust.detail }),
            message: trust.message,
          });
        } else say(trust.trusted ? trust.message : `Error: ${trust.message}`);
        // The changes are made, but their purpose (a push from Docker) is not reached.
        if (!trust.trusted && code === ExitCode.ok) code = ExitCode.failed;
      }
      if (json)
        jsonLine(io, {
          event: 'result',
          ok: outcome.ok,
          endpoint,
          ipAddress: device.ip,
          resolves: outcome.resolves,
        });
      else if (outcome.ok && outcome.dockerProblem) {
        say(
          `\n${endpoint} is set up on this computer; Docker is not. Next: start Docker, then ${dockerLoginHint(endpoint, device.username)}`,
        );
      } else if (outcome.ok && trust?.trusted !== false) {
        say(`\n${endpoint} is set up. Next: ${dockerLoginHint(endpoint, device.username)}`);
      }
      return code;
    } finally {
      if (!applying) discardPlan(built);
    }
  },
});
