// `edge-registry demo`: runs the embedded registry as the offline demo device and prints its
// information the way the device's Get-HcsKubernetesContainerRegistryInfo does.
import { isIP } from 'node:net';
import { CliError, ExitCode, defineCommand, parsePort, type CommandIO } from './command.js';
import { demoRegistryDir } from '../app-paths.js';
import {
  defaultRegistryIp,
  defaultRegistryName,
  defaultRegistryPort,
  startRegistry,
} from '../registry-server/index.js';
import { DataDirBusyError } from '../registry-server/lock.js';
import { formatBytes, parseSize } from '../../shared/bytes.js';
import { nextRunDelay, type GcSchedule } from '../registry-server/schedule.js';
import type { RegistryInfo } from '../../shared/api.js';
import { hostNameProblem } from '../../shared/endpoint.js';

/** The device's table: Endpoint, IPAddress, Username, Password (columns sized to the values). */
export function registryInfoTable(info: RegistryInfo): string {
  const cols: [string, string][] = [
    ['Endpoint', info.endpoint],
    ['IPAddress', info.ipAddress],
    ['Username', info.username],
    ['Password', info.password],
  ];
  const widths = cols.map(([h, v]) => Math.max(h.length, v.length));
  const row = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' ')
      .trimEnd();
  return [
    row(cols.map(([h]) => h)),
    row(cols.map(([h]) => '-'.repeat(h.length))),
    row(cols.map(([, v]) => v)),
    '',
    `CA certificate:      ${info.caCertPath}`,
    `CA SHA-256:          ${info.caFingerprint}`,
    '',
  ].join('\n');
}

function parseName(text: string | undefined): string | undefined {
  // The name goes in the certificate's SAN, the CA's name constraints and a hosts file.
  const problem = text === undefined ? undefined : hostNameProblem(text);
  if (problem) {
    throw new CliError(
      `invalid --name '${text}': use a host name without port, e.g. ${defaultRegistryName} (${problem})`,
      ExitCode.usage,
    );
  }
  return text;
}

function parseIp(text: string | undefined): string | undefined {
  if (text !== undefined && isIP(text) === 0) {
    throw new CliError(
      `invalid --ip '${text}': use an IPv4 or IPv6 address, e.g. ${defaultRegistryIp}`,
      ExitCode.usage,
    );
  }
  return text;
}

export const demo = defineCommand({
  name: 'demo',
  summary: 'Run the embedded registry as an offline demo device',
  usage: ['[options]'],
  description: `Starts the embedded OCI registry (TLS, Basic auth) and prints its information like the
device's Get-HcsKubernetesContainerRegistryInfo: Endpoint, IPAddress, Username, Password,
plus the CA certificate to trust and its SHA-256 fingerprint. Runs until Ctrl+C (SIGINT)
or SIGTERM. The same data folder keeps the same credentials and certificates.`,
  options: {
    name: {
      type: 'string',
      value: 'NAME',
      description: 'endpoint host name, in the certificate',
      default: defaultRegistryName,
    },
    ip: {
      type: 'string',
      value: 'IP',
      description: 'the IP address the name maps to, in the certificate',
      default: defaultRegistryIp,
    },
    port: {
      type: 'string',
      value: 'PORT',
      description: 'port to listen on; 0 picks a free one',
      default: String(defaultRegistryPort),
    },
    data: { type: 'string', value: 'DIR', description: `data folder (default: ${demoRegistryDir()})` },
    quota: {
      type: 'string',
      value: 'SIZE|none',
      description:
        'storage quota, e.g. 10GiB or 500MB (default: the saved one; none at first). Quota or not, the registry leaves 5% of its disk, at most 1 GiB, free, and 1% of its inodes',
    },
    'gc-at': {
      type: 'string',
      value: 'HH:MM|off',
      description:
        'when garbage collection runs by itself every night, local time (default: the saved time; 03:00 at first); a night missed while the registry was not running is made up when it starts; `edge-registry gc` runs it on demand',
    },
    save: {
      type: 'boolean',
      description:
        "keep --quota and --gc-at for the next start (the app's storage settings are the same ones); without it they hold for this run only",
    },
    'insecure-http': {
      type: 'boolean',
      description: 'serve plain HTTP instead of TLS (clients must allow an insecure registry)',
    },
    json: {
      type: 'boolean',
      description:
        'print one JSON object as the first stdout line: {"endpoint","ipAddress","username","password","caCertPath","caFingerprint"}',
    },
  },
  async run(values, _positionals, io: CommandIO) {
    const port = parsePort(values.port, '--port', defaultRegistryPort, true);
    const name = parseName(values.name);
    const ip = parseIp(values.ip);
    let quotaBytes: number | null | undefined;
    if (values.quota !== undefined) {
      quotaBytes = values.quota === 'none' ? null : parseSize(values.quota);
      if (quotaBytes === undefined) {
        throw new CliError(
          `invalid --quota '${values.quota}': use a size like 10GiB or 500MB, or none`,
          ExitCode.usage,
        );
      }
    }
    const dataDir = values.data ?? demoRegistryDir();
    const gcAt = values['gc-at'];
    let gcSchedule: GcSchedule | undefined;
    if (gcAt !== undefined) {
      gcSchedule = gcAt === 'off' ? false : { dailyAt: gcAt };
      try {
        nextRunDelay(gcSchedule);
      } catch (e) {
        throw new CliError(`invalid --gc-at: ${(e as Error).message}`, ExitCode.usage);
      }
    }
    const plainHttp = values['insecure-http'];
    let reg;
    try {
      reg = await startRegistry({
        dataDir,
        name,
        ip,
        port,
        plainHttp,
        quotaBytes,
        gcSchedule,
        log: (line) => io.stderr.write(`${line}\n`),
      });
    } catch (e) {
      if (e instanceof DataDirBusyError) throw new CliError(e.message, ExitCode.unavailable);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new CliError(
          `port ${port} is already in use; stop what uses it or pass another --port`,
          ExitCode.unavailable,
        );
      }
      if (code === 'EADDRNOTAVAIL') {
        throw new CliError(
          `cannot listen on ${ip}: it is not an address of this machine; pass --ip with one that is`,
          ExitCode.unavailable,
        );
      }
      throw e;
    }
    if (values.save) await reg.configure(await reg.settings());
    if (values.json) {
      const i = reg.info;
      io.stdout.write(
        JSON.stringify({
          endpoint: i.endpoint,
          ipAddress: i.ipAddress,
          username: i.username,
          password: i.password,
          caCertPath: i.caCertPath,
          caFingerprint: i.caFingerprint,
        }) + '\n',
      );
    } else {
      io.stdout.write(registryInfoTable(reg.info));
      const { quotaBytes: quota, gcSchedule: schedule } = await reg.settings();
      io.stdout.write(`Storage quota:       ${quota === null ? 'none' : formatBytes(quota)}\n`);
      const { usedBytes: used, availableBytes: room, blockedBy } = await reg.usage();
      const fits =
        blockedBy === 'inodes'
          ? ' (nothing more fits: its disk is out of inodes)'
          : room === null
            ? ''
            : ` (${formatBytes(room)} more fits)`;
      io.stdout.write(`Storage in use:      ${formatBytes(used)}${fits}\n`);
      io.stdout.write(
        `Garbage collection:  ${schedule === false ? 'on demand only' : 'dailyAt' in schedule ? `nightly at ${schedule.dailyAt}` : `every ${schedule.everyMs} ms`}\n`,
      );
      if (plainHttp) io.stdout.write('Serving plain HTTP (--insecure-http): no TLS.\n');
      io.stdout.write(`Serving ${reg.url} from ${dataDir}. Press Ctrl+C to stop.\n`);
    }
    if (!io.signal.aborted) {
      await new Promise<void>((resolve) =>
        io.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
    await reg.close();
    if (values.json) io.stdout.write(JSON.stringify({ event: 'stopped' }) + '\n');
    else io.stdout.write('Registry stopped.\n');
    return ExitCode.ok;
  },
});
