// What `ls` shows of an image: digest, media type, size (config plus layers; per platform
// for an index) and the creation time from the config.
import type { RegistryClient } from './client.js';
import { isIndex, type Descriptor, type ImageManifest, type IndexManifest } from './media-types.js';

export interface PlatformImage {
  /** `os/arch[/variant]`, from the index or else the config; '' when neither says. */
  platform: string;
  digest: string;
  mediaType: string;
  /** Config plus layers, in bytes, as stored (compressed where the layers are). */
  size: number;
  created?: string;
  config: { digest: string; size: number };
  layers: { digest: string; size: number; mediaType: string }[];
}

export interface ImageInfo {
  repository: string;
  reference: string;
  digest: string;
  mediaType: string;
  /** Sum over the platforms (one image: its size). */
  size: number;
  platforms: PlatformImage[];
}

/** Reads the manifest (and for an index each platform's manifest) and each config's creation time. */
export async function imageInfo(
  client: RegistryClient,
  repository: string,
  reference: string,
  signal?: AbortSignal,
): Promise<ImageInfo> {
  const top = await client.getManifest(repository, reference, signal);
  let platforms: PlatformImage[];
  if (isIndex(top.mediaType) || Array.isArray((top.json as Partial<IndexManifest>).manifests)) {
    const entries = ((top.json as unknown as IndexManifest).manifests ?? []).filter(
      // Attestation manifests (buildx) are not images to run.
      (d) => d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
    );
    platforms = await Promise.all(
      entries.map(async (d) => {
        const m = await client.getManifest(repository, d.digest, signal);
        return platformImage(
          client,
          repository,
          m.digest,
          m.mediaType,
          m.json as unknown as ImageManifest,
          d,
          signal,
        );
      }),
    );
  } else {
    platforms = [
      await platformImage(
        client,
        repository,
        top.digest,
        top.mediaType,
        top.json as unknown as ImageManifest,
        undefined,
        signal,
      ),
    ];
  }
  return {
    repository,
    reference,
    digest: top.digest,
    mediaType: top.mediaType,
    size: platforms.reduce((n, p) => n + p.size, 0),
    platforms,
  };
}

async function platformImage(
  client: RegistryClient,
  repository: string,
  digest: string,
  mediaType: string,
  m: ImageManifest,
  d: Descriptor | undefined,
  signal?: AbortSignal,
): Promise<PlatformImage> {
  const layers = (m.layers ?? []).map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType }));
  let created: string | undefined;
  let p = d?.platform;
  try {
    const config = await client.getBlobJson<{
      created?: string;
      os?: string;
      architecture?: string;
      variant?: string;
    }>(repository, m.config.digest, signal);
    created = config.created;
    if (!p && config.os && config.architecture)
      p = { os: config.os, architecture: config.architecture, variant: config.variant };
  } catch {
    // A config we cannot read (artifact, foreign blob) still leaves sizes to show.
  }
  return {
    platform: p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : '',
    digest,
    mediaType,
    size: m.config.size + layers.reduce((n, l) => n + l.size, 0),
    created,
    config: { digest: m.config.digest, size: m.config.size },
    layers,
  };
}
