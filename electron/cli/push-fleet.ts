// `edge-registry push IMAGE|FILE.tar --to DEV1/REPO:TAG --to DEV2/REPO:TAG`: one image to several
// devices at once (electron/app/fleet-push.ts). Each device has its own progress (a line each on a
// terminal, prefixed lines on a pipe, JSON lines with "to") and its own summary line; one failing
// does not stop the others, and the exit code says whether any failed.
import { CliError, ExitCode, jsonLine, type CommandIO } from './command.js';
import { fleetPush, targetRef, type FleetSource, type FleetTarget } from '../app/fleet-push.js';
import { connectDocker, registryAccess } from '../docker/index.js';
import type { ImageRef, PushProgress } from '../registry-client/index.js';
import { formatBytes } from '../../shared/bytes.js';

/** One line of progress per target, redrawn in place on a terminal, or a line per change elsewhere. */
function fleetPrinter(io: CommandIO, refs: string[], json: boolean) {
  if (json) {
    return (i: number, p: PushProgress) =>
      jsonLine(io, {
        event: 'progress',
        to: refs[i],
        layer: p.layer.id,
        state: p.layer.state,
        done: p.layer.done,
        total: p.layer.total,
        overallDone: p.done,
        overallTotal: p.total,
      });
  }
  const err = io.stderr;
  if (!err.isTTY) {
    const last = new Map<string, string>();
    return (i: number, p: PushProgress) => {
      const key = `${i} ${p.layer.id}`;
      if (last.get(key) === p.layer.state) return;
      last.set(key, p.layer.state);
      err.write(`${refs[i]}: ${p.layer.id}: ${p.layer.state}\n`);
    };
  }
  const width = Math.max(...refs.map((r) => r.length));
  const lines = refs.map((r) => `${r.padEnd(width)}  waiting`);
  let drawn = 0;
  return (i: number, p: PushProgress) => {
    const frac = p.total > 0 ? p.done / p.total : 0;
    const bar = '='.repeat(Math.round(frac * 20)).padEnd(20);
    lines[i] =
      `${refs[i]!.padEnd(width)}  [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${formatBytes(p.done)}/${formatBytes(p.total)}`;
    err.write((drawn ? `\x1b[${drawn}A` : '') + lines.map((l) => `\x1b[2K${l}`).join('\n') + '\n');
    drawn = lines.length;
  };
}

/** Pushes `source` (a local image, or an archive when `isFile`) to every `--to`; returns the exit code. */
export async function pushToFleet(
  source: string,
  isFile: boolean,
  tos: ImageRef[],
  opts: { json: boolean; caPem?: string; image?: string },
  io: CommandIO,
): Promise<number> {
  const targets: FleetTarget[] = tos.map((to) => ({
    registry: to.registry,
    repository: to.repository,
    tag: to.tag ?? 'latest',
  }));
  const refs = targets.map(targetRef);
  if (new Set(refs).size < refs.length)
    throw new CliError('the same --to is given twice: give each target once.', ExitCode.usage);
  // Each device's login and CA; a device whose login cannot be read fails alone.
  const access = await Promise.all(
    targets.map((t) => registryAccess(t.registry, { caPem: opts.caPem }).catch((e: unknown) => e)),
  );
  const ready: FleetTarget[] = [];
  const early = new Map<number, unknown>();
  access.forEach((a, i) => {
    if (a instanceof Error) early.set(i, a);
    else {
      const { credentials, ca } = a as Awaited<ReturnType<typeof registryAccess>>;
      ready.push({ ...targets[i]!, credentials, ca });
    }
  });
  const fleetSource: FleetSource = isFile ? { file: source, image: opts.image } : { image: source };
  const readyIndex = targets.map((_, i) => i).filter((i) => !early.has(i));
  const progress = fleetPrinter(io, refs, opts.json);
  const results = await fleetPush(fleetSource, ready, {
    docker: isFile ? undefined : await connectDocker(),
    signal: io.signal,
    onProgress: (i, p) => progress(readyIndex[i]!, p),
  });
  let failed = 0;
  refs.forEach((ref, i) => {
    const r = early.has(i) ? { ok: false as const, error: early.get(i) } : results[readyIndex.indexOf(i)]!;
    if (r.ok) {
      if (opts.json) jsonLine(io, { event: 'pushed', ref, digest: r.digest });
      else io.stdout.write(`Pushed ${ref} (${r.digest})\n`);
      return;
    }
    failed++;
    const message = r.error instanceof Error ? r.error.message : String(r.error);
    const code = (r.error as { code?: unknown }).code;
    if (opts.json)
      jsonLine(io, { event: 'failed', ref, ...(typeof code === 'string' ? { code } : {}), message });
    else io.stdout.write(`Failed ${ref}: ${message}\n`);
  });
  if (!opts.json) {
    io.stdout.write(
      failed === 0
        ? `All ${refs.length} pushed.\n`
        : `${refs.length - failed} of ${refs.length} pushed; ${failed} failed (see above). Fix those and push to them again.\n`,
    );
  }
  if (io.signal.aborted) return ExitCode.interrupted;
  return failed === 0 ? ExitCode.ok : ExitCode.failed;
}
