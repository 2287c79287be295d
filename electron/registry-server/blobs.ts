// Blobs: HEAD / GET (with Range) / DELETE /v2/<name>/blobs/<digest>.
import { once } from 'node:events';
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { type Ctx, repoName, requireDigest, send } from './context.js';
import { ServedError } from './errors.js';
import { digestString } from './names.js';

function blobUnknown(digest: string): ServedError {
  return new ServedError('BLOB_UNKNOWN', {
    detail: { digest },
    message: `blob unknown to registry: ${digest} is not in this repository; push it first`,
  });
}

/**
 * Parses a Range header against `size` (RFC 9110 14.1.2). One satisfiable range: that range.
 * Several ranges, some satisfiable: undefined, so the whole blob is answered with 200, as a
 * server may (it never assembles multipart answers from many small or overlapping ranges).
 * Undefined when absent; 'bad' (416) when malformed or when no range is satisfiable.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined | 'bad' {
  if (!header) return undefined;
  const m = /^bytes=(.*)$/.exec(header.trim());
  if (!m) return 'bad';
  const specs = m[1]!.split(',').map((r) => r.trim());
  // Empty list elements are allowed (RFC 9110 5.6.1), an empty list is not.
  const given = specs.filter((r) => r !== '');
  if (given.length === 0) return 'bad';
  const satisfiable: { start: number; end: number }[] = [];
  for (const spec of given) {
    const r = /^(\d*)-(\d*)$/.exec(spec);
    if (!r || (r[1] === '' && r[2] === '')) return 'bad';
    let start: number;
    let end: number;
    if (r[1] === '') {
      const suffix = Number(r[2]);
      if (suffix === 0) continue;
      start = Math.max(size - suffix, 0);
      end = size - 1;
    } else {
      start = Number(r[1]);
      end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
      if (r[2] !== '' && Number(r[2]) < start) return 'bad';
    }
    if (!Number.isSafeInteger(start) || start >= size || end < start) continue;
    satisfiable.push({ start, end });
  }
  if (satisfiable.length === 0) return 'bad';
  return given.length === 1 ? satisfiable[0] : undefined;
}

/** HEAD and GET of a blob; GET streams from disk (memory does not grow with blob size). */
export async function getBlob(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const d = requireDigest(ctx.params.digest);
  const digest = digestString(d);
  const size = await ctx.core.store.repoHasBlob(repo, d);
  if (size === undefined) throw blobUnknown(digest);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': digest,
    ETag: `"${digest}"`,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'max-age=31536000',
  };
  if (ctx.req.method === 'HEAD') {
    // A client checking before it skips an upload: keep the blob through the GC grace period.
    ctx.core.store.refs.touch(digest);
    send(ctx, 200, { ...headers, 'Content-Length': size });
    return;
  }
  const range = parseRange(ctx.req.headers.range, size);
  if (range === 'bad') {
    throw new ServedError('RANGE_INVALID', {
      status: 416,
      detail: { range: ctx.req.headers.range, size },
      message: `range not satisfiable for a blob of ${size} bytes`,
      headers: { 'Content-Range': `bytes */${size}` },
    });
  }
  let fh;
  try {
    fh = await ctx.core.store.openBlob(d);
  } catch {
    throw blobUnknown(digest);
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  if (range) {
    ctx.res.writeHead(206, {
      ...headers,
      'Content-Length': end - start + 1,
      'Content-Range': `bytes ${start}-${end}/${size}`,
    });
  } else {
    ctx.res.writeHead(200, { ...headers, 'Content-Length': size });
  }
  if (size === 0) {
    await fh.close();
    ctx.res.end();
    return;
  }
  // An open handle keeps the bytes readable even if GC removes the file meanwhile.
  try {
    await sendRange(fh, ctx.res, start, end);
  } finally {
    await fh.close();
  }
}

const sendBufferBytes = 1 << 20;

/**
 * Writes bytes [start, end] of `fh` to `res` through two reused 1 MiB buffers: one is read
 * while the other is being written, and a buffer is reused only after its write called back.
 * (A read stream allocates a fresh buffer per chunk; the allocations, page faults and GC cost
 * about 40% more CPU per GB served; see docs/benchmarks.md.) Memory stays at 2 MiB per download.
 *
 * Reads are made inline while the page cache serves them: a read through the thread pool
 * costs a thread hand-off each way, about a sixth of a GET's CPU, which on a busy machine is
 * taken from the client (skopeo's pulls went from parity to 1-2% ahead of Distribution's, the
 * registry's CPU per GB 10% below it; docs/benchmarks.md, ninth round). The first read after which the process's block-input count has grown moves the
 * download to the pool, so the event loop waits on a disk for one read at most per download.
 * That count grows on Linux and macOS only when a read goes to the disk (not by the time a read
 * takes, which on a busy machine includes being preempted); on Windows it counts every read, so
 * there a download goes to the pool after its first read. Says how many reads went which way.
 */
export async function sendRange(
  fh: FileHandle,
  res: ServerResponse,
  start: number,
  end: number,
): Promise<{ inlineReads: number; pooledReads: number }> {
  let closed = false;
  const whenClosed = new Promise<void>((resolve) =>
    res.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  const bufs = [Buffer.allocUnsafe(sendBufferBytes), Buffer.allocUnsafe(sendBufferBytes)];
  const writing: (Promise<void> | undefined)[] = [undefined, undefined];
  let pos = start;
  let i = 0;
  const reads = { inlineReads: 0, pooledReads: 0 };
  let inline = true;
  const readChunk = async (buf: Buffer, length: number): Promise<number> => {
    if (!inline) {
      reads.pooledReads++;
      return (await fh.read(buf, 0, length, pos)).bytesRead;
    }
    reads.inlineReads++;
    const blocksBefore = process.resourceUsage().fsRead;
    const n = readSync(fh.fd, buf, 0, length, pos);
    // Counted for the whole process: a read of another download may end this one's inline reads.
    if (process.resourceUsage().fsRead > blocksBefore) inline = false;
    return n;
  };
  while (pos <= end && !closed) {
    if (writing[i]) await Promise.race([writing[i], whenClosed]);
    if (closed) break;
    const bytesRead = await readChunk(bufs[i]!, Math.min(sendBufferBytes, end - pos + 1));
    if (bytesRead === 0) {
      // Shorter than its stat said: cannot happen for a content-addressed file; cut the response.
      res.destroy(new Error('blob shorter than expected'));
      return reads;
    }
    pos += bytesRead;
    let flushed = true;
    writing[i] = new Promise<void>((resolve, reject) => {
      flushed = res.write(bufs[i]!.subarray(0, bytesRead), (err) => (err ? reject(err) : resolve()));
    });
    writing[i]!.catch(() => {}); // a broken connection shows as 'close'
    if (!flushed) await Promise.race([once(res, 'drain'), whenClosed]);
    i ^= 1;
  }
  if (!closed) await Promise.race([Promise.all(writing), whenClosed]);
  if (!closed) res.end();
  return reads;
}

/** DELETE of a blob: unlinks it from the repository; GC reclaims the bytes when nothing else uses them. */
export async function deleteBlob(ctx: Ctx): Promise<void> {
  const d = requireDigest(ctx.params.digest);
  if (!(await ctx.core.store.unlinkBlob(repoName(ctx), d))) throw blobUnknown(digestString(d));
  send(ctx, 202, { 'Docker-Content-Digest': digestString(d) });
}
