// Repositories, tags and one-click delete on the current device, through the registry
// client (the same calls work on the demo device, the edge device and Distribution).
import type { DeletePreview, DeleteResultView, RepositoryView, TagView } from '../../shared/api.js';
import { ApiError } from '../../shared/api.js';
import { deleteImage, imageInfo, siblingTags } from '../registry-client/index.js';
import type { ActiveDevice } from './active-device.js';
import { mapLimit } from '../../shared/async.js';
import { text } from '../../shared/i18n/index.js';

/** Every repository with its tags, digests, sizes and creation times. */
export async function listRepositories(device: ActiveDevice): Promise<RepositoryView[]> {
  const names = await device.client.catalog();
  const repos = await mapLimit(names.sort(), 4, async (name): Promise<RepositoryView> => {
    const tags = await device.client.tags(name);
    const views = await mapLimit(tags.sort(), 6, async (tag): Promise<TagView | undefined> => {
      try {
        const info = await imageInfo(device.client, name, tag);
        // For an index, the size a user cares about is one platform's, the largest.
        const size = info.platforms.length > 1 ? Math.max(...info.platforms.map((p) => p.size)) : info.size;
        const created = info.platforms.map((p) => p.created).find(Boolean);
        return { tag, digest: info.digest, size, mediaType: info.mediaType, ...(created ? { created } : {}) };
      } catch (e) {
        // A tag deleted between the list and the read is simply gone; anything else is a real failure.
        if ((e as { code?: string }).code === 'MANIFEST_UNKNOWN') return undefined;
        throw e;
      }
    });
    return { name, tags: views.filter((v): v is TagView => v !== undefined) };
  });
  return repos.filter((r) => r.tags.length > 0);
}

/** What deleting `repository:tag` will remove, for the confirm dialog. */
export async function previewDelete(
  device: ActiveDevice,
  repository: string,
  tag: string,
): Promise<DeletePreview> {
  const head = await device.client.headManifest(repository, tag);
  if (!head) {
    throw new ApiError('MANIFEST_UNKNOWN', text('err.app.tagGone', { ref: `${repository}:${tag}` }));
  }
  const siblings = await siblingTags(device.client, repository, tag, head.digest);
  // Our registry deletes a single tag; others may only delete by digest, taking the siblings along.
  const mode: DeletePreview['mode'] = device.isDemo && siblings.length > 0 ? 'tag' : 'manifest';
  return { repository, tag, digest: head.digest, siblingTags: siblings, mode };
}

/** Deletes `repository:tag`; sibling tags go only if the user saw each of them. */
export async function deleteTag(
  device: ActiveDevice,
  repository: string,
  tag: string,
  confirmedSiblings: string[],
): Promise<DeleteResultView> {
  const result = await deleteImage(device.client, repository, tag, {
    confirmSiblings: (siblings) => siblings.every((s) => confirmedSiblings.includes(s)),
  });
  return {
    deleted: result.removedTags,
    digest: result.digest,
    ...(result.reclaimedBytes !== null ? { reclaimableBytes: result.reclaimedBytes } : {}),
  };
}
