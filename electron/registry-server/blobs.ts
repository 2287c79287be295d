// Blobs: HEAD / GET (with Range) / DELETE /v2/<name>/blobs/<digest>.
import { pipeline } from 'node:stream/promises';
import { type Ctx, repoName, requireDigest, send } from './context.js';
import { RegistryError } from './errors.js';
import { digestString } from './names.js';

function blobUnknown(digest: string): RegistryError {
  return new RegistryError('BLOB_UNKNOWN', {
    detail: { digest },
    message: `blob unknown to registry: ${digest} is not in this repository; push it first`,
  });
}

/** Parses a single "bytes=a-b" range against `size`; undefined when absent, 'bad' when unsatisfiable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined | 'bad' {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'bad';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'bad';
    start = Math.max(size - suffix, 0);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'bad';
  return { start, end };
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
    throw new RegistryError('RANGE_INVALID', {
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
  // The stream owns the handle and closes it; an open handle keeps the bytes readable even if
  // GC removes the file meanwhile.
  await pipeline(fh.createReadStream({ start, end, highWaterMark: 1 << 19 }), ctx.res);
}

/** DELETE of a blob: unlinks it from the repository; GC reclaims the bytes when nothing else uses them. */
export async function deleteBlob(ctx: Ctx): Promise<void> {
  const d = requireDigest(ctx.params.digest);
  if (!(await ctx.core.store.unlinkBlob(repoName(ctx), d))) throw blobUnknown(digestString(d));
  send(ctx, 202, { 'Docker-Content-Digest': digestString(d) });
}
