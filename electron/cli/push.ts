// `edge-registry push IMAGE|FILE.tar --to ENDPOINT/REPO:TAG`: a local Docker image (tagged
// and pushed through the engine), or an image tarball pushed straight to the registry
// without Docker. Progress bars on a terminal, JSON lines with --json.
import { statSync } from 'node:fs';
import {
  CliError,
  ExitCode,
  caOption,
  caOptionDecl,
  defineCommand,
  jsonLine,
  type CommandIO,
} from './command.js';
import { parseImageRef, pushTarball, type PushProgress } from '../registry-client/index.js';
import { connectDocker, pushImage, tagImage, registryAccess } from '../docker/index.js';
import { formatBytes } from '../../shared/bytes.js';

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

export const pushCommand = defineCommand({
  name: 'push',
  summary: 'Push a local image or an image tarball to a registry',
  usage: ['IMAGE|FILE.tar --to ENDPOINT/REPO:TAG [options]'],
  description: `IMAGE is a local Docker image (tagged ENDPOINT/REPO:TAG and pushed through Docker).
FILE.tar is a \`docker save\` archive or an OCI archive: it is pushed straight to the
registry without Docker (layers in parallel, existing layers skipped, resumable).
Credentials come from \`edge-registry login\` (or docker login).`,
  options: {
    to: { type: 'string', value: 'ENDPOINT/REPO:TAG', description: 'where to push (required)' },
    ca: caOptionDecl,
    'mount-from': {
      type: 'string',
      value: 'REPO',
      multiple: true,
      description: 'a repository on the same registry that may hold shared layers (tarballs)',
    },
    image: {
      type: 'string',
      value: 'NAME',
      description: 'which image of a tarball that holds several (its RepoTag or ref name)',
    },
    json: {
      type: 'boolean',
      description: 'JSON lines on stdout: progress events, then {"event":"pushed",...}',
    },
  },
  footer: `Exit codes: 0 pushed, 1 failed, 64 usage, 65 bad image/file, 66 file (or --ca) missing,
69 registry or Docker unavailable, 77 credentials or quota refused, 130 interrupted.`,
  positionals: true,
  async run(values, positionals, io) {
    const source = positionals[0];
    if (!source || positionals.length > 1)
      throw new CliError(
        'push takes one IMAGE or FILE.tar; see `edge-registry push --help`.',
        ExitCode.usage,
      );
    const to = refArg(values.to, '--to');
    const json = values.json;
    const printer = progressPrinter(io, json);
    const target = `${to.registry}/${to.repository}:${to.tag}`;
    const isFile = isArchive(source);
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
          mountFrom: values['mount-from'],
          image: values.image,
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
      throw e;
    }
  },
});
