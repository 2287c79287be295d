// Fills a registry with many tags fast: one tiny image (a config and one layer, uploaded once
// per repository) and then only manifest PUTs, straight through the registry client, several
// at a time. 10,000 tags take seconds, where docker or skopeo would take many minutes.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { mapLimit } from '../../shared/async.js';
import { MediaType, uploadBlob, type RegistryClient } from '../../electron/registry-client/index.js';

const sha256 = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** The bytes of a tiny OCI image whose config says `created`. */
export function tinyImage(created = '2026-01-02T03:04:05Z') {
  const layer = Buffer.from('a tiny layer for registry listings');
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created,
      rootfs: { type: 'layers', diff_ids: [sha256(layer)] },
      config: {},
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: sha256(config), size: config.length },
      layers: [{ mediaType: MediaType.ociLayerGzip, digest: sha256(layer), size: layer.length }],
    }),
  );
  return { layer, config, manifest, digest: sha256(manifest) };
}

/** Uploads the tiny image to `repository` and tags it with every name in `tags`; returns its digest. */
export async function fillTags(
  client: RegistryClient,
  repository: string,
  tags: string[],
  image = tinyImage(),
  /** A repository that holds the image already: its blobs are mounted, not sent again. */
  mountFrom?: string,
): Promise<string> {
  for (const blob of [image.config, image.layer]) {
    await uploadBlob(
      client,
      repository,
      {
        digest: sha256(blob),
        size: blob.length,
        open: (start, end) => Readable.from([blob.subarray(start, end)]),
      },
      mountFrom ? { mountFrom: [mountFrom] } : {},
    );
  }
  await mapLimit(tags, 16, (tag) =>
    client.putManifest(repository, tag, image.manifest, MediaType.ociManifest),
  );
  return image.digest;
}
