// `docker push` through dockerode with the credentials passed explicitly (dockerode does not
// read the Docker config), turning the engine's JSON progress stream into per-layer events.
// The engine answers 200 and reports failures inside the stream (`errorDetail`): those fail
// the push with the registry's own words.
import type Docker from 'dockerode';
import {
  ProgressTracker,
  RegistryError,
  type PushProgress,
  type LayerState,
} from '../registry-client/index.js';
import { DockerError, engineMessage } from './errors.js';
import type { StoredCredentials } from './credentials.js';
import { imageExists, splitTag, tagImage, untagImage } from './images.js';
import { text } from '../../shared/i18n/index.js';

export interface DockerPushOptions {
  credentials?: StoredCredentials | null;
  onProgress?: (p: PushProgress) => void;
  signal?: AbortSignal;
}

export interface DockerPushResult {
  ref: string;
  digest: string;
  /** Manifest size in bytes, as the engine reports it. */
  size: number;
  layers: { id: string; state: LayerState }[];
}

interface PushEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: { Tag?: string; Digest?: string; Size?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Maps an engine status line of one layer to our state. */
function stateOf(status: string): LayerState | undefined {
  if (status === 'Preparing' || status === 'Waiting') return 'waiting';
  if (status === 'Pushing') return 'pushing';
  if (status === 'Pushed') return 'pushed';
  if (status === 'Layer already exists') return 'exists';
  if (status.startsWith('Mounted from')) return 'mounted';
  if (status.startsWith('Retrying')) return 'retrying';
  return undefined;
}

/** Turns the engine's text of a failure inside the push stream into an error for users. */
export function pushFailure(message: string, registry: string): RegistryError | DockerError {
  const m = message.toLowerCase();
  const said = { registry, detail: message };
  if (/does not exist locally|no such image/.test(m)) {
    return new DockerError('IMAGE_NOT_FOUND', text('err.push.noImage', said));
  }
  if (/unauthorized|authentication required|no basic auth credentials/.test(m)) {
    return new RegistryError('UNAUTHORIZED', text('err.push.unauthorized', said), 401, message);
  }
  if (/quota|no space|storage (is )?full/.test(m)) {
    return new RegistryError('DENIED', text('err.push.quota', said), 403, message);
  }
  if (/denied/.test(m)) {
    return new RegistryError('DENIED', text('err.push.denied', said), 403, message);
  }
  if (/x509|certificate/.test(m)) {
    return new RegistryError('TLS', text('err.push.tls', said), undefined, message);
  }
  // The device's name not in DNS: this computer has no hosts entry for it (setup adds one).
  if (/no such host|server misbehaving/.test(m)) {
    const host = registry.replace(/:\d+$/, '');
    return new RegistryError(
      'UNREACHABLE',
      text('err.push.noSuchHost', { host, detail: message }),
      undefined,
      message,
    );
  }
  if (/connection refused|i\/o timeout|connection reset|eof|unreachable|dial tcp/.test(m)) {
    return new RegistryError('UNREACHABLE', text('err.push.unreachable', said), undefined, message);
  }
  return new RegistryError('UNKNOWN', text('err.push.failed', said), undefined, message);
}

/** Pushes a local image (already tagged `<endpoint>/<repo>:<tag>`) and reports per-layer progress. */
export async function pushImage(
  docker: Docker,
  ref: string,
  opts: DockerPushOptions = {},
): Promise<DockerPushResult> {
  const registry = ref.split('/')[0]!;
  const { tag } = splitTag(ref);
  const authconfig = opts.credentials
    ? { username: opts.credentials.username, password: opts.credentials.password, serveraddress: registry }
    : { serveraddress: registry };
  if (opts.signal?.aborted) throw new DockerError('CANCELLED', text('err.push.cancelledEarly'));
  let stream: NodeJS.ReadableStream & { destroy?: () => void };
  try {
    stream = (await docker.getImage(ref).push({ tag, authconfig })) as NodeJS.ReadableStream;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) {
      throw new DockerError('IMAGE_NOT_FOUND', text('err.docker.noImage', { image: ref }));
    }
    throw new DockerError('ENGINE', text('err.push.startFailed', { ref, detail: engineMessage(e) }));
  }
  const tracker = new ProgressTracker(opts.onProgress);
  const seen = new Set<string>();
  let digest = '';
  let size = 0;
  let failure: string | undefined;
  const onAbort = () => stream.destroy?.();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err) => (err ? reject(err) : resolve()),
        (ev: PushEvent) => {
          if (ev.errorDetail || ev.error) failure = ev.errorDetail?.message ?? ev.error;
          if (ev.aux?.Digest) {
            digest = ev.aux.Digest;
            size = ev.aux.Size ?? 0;
          }
          const state = ev.id && ev.status ? stateOf(ev.status) : undefined;
          if (!ev.id || !state) return;
          if (!seen.has(ev.id)) {
            seen.add(ev.id);
            tracker.add(ev.id, ev.progressDetail?.total ?? 0);
          }
          if (state === 'pushing')
            tracker.bytes(ev.id, ev.progressDetail?.current ?? 0, ev.progressDetail?.total);
          const current = tracker.snapshot().find((l) => l.id === ev.id);
          if (current && (state !== 'pushing' || current.state !== 'pushing')) tracker.state(ev.id, state);
        },
      );
    });
  } catch (e) {
    if (opts.signal?.aborted) throw new DockerError('CANCELLED', text('err.push.cancelled', { ref }));
    failure ??= engineMessage(e);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (opts.signal?.aborted) throw new DockerError('CANCELLED', text('err.push.cancelled', { ref }));
  if (failure) throw pushFailure(failure, registry);
  if (!digest) throw new RegistryError('PROTOCOL', text('err.push.noDigest', { ref }));
  return { ref, digest, size, layers: tracker.snapshot().map((l) => ({ id: l.id, state: l.state })) };
}

/**
 * Tags `image` as `target` and pushes it: Docker pushes only a tag. Once the push ends (done,
 * failed or cancelled) that tag goes again, unless it existed before.
 */
export async function pushAs(
  docker: Docker,
  image: string,
  target: string,
  opts: DockerPushOptions = {},
): Promise<DockerPushResult> {
  const added = image !== target && !(await imageExists(docker, target));
  if (image !== target) await tagImage(docker, image, target);
  try {
    return await pushImage(docker, target, opts);
  } finally {
    if (added) await dropTag(docker, target);
  }
}

/** Removes a tag that was added for a push, but never an image's last name: that would delete the image. */
async function dropTag(docker: Docker, ref: string): Promise<void> {
  try {
    const tags = (await docker.getImage(ref).inspect()).RepoTags ?? [];
    if (tags.length > 1) await untagImage(docker, ref);
  } catch {
    // The push's outcome is what the user needs to see; a tag left behind shows in the list.
  }
}
