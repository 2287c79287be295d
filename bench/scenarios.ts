// The measurements, each side by side in one run. Every big transfer goes to a registry
// started fresh on an empty data folder: otherwise a second push would find its blobs
// already there (skopeo remembers where it saw a blob and mounts it across repositories;
// our client HEADs and mounts too) and measure nothing. The order of the two sides
// alternates between repeats so neither always runs on a warmer machine.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SyntheticImage } from './images.js';
import { writeSmallImage } from './images.js';
import { pushTarballWithOurClient } from './our-client.js';
import { startDistribution } from './registries/distribution.js';
import { startOurs } from './registries/ours.js';
import type { RunningRegistry } from './registries/registry.js';
import { cpuSeconds } from './cpu.js';
import { curlPull } from './curl.js';
import { flushDirtyPages } from './machine.js';
import { sampleRss, type RssFigures } from './rss.js';
import { skopeoCopy } from './skopeo.js';

export type Kind = RunningRegistry['kind'];

export interface BenchContext {
  runDir: string;
  image: SyntheticImage;
  archive: string;
  repeats: number;
  smallPushes: number;
  cpuProfDir?: string;
  /** Progress for the person waiting (stderr). */
  log(message: string): void;
}

let started = 0;

function startRegistry(ctx: BenchContext, kind: Kind): Promise<RunningRegistry> {
  const dir = join(ctx.runDir, `${kind}-${++started}`);
  return kind === 'ours' ? startOurs(dir, { cpuProfDir: ctx.cpuProfDir }) : startDistribution(dir);
}

function order<T>(repeat: number, a: T, b: T): [T, T] {
  return repeat % 2 === 0 ? [a, b] : [b, a];
}

const mbps = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
const ociRef = (image: SyntheticImage) => `oci:${image.ociDir}:${image.tag}`;

export interface BigTransferRuns {
  /** MB/s of each push, per registry. */
  push: Record<Kind, number[]>;
  /** MB/s of each pull into a fresh OCI layout, per registry. */
  pull: Record<Kind, number[]>;
  /** Registry memory during each push, per registry. */
  pushRss: Record<Kind, RssFigures[]>;
  /** Registry CPU seconds per GB moved, for each push and pull, per registry. */
  pushCpu: Record<Kind, number[]>;
  pullCpu: Record<Kind, number[]>;
  /** skopeo's CPU seconds per GB for each push and pull, per registry (where /usr/bin/time exists). */
  pushClientCpu: Record<Kind, number[]>;
  pullClientCpu: Record<Kind, number[]>;
}

/**
 * CPU seconds per GB that `pid` spends while `work` (a timed transfer) runs, NaN when the
 * process went away. Dirty pages are flushed first (see flushDirtyPages).
 */
async function cpuPerGB<T>(pid: number, bytes: number, work: () => Promise<T>): Promise<[T, number]> {
  flushDirtyPages();
  const before = cpuSeconds(pid);
  const result = await work();
  const after = cpuSeconds(pid);
  const perGB = before === undefined || after === undefined ? NaN : (after - before) / (bytes / 1e9);
  return [result, perGB];
}

/**
 * Pushes the big image with skopeo to each registry, then pulls it back, `repeats` times,
 * after one untimed round with each: the first big transfers on a freshly booted or idle
 * machine run slower whatever the registry (measured: the very first pull 8-15% below the
 * rest, and with alternating order it always fell on ours).
 */
export async function bigTransfers(ctx: BenchContext): Promise<BigTransferRuns> {
  const runs: BigTransferRuns = {
    push: { ours: [], distribution: [] },
    pull: { ours: [], distribution: [] },
    pushRss: { ours: [], distribution: [] },
    pushCpu: { ours: [], distribution: [] },
    pullCpu: { ours: [], distribution: [] },
    pushClientCpu: { ours: [], distribution: [] },
    pullClientCpu: { ours: [], distribution: [] },
  };
  const gb = ctx.image.bytes / 1e9;
  for (let r = -1; r < ctx.repeats; r++) {
    const warmUp = r < 0;
    const round = warmUp ? 'warm-up' : `${r + 1}/${ctx.repeats}`;
    for (const kind of order<Kind>(r, 'ours', 'distribution')) {
      const registry = await startRegistry(ctx, kind);
      try {
        const ref = `${registry.host}/bench/big-${r + 1}:latest`;
        ctx.log(`big image: push to ${kind} (${round})`);
        const stopRss = sampleRss(registry.pid);
        let seconds: number;
        let clientCpu: number | undefined;
        let cpu: number;
        let rss: RssFigures;
        try {
          [{ seconds, cpuSeconds: clientCpu }, cpu] = await cpuPerGB(registry.pid, ctx.image.bytes, () =>
            skopeoCopy(ociRef(ctx.image), `docker://${ref}`, { to: registry, measureCpu: true }),
          );
        } finally {
          rss = stopRss();
        }
        if (!warmUp) {
          runs.pushRss[kind].push(rss);
          runs.push[kind].push(mbps(ctx.image.bytes, seconds));
          runs.pushCpu[kind].push(cpu);
          if (clientCpu !== undefined) runs.pushClientCpu[kind].push(clientCpu / gb);
        }
        ctx.log(`big image: pull from ${kind} (${round})`);
        const pulled = join(ctx.runDir, `pulled-${kind}-${r + 1}`);
        try {
          [{ seconds, cpuSeconds: clientCpu }, cpu] = await cpuPerGB(registry.pid, ctx.image.bytes, () =>
            skopeoCopy(`docker://${ref}`, `oci:${pulled}:latest`, { from: registry, measureCpu: true }),
          );
        } finally {
          rmSync(pulled, { recursive: true, force: true });
        }
        if (!warmUp) {
          runs.pull[kind].push(mbps(ctx.image.bytes, seconds));
          runs.pullCpu[kind].push(cpu);
          if (clientCpu !== undefined) runs.pullClientCpu[kind].push(clientCpu / gb);
        }
      } finally {
        await registry.stop();
      }
    }
  }
  return runs;
}

export interface CurlPullRuns {
  /** MB/s of each curl pull (all blobs at once, to /dev/null), per registry. */
  throughput: Record<Kind, number[]>;
  /** Registry CPU seconds per GB of each. */
  registryCpu: Record<Kind, number[]>;
}

/**
 * The big image pulled by curl (see curl.ts) from both registries running side by side, after
 * one skopeo push to each and one untimed pull, alternating: a device's registry serving a
 * client that is not the bottleneck. Apart from the big transfers, so as not to change their
 * sequence.
 */
export async function curlPulls(ctx: BenchContext): Promise<CurlPullRuns> {
  const runs: CurlPullRuns = {
    throughput: { ours: [], distribution: [] },
    registryCpu: { ours: [], distribution: [] },
  };
  const registries = {
    ours: await startRegistry(ctx, 'ours'),
    distribution: await startRegistry(ctx, 'distribution'),
  };
  try {
    for (const kind of ['ours', 'distribution'] as const) {
      ctx.log(`curl pull: pushing the big image to ${kind}`);
      await skopeoCopy(ociRef(ctx.image), `docker://${registries[kind].host}/bench/big:latest`, {
        to: registries[kind],
      });
    }
    const blobs = [ctx.image.config, ...ctx.image.layers];
    for (let r = -1; r < ctx.repeats; r++) {
      for (const kind of order<Kind>(r, 'ours', 'distribution')) {
        const registry = registries[kind];
        ctx.log(`curl pull from ${kind} (${r < 0 ? 'warm-up' : `${r + 1}/${ctx.repeats}`})`);
        const [seconds, cpu] = await cpuPerGB(registry.pid, ctx.image.bytes, () =>
          curlPull(registry, 'bench/big', blobs),
        );
        if (r < 0) continue;
        runs.throughput[kind].push(mbps(ctx.image.bytes, seconds));
        runs.registryCpu[kind].push(cpu);
      }
    }
  } finally {
    await registries.ours.stop();
    await registries.distribution.stop();
  }
  return runs;
}

export interface SmallPushRuns {
  /** Milliseconds of each timed push, per registry. */
  latencyMs: Record<Kind, number[]>;
  /** Bytes of the small image (config and layers). */
  bytes: number;
}

/**
 * Pushes a small image (fresh random content each time, fresh repository) to both
 * registries, alternating; one untimed warm-up push each first, so the figure is a
 * running registry's latency, not its first request's.
 */
export async function smallPushLatency(ctx: BenchContext): Promise<SmallPushRuns> {
  const latency: Record<Kind, number[]> = { ours: [], distribution: [] };
  let bytes = 0;
  const registries = {
    ours: await startRegistry(ctx, 'ours'),
    distribution: await startRegistry(ctx, 'distribution'),
  };
  try {
    for (let i = 0; i <= ctx.smallPushes; i++) {
      if (i > 0) ctx.log(`small image: push ${i}/${ctx.smallPushes}`);
      for (const kind of order<Kind>(i, 'ours', 'distribution')) {
        const dir = join(ctx.runDir, `small-${kind}-${i}`);
        try {
          const image = await writeSmallImage(dir);
          bytes = image.bytes;
          const registry = registries[kind];
          const { seconds } = await skopeoCopy(
            ociRef(image),
            `docker://${registry.host}/bench/small-${i}:latest`,
            {
              to: registry,
            },
          );
          if (i > 0) latency[kind].push(seconds * 1000);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await registries.ours.stop();
    await registries.distribution.stop();
  }
  return { latencyMs: latency, bytes };
}

export type TarballSide = 'ourClient' | 'skopeo' | 'skopeoGzip';

export interface TarballRuns {
  /** MB/s per side (our client's is empty when it could not run, see `unavailable`). */
  throughput: Record<TarballSide, number[]>;
  /** Client CPU seconds per GB (user + system), per side; skopeo's only where /usr/bin/time exists. */
  clientCpu: Record<TarballSide, number[]>;
  /** Our registry's CPU seconds per GB while each side pushed. */
  registryCpu: Record<TarballSide, number[]>;
  /** MB/s of our client's pushes counting the child's Node start-up too (wall clock). */
  ourClientWall: number[];
  /** Our registry's memory during each of our client's pushes. */
  registryRss: RssFigures[];
  /** Why our client's side did not run, when it did not. */
  unavailable?: string;
}

/**
 * Pushes the big docker-archive to our registry with our client (pushTarball) and with
 * skopeo, each to a fresh registry. skopeo runs twice: moving the layers as they are
 * (the like-for-like reference), and with its defaults, which gzip them on the way.
 */
export async function tarballPush(ctx: BenchContext): Promise<TarballRuns> {
  const sideRecord = (): Record<TarballSide, number[]> => ({ ourClient: [], skopeo: [], skopeoGzip: [] });
  const runs: TarballRuns = {
    throughput: sideRecord(),
    clientCpu: sideRecord(),
    registryCpu: sideRecord(),
    ourClientWall: [],
    registryRss: [],
  };
  const gb = ctx.image.bytes / 1e9;
  for (let r = 0; r < ctx.repeats; r++) {
    const sides: TarballSide[] = [...order<TarballSide>(r, 'ourClient', 'skopeo'), 'skopeoGzip'];
    for (const side of sides) {
      if (side === 'ourClient' && runs.unavailable) continue;
      const registry = await startRegistry(ctx, 'ours');
      try {
        const repo = `bench/tar-${r + 1}`;
        ctx.log(`docker-archive: push with ${side} (${r + 1}/${ctx.repeats})`);
        if (side === 'ourClient') {
          const stopRss = sampleRss(registry.pid);
          const [result, registryCpu] = await cpuPerGB(registry.pid, ctx.image.bytes, () =>
            pushTarballWithOurClient(registry, ctx.archive, `${repo}:latest`).finally(() => {
              runs.registryRss.push(stopRss());
            }),
          );
          if ('unavailable' in result) {
            runs.unavailable = result.unavailable;
            runs.registryRss.length = 0;
            continue;
          }
          runs.throughput.ourClient.push(mbps(ctx.image.bytes, result.seconds));
          runs.ourClientWall.push(mbps(ctx.image.bytes, result.wallSeconds));
          runs.clientCpu.ourClient.push(result.cpuSeconds / gb);
          runs.registryCpu.ourClient.push(registryCpu);
        } else {
          const [result, registryCpu] = await cpuPerGB(registry.pid, ctx.image.bytes, () =>
            skopeoCopy(`docker-archive:${ctx.archive}`, `docker://${registry.host}/${repo}:latest`, {
              to: registry,
              compress: side === 'skopeoGzip',
              measureCpu: true,
            }),
          );
          runs.throughput[side].push(mbps(ctx.image.bytes, result.seconds));
          if (result.cpuSeconds !== undefined) runs.clientCpu[side].push(result.cpuSeconds / gb);
          runs.registryCpu[side].push(registryCpu);
        }
      } finally {
        await registry.stop();
      }
    }
  }
  return runs;
}
