// One-click delete, the way the device manual does it by hand but safely: resolve the tag to
// its digest, find the other tags sharing that digest, delete only the tag where the registry
// supports it, otherwise the manifest by digest (which takes every sharing tag with it, so
// the caller is told first). On our embedded registry the reclaimed space is reported.
import type { RegistryClient, RegistryUsage } from './client.js';
import { RegistryError, errorFromResponse } from './errors.js';
import { text } from '../../shared/i18n/index.js';
import { mapLimit } from '../../shared/async.js';

export interface DeleteOptions {
  /**
   * Called before a digest delete that also removes `siblings`; return false to stop.
   * Without it such a delete is refused.
   */
  confirmSiblings?: (siblings: string[], digest: string) => boolean | Promise<boolean>;
  signal?: AbortSignal;
}

export interface DeleteResult {
  repository: string;
  tag: string;
  digest: string;
  /** 'tag': only the tag went; 'manifest': the manifest went, with every tag in removedTags. */
  deleted: 'tag' | 'manifest';
  removedTags: string[];
  /** Other tags that pointed at the same digest. */
  siblings: string[];
  /** Bytes freed on our embedded registry (its GC, run right after the delete); null elsewhere. */
  reclaimedBytes: number | null;
  usage?: RegistryUsage | null;
}

/** Codes with which registries refuse a DELETE by tag (then we fall back to the digest). */
const tagDeleteUnsupported = new Set([
  'UNSUPPORTED',
  'DIGEST_INVALID',
  'MANIFEST_INVALID',
  'UNKNOWN',
  'TAG_INVALID',
]);

/** Deletes `repository:tag` (see the file comment for the exact semantics). */
export async function deleteImage(
  client: RegistryClient,
  repository: string,
  tag: string,
  opts: DeleteOptions = {},
): Promise<DeleteResult> {
  const { signal } = opts;
  const head = await client.headManifest(repository, tag, signal);
  if (!head) {
    throw errorFromResponse(404, '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}', {
      registry: client.registry,
      repository,
      reference: tag,
    });
  }
  const siblings = await siblingTags(client, repository, tag, head.digest, signal);
  const before = await client.usage(signal);
  let deleted: DeleteResult['deleted'] = 'manifest';
  if (siblings.length > 0) {
    try {
      await client.deleteManifest(repository, tag, signal);
      deleted = 'tag';
    } catch (e) {
      if (
        !(e instanceof RegistryError) ||
        !(tagDeleteUnsupported.has(e.code) || e.status === 400 || e.status === 405)
      )
        throw e;
    }
  }
  if (deleted === 'manifest') {
    if (siblings.length > 0) {
      const ok = opts.confirmSiblings ? await opts.confirmSiblings(siblings, head.digest) : false;
      if (!ok) {
        throw new RegistryError(
          'SIBLINGS',
          text('err.registry.siblings', {
            registry: client.registry,
            ref: `${repository}:${tag}`,
            digest: head.digest,
            tags: siblings.join(', '),
          }),
        );
      }
    }
    await client.deleteManifest(repository, head.digest, signal);
  }
  // Our registry frees space in its garbage collection: run it now so the user sees the figure.
  const reclaimed = before ? await client.collectGarbage(signal) : null;
  const after = before ? await client.usage(signal) : null;
  return {
    repository,
    tag,
    digest: head.digest,
    deleted,
    removedTags: deleted === 'tag' ? [tag] : [tag, ...siblings],
    siblings,
    reclaimedBytes: reclaimed ?? (before && after ? Math.max(0, before.used - after.used) : null),
    usage: after,
  };
}

/** Tags of `repository` other than `tag` that resolve to `digest` (8 HEADs at a time). */
export async function siblingTags(
  client: RegistryClient,
  repository: string,
  tag: string,
  digest: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const others = (await client.tags(repository, { signal })).filter((t) => t !== tag);
  const heads = await mapLimit(others, 8, (t) => client.headManifest(repository, t, signal));
  return others.filter((_, i) => heads[i]?.digest === digest).sort();
}
