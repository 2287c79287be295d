// Pushing a dropped `docker save` / OCI archive straight to the device, without Docker
// (electron/registry-client streams the layers). Each image in the archive goes to the
// repository and tag its name suggests, unless the caller names them.
import { basename } from 'node:path';
import { deviceTarget } from '../../shared/image-name.js';
import { pushTarball, readImageArchive, RegistryError, shortId } from '../registry-client/index.js';
import type { ActiveDevice } from './active-device.js';
import { layerViews, type JobContext } from './jobs.js';
import { text, type Text } from '../../shared/i18n/index.js';

/** Pushes every image of the archive at `path`; resolves to a message for the user. */
export async function pushArchive(
  device: ActiveDevice,
  path: string,
  fileName: string,
  target: { repository?: string; tag?: string },
  ctx: JobContext,
): Promise<Text> {
  const archive = await readImageArchive(path).catch((e: unknown) => {
    throw namedAs(e, basename(fileName));
  });
  const fallback = basename(fileName).replace(/\.tar$/i, '');
  const pushed: string[] = [];
  const used = new Set<string>();
  for (const [index, image] of archive.images.entries()) {
    const suggested = deviceTarget(image.names[0] ?? '', fallback);
    const repository = target.repository || suggested.repository;
    let tag = target.tag || suggested.tag;
    // Images without a name (saved by ID) would all land on one tag, each hiding the one before.
    if (used.has(`${repository}:${tag}`)) tag = shortId(image.manifest.digest);
    used.add(`${repository}:${tag}`);
    const result = await pushTarball({
      file: path,
      to: { repository, tag },
      client: device.client,
      ...(archive.images.length > 1 ? { image: image.names[0] ?? image.manifest.digest } : {}),
      signal: ctx.signal,
      onProgress: (p) => {
        const share = 1 / archive.images.length;
        ctx.update({
          message: `${repository}:${tag}`,
          progress: share * index + share * (p.total > 0 ? p.done / p.total : 0),
          layers: layerViews(p.layers),
        });
      },
    });
    pushed.push(`${device.view.endpoint}/${result.repository}:${result.tag}`);
  }
  return text('job.pushed', { refs: pushed.join(', ') });
}

/**
 * A bad archive's error names the file as the user knows it (the name they dropped), not the
 * copy the app staged (a web upload lands in the app's staging folder under a random name).
 */
function namedAs(e: unknown, name: string): unknown {
  if (!(e instanceof RegistryError) || e.code !== 'INVALID_ARCHIVE') return e;
  const t = e.text;
  if (!t?.params || !('file' in t.params)) return e;
  return new RegistryError(e.code, text(t.key, { ...t.params, file: name }), e.status, e.registryMessage);
}
