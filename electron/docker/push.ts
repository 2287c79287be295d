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
import { splitTag } from './images.js';

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
  if (/does not exist locally|no such image/.test(m)) {
    return new DockerError(
      'IMAGE_NOT_FOUND',
      `${message}. Check the name with \`edge-registry ls\` or \`docker images\`, then push again.`,
    );
  }
  if (/unauthorized|authentication required|no basic auth credentials/.test(m)) {
    return new RegistryError(
      'UNAUTHORIZED',
      `${registry} rejected the credentials for the push (${message}). Run \`edge-registry login ${registry}\` with the right user and password, then push again.`,
      401,
      message,
    );
  }
  if (/quota|no space|storage (is )?full/.test(m)) {
    return new RegistryError(
      'DENIED',
      `${registry} refused the push: its storage quota is exhausted (${message}). Delete images you no longer need (\`edge-registry rm\`) or raise the quota, then push again.`,
      403,
      message,
    );
  }
  if (/denied/.test(m)) {
    return new RegistryError(
      'DENIED',
      `${registry} denied the push (${message}). Ask the registry's administrator for push access.`,
      403,
      message,
    );
  }
  if (/x509|certificate/.test(m)) {
    return new RegistryError(
      'TLS',
      `Docker does not trust the certificate of ${registry} (${message}). Set the device up (it installs the CA for Docker in certs.d/${registry}/ca.crt), then push again.`,
      undefined,
      message,
    );
  }
  if (/connection refused|no such host|i\/o timeout|connection reset|eof|unreachable|dial tcp/.test(m)) {
    return new RegistryError(
      'UNREACHABLE',
      `Docker cannot reach the registry at ${registry} (${message}). Check that it is running and reachable, then push again; layers that arrived are kept.`,
      undefined,
      message,
    );
  }
  return new RegistryError('UNKNOWN', `The push to ${registry} failed: ${message}`, undefined, message);
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
  if (opts.signal?.aborted) throw new DockerError('CANCELLED', 'The push was cancelled.');
  let stream: NodeJS.ReadableStream & { destroy?: () => void };
  try {
    stream = (await docker.getImage(ref).push({ tag, authconfig })) as NodeJS.ReadableStream;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) {
      throw new DockerError(
        'IMAGE_NOT_FOUND',
        `There is no local image ${ref}. Check the name with \`edge-registry ls\` or \`docker images\`, then push again.`,
      );
    }
    throw new DockerError('ENGINE', `Docker could not start the push of ${ref}: ${engineMessage(e)}`);
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
    if (opts.signal?.aborted)
      throw new DockerError(
        'CANCELLED',
        `The push of ${ref} was cancelled; layers that arrived stay on the registry.`,
      );
    failure ??= engineMessage(e);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (opts.signal?.aborted)
    throw new DockerError(
      'CANCELLED',
      `The push of ${ref} was cancelled; layers that arrived stay on the registry.`,
    );
  if (failure) throw pushFailure(failure, registry);
  if (!digest)
    throw new RegistryError('PROTOCOL', `Docker finished the push of ${ref} without reporting a digest.`);
  return { ref, digest, size, layers: tracker.snapshot().map((l) => ({ id: l.id, state: l.state })) };
}
