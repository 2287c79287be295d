// Uploading one blob the fast and safe way: HEAD first (skip what exists), a cross-repo
// mount when a source repository is known, then PATCH chunks streamed straight from the
// source, resuming after a dropped connection from the offset the registry confirms.
import type { Readable } from 'node:stream';
import type { RegistryClient } from './client.js';
import { RegistryError, registrySaid } from './errors.js';
import { text } from '../../shared/i18n/index.js';
import { drain, readText } from './transport.js';

export interface BlobSource {
  digest: string;
  size: number;
  /** Opens the bytes [start, end) of the blob as a stream. */
  open(start: number, end: number): Readable;
}

export interface BlobUploadOptions {
  /** Bytes per PATCH request. */
  chunkSize?: number;
  /** Attempts per blob after connection failures (each resumes where the registry says). */
  maxAttempts?: number;
  /** Repositories on the same registry that may hold the blob (cross-repository mount). */
  mountFrom?: string[];
  signal?: AbortSignal;
  /** Called with the state changes and byte counts of this blob. */
  onState?: (
    state: 'checking' | 'exists' | 'mounted' | 'pushing' | 'retrying' | 'pushed',
    done?: number,
  ) => void;
  onBytes?: (done: number) => void;
}

export interface BlobUploadResult {
  outcome: 'exists' | 'mounted' | 'pushed';
  /** Times the upload resumed after a dropped connection. */
  resumes: number;
  /** Bytes sent over the wire (more than the size when a chunk was re-sent). */
  bytesSent: number;
}

// Large, so that most layers go in one PATCH: every chunk ends with the registry making it
// durable while this side waits, and measured on a 1 GiB image of 256 MiB layers, 128 MiB
// chunks pushed ~5% slower than skopeo and whole-layer PATCHes ~5% faster. A dropped
// connection still resumes from the offset the registry confirms (ours keeps the bytes of a
// broken PATCH); a registry that cannot resume mid-chunk (Distribution) re-sends at most
// one chunk.
const defaultChunk = 512 << 20;

/** Errors worth another attempt: the connection, not the registry, said no. */
function retryable(e: unknown): boolean {
  if (!(e instanceof RegistryError)) return true;
  return e.code === 'UNREACHABLE' || (e.status !== undefined && e.status >= 500) || e.status === 416;
}

/** Uploads `src` to `repository` unless it is there already; see the file comment. */
export async function uploadBlob(
  client: RegistryClient,
  repository: string,
  src: BlobSource,
  opts: BlobUploadOptions = {},
): Promise<BlobUploadResult> {
  const { signal } = opts;
  const chunkSize = Math.max(1 << 20, opts.chunkSize ?? defaultChunk);
  const maxAttempts = opts.maxAttempts ?? 5;
  opts.onState?.('checking');
  if (await client.blobExists(repository, src.digest, signal)) {
    opts.onState?.('exists');
    return { outcome: 'exists', resumes: 0, bytesSent: 0 };
  }
  const ctx = { registry: client.registry, repository, reference: src.digest, action: 'pushing a layer' };
  const from = opts.mountFrom?.find((r) => r !== repository);

  /** POST: a new upload session (or a finished mount). */
  const start = async (mount: boolean): Promise<string | 'mounted'> => {
    const q = mount
      ? `?mount=${encodeURIComponent(src.digest)}${from ? `&from=${encodeURIComponent(from)}` : ''}`
      : '';
    const scope = `repository:${repository}:pull,push${mount && from ? ` repository:${from}:pull` : ''}`;
    const res = await client.send({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/${q}`,
      scope,
      ctx,
      signal,
    });
    if (res.status === 201 && mount) {
      await drain(res);
      return 'mounted';
    }
    await client.expect(res, [202], ctx);
    await drain(res);
    return location(client, res.headers.location, client.baseUrl);
  };

  let resumes = 0;
  let bytesSent = 0;
  let failures = 0;
  const first = await start(true);
  if (first === 'mounted') {
    opts.onState?.('mounted');
    return { outcome: 'mounted', resumes, bytesSent };
  }
  let loc = first;
  let offset = 0;
  opts.onState?.('pushing', 0);
  const scope = `repository:${repository}:pull,push`;
  while (offset < src.size) {
    const end = Math.min(src.size, offset + chunkSize);
    const chunkStart = offset;
    try {
      let sent = 0;
      const res = await client.send({
        method: 'PATCH',
        path: loc,
        scope,
        ctx,
        signal,
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `${chunkStart}-${end - 1}`,
          'content-length': String(end - chunkStart),
        },
        body: () => {
          sent = 0;
          const s = src.open(chunkStart, end);
          s.on('data', (d: Buffer) => {
            sent += d.length;
            bytesSent += d.length;
            opts.onBytes?.(chunkStart + sent);
          });
          return s;
        },
      });
      await client.expect(res, [202, 204], ctx);
      await drain(res);
      loc = location(client, res.headers.location, loc);
      const confirmed = rangeEnd(res.headers.range as string | undefined);
      // Trust a Range that moved forward; "0-0" is ambiguous (Distribution), so then trust our count.
      offset = confirmed !== undefined && confirmed > chunkStart ? confirmed : end;
      failures = 0;
    } catch (e) {
      if (signal?.aborted) throw e;
      if (!retryable(e) || ++failures >= maxAttempts) throw e;
      resumes++;
      opts.onState?.('retrying', offset);
      // A short pause lets a restarting registry come back; bounded by maxAttempts.
      await new Promise((r) => setTimeout(r, 200 * failures));
      const status = await uploadStatus(client, loc, scope, ctx, signal).catch((err: unknown) => {
        if (retryable(err)) return undefined;
        throw err;
      });
      if (status === undefined) continue; // Still unreachable: try the same chunk again.
      if (status === null) {
        // The registry forgot the session (or refuses to resume it): start this blob over.
        const again = await start(false);
        loc = again === 'mounted' ? loc : again;
        offset = 0;
      } else {
        loc = status.location;
        offset = status.offset;
      }
      opts.onState?.('pushing', offset);
    }
  }
  const put = new URL(loc);
  put.searchParams.set('digest', src.digest);
  const res = await client.send({ method: 'PUT', path: put.href, scope, ctx, signal });
  await client.expect(res, [201, 204], ctx);
  await drain(res);
  opts.onState?.('pushed');
  return { outcome: 'pushed', resumes, bytesSent };
}

/** GET of an upload session: the confirmed offset, or null when the session is gone or invalid. */
async function uploadStatus(
  client: RegistryClient,
  loc: string,
  scope: string,
  ctx: { registry: string; repository: string },
  signal?: AbortSignal,
): Promise<{ offset: number; location: string } | null> {
  const res = await client.send({ method: 'GET', path: loc, scope, ctx, signal });
  if (res.status === 204 || res.status === 202 || res.status === 200) {
    await drain(res);
    return {
      offset: rangeEnd(res.headers.range as string | undefined) ?? 0,
      location: location(client, res.headers.location, loc),
    };
  }
  if (res.status >= 500) {
    const body = (await readText(res).catch(() => '')).trim().slice(0, 200);
    throw new RegistryError(
      'UNREACHABLE',
      text('err.registry.uploadStatus', {
        registry: client.registry,
        status: res.status,
        said: registrySaid(body),
      }),
      res.status,
      body || undefined,
    );
  }
  await drain(res);
  return null;
}

/** `Range: 0-N` -> N+1 bytes received (Distribution writes 0-0 for an empty session). */
function rangeEnd(range: string | undefined): number | undefined {
  const m = /^(?:bytes=)?(\d+)-(\d+)$/.exec(range?.trim() ?? '');
  if (!m) return undefined;
  const end = Number(m[2]);
  return end === 0 ? 0 : end + 1;
}

/**
 * Resolves a Location header against the previous URL (registries may send relative paths);
 * a downgrade to plain HTTP is refused (RegistryClient.resolve).
 */
function location(client: RegistryClient, header: string | string[] | undefined, base: string): string {
  const h = Array.isArray(header) ? header[0] : header;
  if (!h) return base;
  return client.resolve(h, base);
}
