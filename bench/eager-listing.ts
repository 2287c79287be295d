// The app's listing before issue 19, kept only as the bench's reference: every repository,
// every tag, and for each tag its manifest and config, in one call (what the window repeated
// every 30 s). The app now reads names, then a repository's tags, then details per row.
import { mapLimit } from '../shared/async.js';
import type { TagView } from '../shared/api.js';
import { imageInfo, type RegistryClient } from '../electron/registry-client/index.js';

/** Every repository with its tags, digests, sizes and creation times (the old listRepositories). */
export async function eagerListing(client: RegistryClient): Promise<{ name: string; tags: TagView[] }[]> {
  const names = await client.catalog();
  const repos = await mapLimit(names.sort(), 4, async (name) => {
    const tags = await client.tags(name);
    const views = await mapLimit(tags.sort(), 6, async (tag): Promise<TagView | undefined> => {
      try {
        const info = await imageInfo(client, name, tag);
        const size = info.platforms.length > 1 ? Math.max(...info.platforms.map((p) => p.size)) : info.size;
        const created = info.platforms.map((p) => p.created).find(Boolean);
        return { tag, digest: info.digest, size, mediaType: info.mediaType, ...(created ? { created } : {}) };
      } catch (e) {
        if ((e as { code?: string }).code === 'MANIFEST_UNKNOWN') return undefined;
        throw e;
      }
    });
    return { name, tags: views.filter((v): v is TagView => v !== undefined) };
  });
  return repos.filter((r) => r.tags.length > 0);
}
