// Manifests: PUT / GET / HEAD / DELETE /v2/<name>/manifests/<tag or digest>.
import { createHash } from 'node:crypto';
import { type Ctx, readLimited, repoName, send } from './context.js';
import { ServedError } from './errors.js';
import { maxManifestBytes, parseManifest, parsePushedManifest } from './manifest-format.js';
import { digestForm, digestString, isValidTag, looksLikeDigest, parseDigest, type Digest } from './names.js';

function manifestUnknown(reference: string): ServedError {
  return new ServedError('MANIFEST_UNKNOWN', {
    detail: { reference: reference.slice(0, 200) },
    message: `manifest unknown: ${reference.slice(0, 200)} is not in this repository`,
  });
}

/** A reference that looks like a digest but is not one the registry takes: DIGEST_INVALID (400). */
function digestInvalid(reference: string): ServedError {
  return new ServedError('DIGEST_INVALID', {
    detail: { reference: reference.slice(0, 200) },
    message: `invalid digest '${reference.slice(0, 200)}': expected ${digestForm}`,
  });
}

const tagRule = 'up to 128 characters of letters, digits, _ . and -, not starting with . or -';

/**
 * The reference as a digest or a tag; undefined for neither. A reference with a digest's shape
 * and an algorithm or length the registry does not take is DIGEST_INVALID, as the spec asks.
 */
function parseReference(reference: string): { digest: Digest } | { tag: string } | undefined {
  if (looksLikeDigest(reference)) {
    const digest = parseDigest(reference);
    if (!digest) throw digestInvalid(reference);
    return { digest };
  }
  return isValidTag(reference) ? { tag: reference } : undefined;
}

/**
 * Most `tag` query parameters one PUT applies (the spec asks for at least 10, and allows 414
 * beyond what a registry takes): each is a durable write.
 */
export const maxTagsPerPut = 100;

/** The tags a PUT applies: the reference's, if a tag, and each `tag` query parameter. */
function tagsOfPut(
  ctx: Ctx,
  ref: { digest: Digest } | { tag: string },
): { tags: string[]; queried: string[] } {
  const queried = [...new Set(ctx.query.getAll('tag'))];
  if (queried.length > maxTagsPerPut) {
    throw new ServedError('MANIFEST_INVALID', {
      status: 414,
      detail: { tags: queried.length, limit: maxTagsPerPut },
      message: `too many tag parameters (${queried.length}): at most ${maxTagsPerPut} per request; apply the rest with another PUT`,
    });
  }
  for (const t of queried) {
    if (!isValidTag(t)) {
      throw new ServedError('MANIFEST_INVALID', {
        detail: { tag: t.slice(0, 200) },
        message: `invalid tag '${t.slice(0, 200)}': use ${tagRule}; nothing was stored`,
      });
    }
  }
  const tags = 'tag' in ref ? [...new Set([ref.tag, ...queried])] : queried;
  return { tags, queried };
}

/**
 * PUT: validate (JSON, media type, size, every referenced blob/manifest present), then store.
 * By digest, the manifest is stored under that digest's algorithm (sha256 or sha512); by tag,
 * under sha256. Each `tag` query parameter tags it too, answered with an `OCI-Tag` header each.
 */
export async function putManifest(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const { store } = ctx.core;
  const reference = ctx.params.reference!;
  const ref = parseReference(reference);
  if (!ref) {
    // The spec names no code for this; the manifest cannot be stored under that reference.
    throw new ServedError('MANIFEST_INVALID', {
      detail: { reference: reference.slice(0, 200) },
      message: `invalid tag '${reference.slice(0, 200)}': use ${tagRule}, or a digest`,
    });
  }
  const { tags, queried } = tagsOfPut(ctx, ref);
  const bytes = await readLimited(ctx, maxManifestBytes, 'MANIFEST_INVALID', 'manifest');
  const parsed = parsePushedManifest(bytes, ctx.req.headers['content-type']);
  const algorithm = 'digest' in ref ? ref.digest.algorithm : 'sha256';
  const d: Digest = { algorithm, hex: createHash(algorithm).update(bytes).digest('hex') };
  const digest = digestString(d);
  if ('digest' in ref && ref.digest.hex !== d.hex) {
    throw new ServedError('DIGEST_INVALID', {
      detail: { expected: digestString(ref.digest), actual: digest },
      message: `digest mismatch: the manifest's bytes are ${digest}, not ${digestString(ref.digest)}`,
    });
  }
  const referenced = [...parsed.blobs, ...parsed.manifests].map((x) => digestString(x.digest));
  // Pin before checking, so live GC cannot remove what this manifest is about to reference.
  const unpin = await store.refs.pin([digest, ...referenced]);
  try {
    for (const b of parsed.blobs) {
      const size = await store.repoHasBlob(repo, b.digest);
      if (size === undefined) {
        throw new ServedError('MANIFEST_BLOB_UNKNOWN', {
          detail: { digest: digestString(b.digest) },
          message: `manifest references blob ${digestString(b.digest)}, which is not in this repository; push the blob first`,
        });
      }
      if (size !== b.size) {
        throw new ServedError('MANIFEST_INVALID', {
          detail: { digest: digestString(b.digest), size: b.size, storedSize: size },
          message: `manifest invalid: blob ${digestString(b.digest)} has ${size} bytes, the manifest says ${b.size}`,
        });
      }
    }
    for (const m of parsed.manifests) {
      if (!(await store.hasRevision(repo, m.digest))) {
        throw new ServedError('MANIFEST_BLOB_UNKNOWN', {
          detail: { digest: digestString(m.digest) },
          message: `index references manifest ${digestString(m.digest)}, which is not in this repository; push it first`,
        });
      }
    }
    await store.putManifest(repo, d, bytes, {
      tags,
      subject: parsed.subject?.digest,
      blobs: parsed.blobs.map((b) => b.digest),
      manifests: parsed.manifests.map((m) => m.digest),
    });
    store.refs.untouch(referenced);
  } finally {
    unpin();
  }
  const headers: Record<string, string> = {
    Location: `/v2/${repo}/manifests/${digest}`,
    'Docker-Content-Digest': digest,
  };
  if (parsed.subject) headers['OCI-Subject'] = digestString(parsed.subject.digest);
  // One header line per tag (RFC 9110 allows a list too); tags are plain tokens.
  if (queried.length > 0) ctx.res.setHeader('OCI-Tag', tags);
  send(ctx, 201, headers);
}

/** GET and HEAD by tag or digest, with Docker-Content-Digest and the manifest's media type. */
export async function getManifest(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const reference = ctx.params.reference!;
  // Neither a tag nor a digest: no manifest has that reference (404, as Distribution and Harbor).
  if (!parseReference(reference)) throw manifestUnknown(reference);
  const d = await ctx.core.store.resolveManifest(repo, reference);
  const bytes = d && (await ctx.core.store.readBlob(d));
  if (!d || !bytes) throw manifestUnknown(reference);
  let mediaType: string;
  try {
    mediaType = parseManifest(bytes).mediaType;
  } catch {
    mediaType = 'application/octet-stream';
  }
  const digest = digestString(d);
  if (ctx.req.method === 'HEAD' && parseDigest(reference)) ctx.core.store.refs.touch(digest);
  send(
    ctx,
    200,
    {
      'Content-Type': mediaType,
      'Docker-Content-Digest': digest,
      ETag: `"${digest}"`,
      'Content-Length': bytes.length,
    },
    bytes,
  );
}

/** DELETE by digest removes the manifest and its tags; DELETE by tag removes only that tag. */
export async function deleteManifest(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const reference = ctx.params.reference!;
  const ref = parseReference(reference);
  const { store } = ctx.core;
  if (!ref) throw manifestUnknown(reference);
  if ('tag' in ref) {
    if (!(await store.deleteTag(repo, ref.tag))) throw manifestUnknown(reference);
    send(ctx, 202);
    return;
  }
  const d = ref.digest;
  if (!(await store.hasRevision(repo, d))) throw manifestUnknown(reference);
  const bytes = await store.readBlob(d);
  let subject: Digest | undefined;
  try {
    subject = bytes ? parseManifest(bytes).subject?.digest : undefined;
  } catch {
    subject = undefined;
  }
  await store.deleteManifest(repo, d, subject);
  send(ctx, 202, { 'Docker-Content-Digest': digestString(d) });
}
