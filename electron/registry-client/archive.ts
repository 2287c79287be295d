// Reading an image tarball without extracting it: a `docker save` archive (manifest.json,
// <config>.json, <layer>/layer.tar) or an OCI archive (oci-layout, index.json,
// blobs/<alg>/<hex>). Only headers and the small JSON files are read here; blobs are later
// streamed from their offsets in the tar.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { posix } from 'node:path';
import { indexTar, tarName, type TarEntry } from './tar-index.js';
import { RegistryError } from './errors.js';
import { text } from '../../shared/i18n/index.js';
import {
  MediaType,
  isIndex,
  type Descriptor,
  type ImageManifest,
  type IndexManifest,
} from './media-types.js';

/** A blob inside the tar: its bytes are file[offset, offset+size). */
export interface ArchiveBlob {
  digest: string;
  size: number;
  mediaType: string;
  offset: number;
}

export interface ArchiveManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export interface ArchiveImage {
  /** Names the archive gives the image (RepoTags, or ref.name annotations). */
  names: string[];
  /** The manifest to tag (an index for multi-platform OCI archives). */
  manifest: ArchiveManifest;
  /** Manifests an index refers to: pushed by digest before the index. */
  children: ArchiveManifest[];
  /** Config(s) and layers, each once, configs first. */
  blobs: ArchiveBlob[];
}

export interface ImageArchive {
  file: string;
  format: 'docker-save' | 'oci-archive';
  images: ArchiveImage[];
}

function sha256(b: Buffer): string {
  return 'sha256:' + createHash('sha256').update(b).digest('hex');
}

/** Reads a whole (small) member. */
async function readMember(file: string, e: TarEntry, limit = 16 << 20): Promise<Buffer> {
  if (e.size > limit)
    throw new RegistryError('INVALID_ARCHIVE', text('err.archive.tooLarge', { file, name: e.name }));
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(e.size);
    await fh.read(b, 0, e.size, e.offset);
    return b;
  } finally {
    await fh.close();
  }
}

function parseJson<T>(file: string, name: string, b: Buffer): T {
  try {
    return JSON.parse(b.toString('utf8')) as T;
  } catch {
    throw new RegistryError('INVALID_ARCHIVE', text('err.archive.notJson', { file, name }));
  }
}

/** Finds members by name, following symlinks and hard links (docker save links repeated layers). */
function resolver(file: string, entries: TarEntry[]) {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return (name: string): TarEntry => {
    let e = byName.get(tarName(name));
    // Bounded: a link cycle ends after a few hops.
    for (let hops = 0; e && e.type !== 'file' && hops < 16; hops++) {
      if (e.type === 'symlink')
        e = byName.get(tarName(posix.normalize(posix.join(posix.dirname(e.name), e.linkname))));
      else if (e.type === 'link') e = byName.get(tarName(e.linkname));
      else break;
    }
    if (!e || e.type !== 'file')
      throw new RegistryError('INVALID_ARCHIVE', text('err.archive.lacks', { file, name }));
    return e;
  };
}

/** True when the member starts with the gzip magic. */
async function isGzip(file: string, e: TarEntry): Promise<boolean> {
  if (e.size < 2) return false;
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(2);
    await fh.read(b, 0, 2, e.offset);
    return b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Hashes a member by streaming it (only for compressed docker-save layers, whose name is not their digest). */
function hashMember(file: string, e: TarEntry): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    const s = createReadStream(file, { start: e.offset, end: e.offset + e.size - 1, highWaterMark: 1 << 20 });
    s.on('data', (d) => h.update(d));
    s.on('error', reject);
    s.on('end', () => resolve('sha256:' + h.digest('hex')));
  });
}

/** Opens and indexes an image tarball; `select` picks images by name when it holds several. */
export async function readImageArchive(file: string): Promise<ImageArchive> {
  const entries = await indexTar(file);
  const names = new Set(entries.map((e) => e.name));
  // manifest.json first: Docker 25 and later write it beside an OCI index.json, and what
  // `docker save` wrote is pushed as `docker push` would push it (Docker schema 2).
  if (names.has('manifest.json')) {
    return { file, format: 'docker-save', images: await readDockerSave(file, entries) };
  }
  if (names.has('index.json') && names.has('oci-layout')) {
    return { file, format: 'oci-archive', images: await readOci(file, entries) };
  }
  throw new RegistryError('INVALID_ARCHIVE', text('err.archive.noImage', { file }));
}

async function readOci(file: string, entries: TarEntry[]): Promise<ArchiveImage[]> {
  const find = resolver(file, entries);
  const blobEntry = (digest: string) => {
    const [alg, hex] = digest.split(':');
    return find(`blobs/${alg}/${hex}`);
  };
  const index = parseJson<IndexManifest>(file, 'index.json', await readMember(file, find('index.json')));
  const images: ArchiveImage[] = [];
  for (const d of index.manifests ?? []) {
    const bytes = await readMember(file, blobEntry(d.digest));
    const manifest = { digest: d.digest, mediaType: d.mediaType, bytes };
    const children: ArchiveManifest[] = [];
    const blobs = new Map<string, ArchiveBlob>();
    const addImage = (m: ImageManifest) => {
      for (const b of [m.config, ...(m.layers ?? [])]) {
        if (blobs.has(b.digest)) continue;
        const e = blobEntry(b.digest);
        blobs.set(b.digest, { digest: b.digest, size: e.size, mediaType: b.mediaType, offset: e.offset });
      }
    };
    const json = parseJson<ImageManifest & IndexManifest>(file, d.digest, bytes);
    if (isIndex(d.mediaType) || Array.isArray(json.manifests)) {
      for (const c of json.manifests ?? []) {
        let e: TarEntry;
        try {
          e = blobEntry(c.digest);
        } catch {
          continue; // A platform the archive did not keep (skopeo copies one by default).
        }
        const cb = await readMember(file, e);
        children.push({ digest: c.digest, mediaType: c.mediaType, bytes: cb });
        addImage(parseJson<ImageManifest>(file, c.digest, cb));
      }
    } else {
      addImage(json);
    }
    const names = [
      d.annotations?.['io.containerd.image.name'],
      d.annotations?.['org.opencontainers.image.ref.name'],
    ].filter((n): n is string => !!n);
    images.push({ names, manifest, children, blobs: [...blobs.values()] });
  }
  if (images.length === 0)
    throw new RegistryError('INVALID_ARCHIVE', text('err.archive.emptyIndex', { file }));
  return images;
}

interface DockerSaveEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

async function readDockerSave(file: string, entries: TarEntry[]): Promise<ArchiveImage[]> {
  const find = resolver(file, entries);
  const list = parseJson<DockerSaveEntry[]>(
    file,
    'manifest.json',
    await readMember(file, find('manifest.json')),
  );
  const images: ArchiveImage[] = [];
  for (const item of list) {
    const configEntry = find(item.Config);
    const configBytes = await readMember(file, configEntry);
    const config = parseJson<{ rootfs?: { diff_ids?: string[] } }>(file, item.Config, configBytes);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== item.Layers.length) {
      throw new RegistryError(
        'INVALID_ARCHIVE',
        text('err.archive.layerCount', {
          file,
          image: item.RepoTags?.[0] ?? item.Config,
          config: diffIds.length,
          layers: item.Layers.length,
        }),
      );
    }
    const configDesc: ArchiveBlob = {
      digest: sha256(configBytes),
      size: configBytes.length,
      mediaType: MediaType.dockerConfig,
      offset: configEntry.offset,
    };
    const layers: ArchiveBlob[] = [];
    for (let i = 0; i < item.Layers.length; i++) {
      const e = find(item.Layers[i]!);
      // docker save writes layers uncompressed, so a layer's digest is its diff_id.
      const gz = await isGzip(file, e);
      layers.push({
        digest: gz ? await hashMember(file, e) : diffIds[i]!,
        size: e.size,
        mediaType: gz ? MediaType.dockerLayerGzip : MediaType.dockerLayerTar,
        offset: e.offset,
      });
    }
    // Docker schema 2, as `docker push` writes it: registries and tools that follow Docker's
    // manual (a HEAD that accepts only this type, then DELETE by digest) find the image.
    const manifestJson = {
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { mediaType: configDesc.mediaType, digest: configDesc.digest, size: configDesc.size },
      layers: layers.map((l): Descriptor => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    };
    const bytes = Buffer.from(JSON.stringify(manifestJson));
    const unique = new Map([configDesc, ...layers].map((b) => [b.digest, b]));
    images.push({
      names: item.RepoTags ?? [],
      manifest: { digest: sha256(bytes), mediaType: MediaType.dockerManifest, bytes },
      children: [],
      blobs: [...unique.values()],
    });
  }
  if (images.length === 0)
    throw new RegistryError('INVALID_ARCHIVE', text('err.archive.emptyManifest', { file }));
  return images;
}
