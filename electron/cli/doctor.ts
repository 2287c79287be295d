// `edge-registry doctor [ENDPOINT] [--json]`: checks a device (or every device set up on this
// computer) from name resolution to Docker's trust, each check with a verdict and the one fix.
import {
  CliError,
  ExitCode,
  caOption,
  caOptionDecl,
  defineCommand,
  jsonLine,
  type CommandIO,
  type OptionValues,
} from './command.js';
import { findingLines, runDoctor, type DoctorTarget } from '../device/doctor.js';
import { findDevice, loadDevices } from '../device/device-state.js';
import { getCredentials } from '../docker/credentials.js';
import { trustedCas } from '../registry-client/index.js';
import { parseEndpoint } from '../../shared/endpoint.js';
import { say } from '../../shared/i18n/index.js';
import { isIP } from 'node:net';

/** What this computer knows of `endpoint`: its setup record, the CAs Docker reads, the stored login. */
async function targetFor(endpoint: string, values: DoctorValues): Promise<DoctorTarget> {
  let ep;
  try {
    ep = parseEndpoint(endpoint, 'ENDPOINT');
  } catch (e) {
    throw new CliError((e as Error).message, ExitCode.usage);
  }
  const key = `${ep.host}:${ep.port}`;
  const record = findDevice(key);
  const ip = values.ip ?? record?.ip;
  if (ip !== undefined && !isIP(ip))
    throw new CliError(
      `--ip ${ip} is not an IP address: give the device's address (e.g. 10.128.44.40).`,
      ExitCode.usage,
    );
  let credentials;
  try {
    credentials = (await getCredentials(key)) ?? undefined;
  } catch {
    // An unreadable Docker config or a broken helper: the login check then says none is stored.
    credentials = undefined;
  }
  return {
    host: ep.host,
    port: ep.port,
    ...(ip ? { ip } : {}),
    ...(record ? { pinnedSha256: record.caSha256 } : {}),
    caPems: trustedCas(key, caOption(values)),
    ...(credentials ? { credentials } : {}),
  };
}

async function diagnose(target: DoctorTarget, values: DoctorValues, io: CommandIO): Promise<boolean> {
  const json = values.json;
  const endpoint = `${target.host}:${target.port}`;
  const seconds = values.timeout === undefined ? undefined : Number(values.timeout);
  if (seconds !== undefined && !(seconds > 0 && seconds <= 600))
    throw new CliError('--timeout takes a number of seconds between 1 and 600.', ExitCode.usage);
  if (!json) io.stdout.write(`${endpoint}${target.ip ? ` (${target.ip})` : ''}\n`);
  const report = await runDoctor(target, {
    ...(seconds ? { timeoutMs: seconds * 1000 } : {}),
    onCheck: (f) => {
      if (json)
        jsonLine(io, {
          event: 'check',
          endpoint,
          id: f.id,
          verdict: f.verdict,
          message: say('en', f.text),
          ...(f.fix && f.verdict !== 'ok' ? { fix: say('en', f.fix) } : {}),
        });
      else
        io.stdout.write(
          findingLines(f)
            .map((l) => `  ${l}\n`)
            .join(''),
        );
    },
  });
  const failed = report.checks.filter((f) => f.verdict === 'fail').length;
  if (json)
    jsonLine(io, { event: 'result', endpoint, ...(report.ip ? { ip: report.ip } : {}), ok: report.ok });
  else
    io.stdout.write(
      report.ok
        ? `${endpoint}: no check failed.\n\n`
        : `${endpoint}: ${failed} check${failed === 1 ? '' : 's'} failed; do the first fix above, then run the doctor again.\n\n`,
    );
  return report.ok;
}

const options = {
  ip: { type: 'string', value: 'IP', description: "the device's address (default: the one setup recorded)" },
  ca: caOptionDecl,
  timeout: {
    type: 'string',
    value: 'SECONDS',
    description: 'how long one network step may take (default 10)',
  },
  json: {
    type: 'boolean',
    description: 'one JSON line per check, then {"event":"result","ok":...} per device',
  },
} as const;

type DoctorValues = OptionValues<typeof options>;

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'Check a device from this computer: name, port, certificates, trust, login, delete, space, Docker',
  usage: ['[ENDPOINT] [options]'],
  description: `Checks, in order, whether this computer can use the device's registry: the name resolves to
the device's address (its hosts entry is the first for the name), the port answers, the
certificates are valid now (and the clocks agree), the chain verifies to the CA pinned at
setup, the system trusts that CA, the stored login works, the registry allows deletes, how
much space it has left (where it says), and whether the Docker engine trusts it. A check
whose prerequisite failed is skipped. Each problem comes with the one thing to do.
Without ENDPOINT, every device set up on this computer is checked.`,
  options,
  positionals: true,
  footer: 'Exit status: 0 when no check failed, 1 when one did.',
  async run(values, positionals, io) {
    if (positionals.length > 1)
      throw new CliError('doctor takes at most one ENDPOINT (host:port).', ExitCode.usage);
    const endpoints = positionals.length ? positionals : loadDevices().map((d) => d.endpoint);
    if (endpoints.length === 0)
      throw new CliError(
        'no device is set up on this computer: give its ENDPOINT (host:port), or set it up first with `edge-registry setup`.',
        ExitCode.usage,
      );
    let allOk = true;
    for (const endpoint of endpoints) {
      const ok = await diagnose(await targetFor(endpoint, values), values, io);
      allOk &&= ok;
    }
    return allOk ? ExitCode.ok : ExitCode.failed;
  },
});
