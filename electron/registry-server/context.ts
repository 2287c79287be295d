// What every request handler receives, and small response helpers shared by the resources.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from './storage/store.js';
import type { Uploads } from './storage/uploads.js';
import type { GcResult, UsageReport } from './gc.js';
import type { RegistrySettings } from './settings.js';
import type { OciErrorCode } from '../../shared/oci-errors.js';
import { ServedError } from './errors.js';
import { watchIdle } from './idle.js';
import { digestForm, parseDigest, type Digest } from './names.js';

/** The registry's parts that handlers use. */
export interface RegistryCore {
  store: Store;
  uploads: Uploads;
  /** How long a request body being read may send nothing before it is cut off (idle.ts). */
  bodyIdleMs: number;
  gc(opts?: { dryRun?: boolean }): Promise<GcResult>;
  usage(): Promise<UsageReport>;
  /** The quota and GC schedule in effect. */
  settings(): RegistrySettings;
  /** Applies settings now and keeps them in the data dir; an Error saying what to use when invalid. */
  configure(next: RegistrySettings): Promise<RegistrySettings>;
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  /** Named groups of the route's pattern: name, reference, digest, uuid. */
  params: Record<string, string>;
  query: URLSearchParams;
  core: RegistryCore;
}

export type Handler = (ctx: Ctx) => Promise<void>;

/** Ends the response with `status`, `headers` and an optional body. */
export function send(
  ctx: Ctx,
  status: number,
  headers: Record<string, string | number> = {},
  body?: string | Buffer,
): void {
  const h: Record<string, string | number> = { ...headers };
  if (body !== undefined && h['Content-Length'] === undefined) h['Content-Length'] = Buffer.byteLength(body);
  if (body === undefined && h['Content-Length'] === undefined) h['Content-Length'] = 0;
  ctx.res.writeHead(status, h);
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : body);
}

/** Sends JSON with the given status and extra headers. */
export function sendJson(
  ctx: Ctx,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(ctx, status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(value));
}

/** The `name` path parameter (already checked against the grammar by the server). */
export function repoName(ctx: Ctx): string {
  return ctx.params.name!;
}

/** A digest from the path or query, or DIGEST_INVALID. */
export function requireDigest(value: string | null | undefined, what = 'digest'): Digest {
  const d = value ? parseDigest(value) : undefined;
  if (!d) {
    throw new ServedError('DIGEST_INVALID', {
      detail: { [what]: value?.slice(0, 200) ?? null },
      message: value
        ? `invalid ${what} '${value.slice(0, 200)}': expected ${digestForm}`
        : `missing ${what}: expected ${digestForm}`,
    });
  }
  return d;
}

/**
 * Reads a request body up to `limit` bytes; a larger one is refused (413, `code`) without
 * storing anything. `what` names the body in the message.
 */
export async function readLimited(
  ctx: Ctx,
  limit: number,
  code: OciErrorCode,
  what: string,
): Promise<Buffer> {
  const declared = Number(ctx.req.headers['content-length'] ?? 0);
  const tooLarge = () =>
    new ServedError(code, {
      status: 413,
      detail: { limit },
      message: `${what} invalid: larger than the ${limit}-byte limit`,
    });
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  const idle = watchIdle(ctx.req, ctx.core.bodyIdleMs);
  try {
    for await (const c of ctx.req as AsyncIterable<Buffer>) {
      idle.lastDataAt = Date.now();
      total += c.length;
      if (total > limit) throw tooLarge();
      chunks.push(c);
    }
  } finally {
    idle.stop();
  }
  return Buffer.concat(chunks, total);
}

/** True when the request carries a body (a non-zero Content-Length or chunked encoding). */
export function hasBody(ctx: Ctx): boolean {
  const len = ctx.req.headers['content-length'];
  if (len !== undefined) return Number(len) > 0;
  return ctx.req.headers['transfer-encoding'] !== undefined;
}

/** Content-Length as a number, or undefined; SIZE_INVALID when malformed. */
export function contentLength(ctx: Ctx): number | undefined {
  const len = ctx.req.headers['content-length'];
  if (len === undefined) return undefined;
  const n = Number(len);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ServedError('SIZE_INVALID', { detail: { contentLength: len } });
  return n;
}

/** Applies the spec's `n` and `last` pagination to a sorted list; sets the Link header for the next page. */
export function paginate(ctx: Ctx, items: string[], basePath: string): string[] {
  const last = ctx.query.get('last');
  const nRaw = ctx.query.get('n');
  let list = last ? items.filter((i) => i > last) : items;
  if (nRaw !== null) {
    const n = Number(nRaw);
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new ServedError('PAGINATION_NUMBER_INVALID', {
        detail: { n: nRaw },
        message: `invalid page size n=${nRaw}: use a whole number of 0 or more`,
      });
    }
    if (list.length > n) {
      list = list.slice(0, n);
      const next = list[list.length - 1];
      if (next !== undefined) {
        ctx.res.setHeader('Link', `<${basePath}?n=${n}&last=${encodeURIComponent(next)}>; rel="next"`);
      }
    }
  }
  return list;
}
