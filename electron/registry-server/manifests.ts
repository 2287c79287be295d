// Manifests: PUT / GET / HEAD / DELETE /v2/<name>/manifests/<tag or digest>.
import { createHash } from 'node:crypto';
import { type Ctx, readLimited, repoName, send } from './context.js';
import { RegistryError } from './errors.js';
import { maxManifestBytes, parseManifest } from './manifest-format.js';
import { digestString, isValidTag, looksLikeDigest, parseDigest, type Digest } from './names.js';

function manifestUnknown(reference: string): RegistryError {
  return new RegistryError('MANIFEST_UNKNOWN', {
    detail: { reference },
    message: `manifest unknown: ${reference} is not in this repository`,
  });
}

/** The reference as a tag or digest; TAG_INVALID / DIGEST_INVALID when it is neither. */
function parseReference(reference: string): { digest?: Digest; tag?: string } {
  if (looksLikeDigest(reference)) {
    const digest = parseDigest(reference);
    if (!digest) {
      throw new RegistryError('DIGEST_INVALID', {
        detail: { reference },
        message: `invalid digest '${reference.slice(0, 200)}': expected sha256:<64 lower-case hex digits>`,
      });
    }
    return { digest };
  }
  if (!isValidTag(reference)) {
    throw new RegistryError('TAG_INVALID', {
      detail: { reference: reference.slice(0, 200) },
      message:
        'invalid tag: use up to 128 characters of letters, digits, _ . and -, not starting with . or -',
    });
  }
  return { tag: reference };
}

/** PUT: validate (JSON, media type, size, every referenced blob/manifest present), then store. */
export async function putManifest(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const { store } = ctx.core;
  const ref = parseReference(ctx.params.reference!);
  const bytes = await readLimited(ctx, maxManifestBytes, 'MANIFEST_INVALID', 'manifest');
  const parsed = parseManifest(bytes, ctx.req.headers['content-type']);
  const d: Digest = { algorithm: 'sha256', hex: createHash('sha256').update(bytes).digest('hex') };
  const digest = digestString(d);
  if (ref.digest && ref.digest.hex !== d.hex) {
    throw new RegistryError('DIGEST_INVALID', {
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
        throw new RegistryError('MANIFEST_BLOB_UNKNOWN', {
          detail: { digest: digestString(b.digest) },
          message: `manifest references blob ${digestString(b.digest)}, which is not in this repository; push the blob first`,
        });
      }
      if (size !== b.size) {
        throw new RegistryError('MANIFEST_INVALID', {
          detail: { digest: digestString(b.digest), size: b.size, storedSize: size },
          message: `manifest invalid: blob ${digestString(b.digest)} has ${size} bytes, the manifest says ${b.size}`,
        });
      }
    }
    for (const m of parsed.manifests) {
      if (!(await store.hasRevision(repo, m.digest))) {
        throw new RegistryError('MANIFEST_BLOB_UNKNOWN', {
          detail: { digest: digestString(m.digest) },
          message: `index references manifest ${digestString(m.digest)}, which is not in this repository; push it first`,
        });
      }
    }
    await store.putManifest(repo, d, bytes, {
      tag: ref.tag,
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
  send(ctx, 201, headers);
}

/** GET and HEAD by tag or digest, with Docker-Content-Digest and the manifest's media type. */
export async function getManifest(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const reference = ctx.params.reference!;
  parseReference(reference);
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
  if (ref.tag !== undefined) {
    if (!(await store.deleteTag(repo, ref.tag))) throw manifestUnknown(reference);
    send(ctx, 202);
    return;
  }
  const d = ref.digest!;
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
