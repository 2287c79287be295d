// `edge-registry push IMAGE|FILE.tar --to ENDPOINT/REPO:TAG`: a local Docker image (tagged
// and pushed through the engine), or an image tarball pushed straight to the registry
// without Docker. Progress bars on a terminal, JSON lines with --json.
import { statSync } from 'node:fs';
import { CliError, ExitCode, caOption, type Command, type CommandIO } from './command.js';
import { RegistryError, parseImageRef, pushTarball, type PushProgress } from '../registry-client/index.js';
import { DockerError, connectDocker, pushImage, tagImage, registryAccess } from '../docker/index.js';
import { formatBytes } from '../registry-server/sizes.js';
import { pushToFleet } from './push-fleet.js';

/** Maps our error types to a CliError with the exit code scripts rely on. */
export function toCliError(e: unknown): unknown {
  if (e instanceof RegistryError) {
    const code: Record<string, number> = {
      UNAUTHORIZED: ExitCode.noPermission,
      DENIED: ExitCode.noPermission,
      UNREACHABLE: ExitCode.unavailable,
      TLS: ExitCode.unavailable,
      INVALID_ARCHIVE: ExitCode.dataError,
      CANCELLED: ExitCode.interrupted,
    };
    return new CliError(e.message, code[e.code] ?? ExitCode.failed);
  }
  if (e instanceof DockerError) {
    const code: Record<string, number> = {
      NOT_INSTALLED: ExitCode.unavailable,
      NOT_RUNNING: ExitCode.unavailable,
      NO_PERMISSION: ExitCode.noPermission,
      IMAGE_NOT_FOUND: ExitCode.dataError,
      LOAD_FAILED: ExitCode.dataError,
      CANCELLED: ExitCode.interrupted,
    };
    return new CliError(e.message, code[e.code] ?? ExitCode.failed);
  }
  return e;
}

/** Writes one JSON line on stdout (the --json format of every command). */
export function jsonLine(io: CommandIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}

/** Parses ENDPOINT/REPO:TAG or fails with a usage error. */
export function refArg(text: string | undefined, what: string) {
  if (!text) throw new CliError(`${what} is missing: write it as ENDPOINT/REPO:TAG.`, ExitCode.usage);
  try {
    return parseImageRef(text);
  } catch (e) {
    throw new CliError((e as Error).message, ExitCode.usage);
  }
}

/** Progress as bars redrawn in place (TTY), one line per state change (pipe), or JSON lines. */
export function progressPrinter(
  io: CommandIO,
  json: boolean,
): { onProgress: (p: PushProgress) => void; finish: () => void } {
  if (json) {
    return {
      onProgress: (p) =>
        jsonLine(io, {
          event: 'progress',
          layer: p.layer.id,
          digest: p.layer.digest,
          state: p.layer.state,
          done: p.layer.done,
          total: p.layer.total,
          overallDone: p.done,
          overallTotal: p.total,
        }),
      finish: () => {},
    };
  }
  const err = io.stderr;
  if (!err.isTTY) {
    const last = new Map<string, string>();
    return {
      onProgress: (p) => {
        if (last.get(p.layer.id) === p.layer.state) return;
        last.set(p.layer.id, p.layer.state);
        err.write(`${p.layer.id}: ${p.layer.state}\n`);
      },
      finish: () => {},
    };
  }
  let drawn = 0;
  let latest: PushProgress | undefined;
  const draw = () => {
    if (!latest) return;
    const width = 30;
    const lines = latest.layers.map((l) => {
      const frac =
        l.total > 0
          ? Math.min(1, l.done / l.total)
          : l.state === 'pushed' || l.state === 'exists' || l.state === 'mounted'
            ? 1
            : 0;
      const bar = '='.repeat(Math.round(frac * width)).padEnd(width);
      return `${l.id}: ${l.state.padEnd(8)} [${bar}] ${formatBytes(l.done)}/${formatBytes(l.total)}`;
    });
    const frac = latest.total > 0 ? latest.done / latest.total : 0;
    lines.push(
      `total:        ${(frac * 100).toFixed(0).padStart(3)}%      ${formatBytes(latest.done)}/${formatBytes(latest.total)}`,
    );
    err.write((drawn ? `\x1b[${drawn}A` : '') + lines.map((l) => `\x1b[2K${l}`).join('\n') + '\n');
    drawn = lines.length;
  };
  return {
    onProgress: (p) => {
      latest = p;
      draw();
    },
    finish: draw,
  };
}

/**
 * Whether `source` is an archive to push (else a local image's name). A path that names no
 * file is an error, not an image name to hand to Docker: `push ./app.tar` with a typo must
 * say the file is missing, not that Docker is not running.
 */
function isArchive(source: string): boolean {
  const st = statSync(source, { throwIfNoEntry: false });
  if (st?.isFile()) return true;
  if (!/\.tar$/i.test(source) && !/^(~|\.{0,2}[\\/])/.test(source) && !source.includes('\\')) return false;
  const made = '`docker save -o FILE.tar IMAGE` or `skopeo copy ... oci-archive:FILE.tar`';
  throw new CliError(
    st?.isDirectory()
      ? `${source} is a folder; push an image archive made by ${made}.`
      : `${source}: no such file. Check the path; an image archive is made by ${made}.`,
    ExitCode.noInput,
  );
}

export const pushCommand: Command = {
  name: 'push',
  summary: 'Push a local image or an image tarball to a registry',
  usage: `Usage: edge-registry push IMAGE|FILE.tar --to ENDPOINT/REPO:TAG [--to ENDPOINT2/REPO:TAG ...] [options]

IMAGE is a local Docker image (tagged ENDPOINT/REPO:TAG and pushed through Docker).
FILE.tar is a \`docker save\` archive or an OCI archive: it is pushed straight to the
registry without Docker (layers in parallel, existing layers skipped, resumable).
Credentials come from \`edge-registry login\` (or docker login).
With several --to (devices set up on this computer), the image goes to each at once: each
device has its own progress and a summary line; one failing does not stop the others.

Options:
  --to ENDPOINT/REPO:TAG   where to push (required; repeat it to push to several devices)
  --ca FILE                trust this CA certificate (default: the CA setup installed for Docker)
  --mount-from REPO        a repository on the same registry that may hold shared layers (tarballs)
  --image NAME             which image of a tarball that holds several (its RepoTag or ref name)
  --json                   JSON lines on stdout: progress events, then {"event":"pushed",...}

Exit codes: 0 pushed (everywhere), 1 failed (with several --to: on at least one), 64 usage, 65 bad image/file, 66 file (or --ca) missing,
69 registry or Docker unavailable, 77 credentials or quota refused, 130 interrupted.
`,
  options: {
    to: { type: 'string', multiple: true },
    ca: { type: 'string' },
    'mount-from': { type: 'string', multiple: true },
    image: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run(values, positionals, io) {
    const source = positionals[0];
    if (!source || positionals.length > 1)
      throw new CliError(
        'push takes one IMAGE or FILE.tar; see `edge-registry push --help`.',
        ExitCode.usage,
      );
    const tos = ((values.to as string[] | undefined) ?? []).map((t) => refArg(t, '--to'));
    if (tos.length === 0) refArg(undefined, '--to');
    const json = values.json === true;
    const isFile = isArchive(source);
    if (tos.length > 1) {
      if (values['mount-from'])
        throw new CliError(
          '--mount-from works with one --to only: push to each device alone.',
          ExitCode.usage,
        );
      return pushToFleet(
        source,
        isFile,
        tos,
        { json, caPem: caOption(values), image: values.image as string | undefined },
        io,
      );
    }
    const to = tos[0]!;
    const printer = progressPrinter(io, json);
    const target = `${to.registry}/${to.repository}:${to.tag}`;
    try {
      const { credentials, ca } = await registryAccess(to.registry, {
        caPem: caOption(values),
      });
      let result: { digest: string; size?: number; pushed?: number; skipped?: number };
      if (isFile) {
        const r = await pushTarball({
          file: source,
          to: { endpoint: to.registry, repository: to.repository, tag: to.tag ?? 'latest' },
          credentials: credentials ?? undefined,
          ca,
          onProgress: printer.onProgress,
          signal: io.signal,
          mountFrom: values['mount-from'] as string[] | undefined,
          image: values.image as string | undefined,
        });
        result = {
          digest: r.digest,
          size: r.size,
          pushed: r.blobs.filter((b) => b.outcome === 'pushed').length,
          skipped: r.blobs.filter((b) => b.outcome !== 'pushed').length,
        };
      } else {
        const docker = await connectDocker();
        if (source !== target) await tagImage(docker, source, target);
        const r = await pushImage(docker, target, {
          credentials,
          onProgress: printer.onProgress,
          signal: io.signal,
        });
        result = { digest: r.digest };
      }
      printer.finish();
      if (json) jsonLine(io, { event: 'pushed', ref: target, ...result });
      else io.stdout.write(`Pushed ${target}\ndigest: ${result.digest}\n`);
      return ExitCode.ok;
    } catch (e) {
      printer.finish();
      throw toCliError(e);
    }
  },
};
