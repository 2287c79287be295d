// Synthetic images for the bench, written as an OCI image layout (skopeo's `oci:DIR`).
// Layers are real tar archives holding one file of random bytes: incompressible, like
// already-compressed layers, and valid, so any client can pull and unpack them. They are
// stored uncompressed (media type ...layer.v1.tar, digest == diff ID), which is what a
// `docker save` archive holds too; skopeo is run with --preserve-digests so it moves the
// bytes as they are instead of gzipping them on the way (see docs/benchmarks.md).
import { createHash, randomFill } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { endOfArchive, padding, ustarHeader } from './tar-header.js';

export const mediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
} as const;

export interface BlobFile {
  digest: string;
  size: number;
  mediaType: string;
  /** Where the blob is on disk (inside the OCI layout). */
  path: string;
}

export interface SyntheticImage {
  /** The OCI layout folder; skopeo reference `oci:${ociDir}:${tag}`. */
  ociDir: string;
  tag: string;
  layers: BlobFile[];
  config: BlobFile;
  manifest: BlobFile;
  /** Bytes a push moves: config plus layers (the manifest is a few hundred bytes). */
  bytes: number;
}

const created = '2026-01-01T00:00:00Z';
const mtime = Date.parse(created) / 1000;
const CHUNK = 4 * 1024 * 1024;

function sha256(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

function blobPath(ociDir: string, digest: string): string {
  return join(ociDir, 'blobs', 'sha256', digest.slice('sha256:'.length));
}

function fillRandom(buf: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => randomFill(buf, (err, b) => (err ? reject(err) : resolve(b))));
}

/** Writes a layer tar with one file of `payload` random bytes into the layout; hashes as it writes. */
async function writeRandomLayer(ociDir: string, fileName: string, payload: number): Promise<BlobFile> {
  const tmp = join(ociDir, 'blobs', 'sha256', `.tmp-${process.pid}-${fileName}`);
  const hash = createHash('sha256');
  const fh = await open(tmp, 'w');
  let size = 0;
  const put = async (buf: Buffer) => {
    hash.update(buf);
    await fh.write(buf, 0, buf.length, null);
    size += buf.length;
  };
  try {
    await put(ustarHeader('bench/', 0, '5', mtime));
    await put(ustarHeader(`bench/${fileName}`, payload, '0', mtime));
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, payload));
    for (let left = payload; left > 0;) {
      const chunk = buf.subarray(0, Math.min(left, buf.length));
      await fillRandom(chunk);
      await put(chunk);
      left -= chunk.length;
    }
    await put(padding(payload));
    await put(endOfArchive);
    await fh.sync();
  } finally {
    await fh.close();
  }
  const digest = 'sha256:' + hash.digest('hex');
  const path = blobPath(ociDir, digest);
  renameSync(tmp, path);
  return { digest, size, mediaType: mediaTypes.ociLayer, path };
}

function writeJsonBlob(ociDir: string, value: unknown, mediaType: string): BlobFile {
  const bytes = Buffer.from(JSON.stringify(value));
  const digest = sha256(bytes);
  const path = blobPath(ociDir, digest);
  writeFileSync(path, bytes);
  return { digest, size: bytes.length, mediaType, path };
}

/** Writes an OCI layout with one image of `layerSizes` random layers (payload bytes each). */
export async function writeSyntheticImage(
  ociDir: string,
  name: string,
  layerSizes: number[],
  tag = 'latest',
): Promise<SyntheticImage> {
  mkdirSync(join(ociDir, 'blobs', 'sha256'), { recursive: true });
  const layers: BlobFile[] = [];
  for (const [i, payload] of layerSizes.entries()) {
    layers.push(await writeRandomLayer(ociDir, `${name}-layer${i + 1}.bin`, payload));
  }
  const config = writeJsonBlob(
    ociDir,
    {
      created,
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      history: layers.map((l, i) => ({ created, created_by: `edge-registry bench: ${name} layer ${i + 1}` })),
    },
    mediaTypes.ociConfig,
  );
  const descriptor = (b: BlobFile) => ({ mediaType: b.mediaType, digest: b.digest, size: b.size });
  const manifest = writeJsonBlob(
    ociDir,
    {
      schemaVersion: 2,
      mediaType: mediaTypes.ociManifest,
      config: descriptor(config),
      layers: layers.map(descriptor),
    },
    mediaTypes.ociManifest,
  );
  writeFileSync(join(ociDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(ociDir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociIndex,
      manifests: [{ ...descriptor(manifest), annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  const bytes = config.size + layers.reduce((sum, l) => sum + l.size, 0);
  return { ociDir, tag, layers, config, manifest, bytes };
}

/** Splits `total` bytes into `count` layers of (nearly) equal payload. */
export function equalLayers(total: number, count: number): number[] {
  const each = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? total - each * (count - 1) : each));
}

/**
 * The big image, cached under `cacheRoot` keyed by size and layer count: a complete
 * cache entry has image.json, written last, so an interrupted build is rebuilt.
 */
export async function cachedBigImage(
  cacheRoot: string,
  size: number,
  layers: number,
): Promise<SyntheticImage> {
  const dir = join(cacheRoot, `big-${size}-${layers}`);
  const metaFile = join(dir, 'image.json');
  if (existsSync(metaFile)) return JSON.parse(readFileSync(metaFile, 'utf8')) as SyntheticImage;
  rmSync(dir, { recursive: true, force: true });
  const image = await writeSyntheticImage(join(dir, 'oci'), 'big', equalLayers(size, layers));
  writeFileSync(metaFile, JSON.stringify(image, null, 2));
  return image;
}

/** A small image (two layers, 1 MiB and 16 KiB) with fresh random content, so no registry has its blobs yet. */
export function writeSmallImage(ociDir: string): Promise<SyntheticImage> {
  return writeSyntheticImage(ociDir, 'small', [1024 * 1024, 16 * 1024]);
}
