// Fleet push: one image (a local Docker image or a `docker save` / OCI `.tar`) to several
// devices at once. One job per target, a few at a time; each target reports its own progress
// and ends with its own result, and one failing (stopped, wrong password, full) never stops
// the others. The pushes themselves are the single-device ones: electron/docker's pushAs for
// a local image, electron/registry-client's pushTarball for an archive.
import type Docker from 'dockerode';
import { pushAs } from '../docker/index.js';
import {
  pushTarball,
  type Credentials,
  type PushProgress,
  type RegistryClient,
} from '../registry-client/index.js';

/** What to push: a local image by name, or an archive file (and, when it holds several, which image). */
export type FleetSource = { image: string } | { file: string; image?: string };

export interface FleetTarget {
  /** The device's registry endpoint, host:port. */
  registry: string;
  repository: string;
  tag: string;
  /** The login for it (local images go through Docker with these; archives use them unless `client`). */
  credentials?: Credentials | null;
  /** CAs to trust for an archive push (PEM); Docker trusts its own certs.d. */
  ca?: (string | Buffer)[];
  /** An existing client for the device (archives only; its login and CA then apply). */
  client?: RegistryClient;
}

export type FleetResult =
  | { target: FleetTarget; ref: string; ok: true; digest: string }
  | { target: FleetTarget; ref: string; ok: false; error: unknown };

export interface FleetPushOptions {
  /** The engine, for a local image. */
  docker?: Docker;
  /** Targets pushing at once (default 3): each already runs several layers in parallel. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Progress of one target (its index in `targets`). */
  onProgress?: (index: number, p: PushProgress) => void;
  /** Called as each target ends, in the order they end. */
  onResult?: (index: number, r: FleetResult) => void;
}

/** The reference a target names, `registry/repository:tag`. */
export function targetRef(t: Pick<FleetTarget, 'registry' | 'repository' | 'tag'>): string {
  return `${t.registry}/${t.repository}:${t.tag}`;
}

/** A gate that lets at most `limit` calls run at once, the rest waiting in order. */
export function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (running >= limit) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** Pushes `source` to one target; resolves to the digest the tag now points at. */
export async function pushToTarget(
  source: FleetSource,
  target: FleetTarget,
  opts: { docker?: Docker; signal?: AbortSignal; onProgress?: (p: PushProgress) => void } = {},
): Promise<string> {
  const { signal, onProgress } = opts;
  if ('file' in source) {
    const r = await pushTarball({
      file: source.file,
      image: source.image,
      to: { endpoint: target.registry, repository: target.repository, tag: target.tag },
      credentials: target.credentials ?? undefined,
      ca: target.ca,
      client: target.client,
      signal,
      onProgress,
    });
    return r.digest;
  }
  if (!opts.docker) throw new Error('pushToTarget: a local image needs the Docker engine.');
  const r = await pushAs(opts.docker, source.image, targetRef(target), {
    credentials: target.credentials,
    signal,
    onProgress,
  });
  return r.digest;
}

/**
 * Pushes `source` to every target, `concurrency` at a time, and resolves when all have ended,
 * with one result per target in the order given. Never rejects for a target's failure.
 */
export async function fleetPush(
  source: FleetSource,
  targets: FleetTarget[],
  opts: FleetPushOptions = {},
): Promise<FleetResult[]> {
  const gate = limiter(Math.max(1, opts.concurrency ?? 3));
  return Promise.all(
    targets.map((target, index) =>
      gate(async (): Promise<FleetResult> => {
        const ref = targetRef(target);
        let r: FleetResult;
        try {
          const digest = await pushToTarget(source, target, {
            docker: opts.docker,
            signal: opts.signal,
            onProgress: (p) => opts.onProgress?.(index, p),
          });
          r = { target, ref, ok: true, digest };
        } catch (error) {
          r = { target, ref, ok: false, error };
        }
        opts.onResult?.(index, r);
        return r;
      }),
    ),
  );
}
