// Blob uploads: POST (monolithic with ?digest=, session start, cross-repository mount),
// PATCH chunks, PUT to finish, GET status, DELETE to cancel (OCI distribution spec "push").
import { type Ctx, contentLength, hasBody, repoName, requireDigest, send } from './context.js';
import { ServedError } from './errors.js';
import {
  digestAlgorithms,
  digestString,
  isValidName,
  parseAlgorithm,
  parseDigest,
  type DigestAlgorithm,
} from './names.js';
import { rangeHeader, uploadLocation, type UploadSession } from './storage/uploads.js';

function sessionHeaders(s: UploadSession): Record<string, string> {
  return { Location: uploadLocation(s), Range: rangeHeader(s.offset), 'Docker-Upload-UUID': s.id };
}

function blobCreated(ctx: Ctx, digest: string): void {
  send(ctx, 201, { Location: `/v2/${repoName(ctx)}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}

/** POST /v2/<name>/blobs/uploads/ */
export async function startUpload(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const { store, uploads } = ctx.core;
  const mount = ctx.query.get('mount');
  const from = ctx.query.get('from');
  if (mount !== null) {
    const d = requireDigest(mount, 'mount');
    // Mount only from a valid repository that really holds the blob; otherwise, as the spec
    // allows, fall back to a normal upload session.
    if (from !== null && isValidName(from)) {
      const digest = digestString(d);
      const unpin = await store.refs.pin([digest]);
      try {
        if ((await store.repoHasBlob(from, d)) !== undefined) {
          await store.linkBlob(repo, d, true);
          blobCreated(ctx, digest);
          return;
        }
      } finally {
        unpin();
      }
    }
  }
  const digestParam = ctx.query.get('digest');
  if (digestParam !== null) {
    const d = requireDigest(digestParam);
    const length = contentLength(ctx);
    const s = await uploads.create(repo, d.algorithm);
    try {
      await uploads.append(s, ctx.req, { length });
      if (length !== undefined && s.offset !== length) {
        throw new ServedError('SIZE_INVALID', { detail: { contentLength: length, received: s.offset } });
      }
      await uploads.complete(s, d);
    } catch (e) {
      await uploads.cancel(s).catch(() => {});
      throw e;
    }
    blobCreated(ctx, digestString(d));
    return;
  }
  const s = await uploads.create(repo, sessionAlgorithm(ctx));
  send(ctx, 202, sessionHeaders(s));
}

/**
 * The algorithm a session hashes with as bytes arrive: the `digest-algorithm` parameter (the
 * spec's draft, for a digest other than sha256), else sha256. An algorithm the registry does
 * not take is refused before any byte is sent (400 DIGEST_INVALID).
 */
function sessionAlgorithm(ctx: Ctx): DigestAlgorithm {
  const asked = ctx.query.get('digest-algorithm');
  if (asked === null) return 'sha256';
  const algorithm = parseAlgorithm(asked);
  if (!algorithm) {
    throw new ServedError('DIGEST_INVALID', {
      detail: { digestAlgorithm: asked.slice(0, 100) },
      message: `unsupported digest algorithm '${asked.slice(0, 100)}': use ${Object.keys(digestAlgorithms).join(' or ')}`,
    });
  }
  return algorithm;
}

/** GET /v2/<name>/blobs/uploads/<uuid>: the offset to resume from. */
export async function uploadStatus(ctx: Ctx): Promise<void> {
  const uploads = ctx.core.uploads;
  // Report the offset once a write still in progress (e.g. of a broken connection) has settled.
  await uploads.settled(uploads.get(repoName(ctx), ctx.params.uuid!));
  const s = uploads.get(repoName(ctx), ctx.params.uuid!);
  send(ctx, 204, sessionHeaders(s));
}

function parseContentRange(ctx: Ctx): { start: number; end: number } | undefined {
  const h = ctx.req.headers['content-range'];
  if (h === undefined) return undefined;
  // The spec's form is "<start>-<end>"; accept the HTTP form "bytes <start>-<end>/<total>" too.
  const m = /^(?:bytes )?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(h.trim());
  if (!m || Number(m[2]) < Number(m[1])) {
    throw new ServedError('RANGE_INVALID', {
      status: 416,
      detail: { contentRange: h },
      message: `invalid Content-Range '${h}': expected <start>-<end>`,
    });
  }
  return { start: Number(m[1]), end: Number(m[2]) };
}

/** PATCH /v2/<name>/blobs/uploads/<uuid>: one chunk, in order. */
export async function patchUpload(ctx: Ctx): Promise<void> {
  const s = ctx.core.uploads.get(repoName(ctx), ctx.params.uuid!);
  const range = parseContentRange(ctx);
  const length = contentLength(ctx);
  if (range && length !== undefined && range.end - range.start + 1 !== length) {
    throw new ServedError('RANGE_INVALID', {
      status: 416,
      detail: { contentRange: ctx.req.headers['content-range'], contentLength: length },
      message: 'Content-Range and Content-Length disagree about the chunk size',
      headers: sessionHeaders(s),
    });
  }
  await ctx.core.uploads.append(s, ctx.req, { start: range?.start, length });
  send(ctx, 202, sessionHeaders(s));
}

/** PUT /v2/<name>/blobs/uploads/<uuid>?digest=: the last chunk (optional) and the digest. */
export async function finishUpload(ctx: Ctx): Promise<void> {
  const { uploads } = ctx.core;
  const s = uploads.get(repoName(ctx), ctx.params.uuid!);
  const digestParam = ctx.query.get('digest');
  const d = digestParam !== null ? parseDigest(digestParam) : undefined;
  if (!d) {
    // Nothing is stored for a malformed request: the session goes too.
    await uploads.cancel(s).catch(() => {});
    requireDigest(digestParam);
    return;
  }
  if (hasBody(ctx)) {
    const range = parseContentRange(ctx);
    await uploads.append(s, ctx.req, { start: range?.start, length: contentLength(ctx) });
  }
  await uploads.complete(s, d);
  blobCreated(ctx, digestString(d));
}

/** DELETE /v2/<name>/blobs/uploads/<uuid>: cancel and free the data. */
export async function cancelUpload(ctx: Ctx): Promise<void> {
  const s = ctx.core.uploads.get(repoName(ctx), ctx.params.uuid!);
  await ctx.core.uploads.cancel(s);
  send(ctx, 204);
}
