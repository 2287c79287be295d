// One-click delete on the current device (browsing is browse.ts), through the registry
// client (the same calls work on the demo device, the edge device and Distribution).
import type { DeletePreview, DeleteResultView } from '../../shared/api.js';
import { ApiError } from '../../shared/api.js';
import { deleteImage, siblingTags } from '../registry-client/index.js';
import type { ActiveDevice } from './active-device.js';
import { text } from '../../shared/i18n/index.js';

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
