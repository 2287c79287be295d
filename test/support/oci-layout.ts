// OCI test data written here, by the tests' own hand and not by the product's code: digests,
// image manifests, and real OCI image layouts (index.json, oci-layout, blobs/sha256/...) with
// gzipped tar layers, which skopeo pushes without any network or docker daemon.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export const ociMediaTypes = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** An OCI image manifest for `config` and `layers` (uncompressed tar unless told), as bytes. */
export function ociManifest(
  config: Buffer,
  layers: Buffer[],
  opts: { layerMediaType?: string; extra?: Record<string, unknown> } = {},
): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: ociMediaTypes.manifest,
      config: { mediaType: ociMediaTypes.config, digest: sha256(config), size: config.length },
      layers: layers.map((l) => ({
        mediaType: opts.layerMediaType ?? ociMediaTypes.layer,
        digest: sha256(l),
        size: l.length,
      })),
      ...opts.extra,
    }),
  );
}

/** The index.json of an OCI layout or archive that holds one image manifest, tagged `ref`. */
export function ociLayoutIndex(manifest: Buffer, ref: string): string {
  return JSON.stringify({
    schemaVersion: 2,
    manifests: [
      {
        mediaType: ociMediaTypes.manifest,
        digest: sha256(manifest),
        size: manifest.length,
        annotations: { 'org.opencontainers.image.ref.name': ref },
      },
    ],
  });
}

async function tarOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', () => resolve());
    p.on('error', reject);
  });
  for (const [name, content] of Object.entries(files)) {
    p.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

export interface OciLayoutImage {
  dir: string;
  tag: string;
  manifestDigest: string;
  manifest: Buffer;
  config: Buffer;
  layers: { digest: string; bytes: Buffer }[];
}

/**
 * Writes an image into layout `dir`, tagged `tag`: one gzipped tar layer per entry of `layers`,
 * either a number (one file of that many random bytes) or the layer's files by name.
 */
export async function writeOciLayout(
  dir: string,
  tag: string,
  layers: (number | Record<string, string | Buffer>)[] = [2048],
  opts: { created?: string } = {},
): Promise<OciLayoutImage> {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (b: Buffer) => writeFileSync(join(blobs, sha256(b).slice(7)), b);
  const tars = await Promise.all(
    layers.map((l, i) => tarOf(typeof l === 'number' ? { [`layer-${i}.bin`]: randomBytes(l) } : l)),
  );
  const gzipped = tars.map((tar) => gzipSync(tar, { level: 1 }));
  const created = opts.created ?? '2026-01-02T03:04:05Z';
  const config = Buffer.from(
    JSON.stringify({
      created,
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: tars.map(sha256) },
      history: tars.map(() => ({ created, created_by: 'test' })),
    }),
  );
  const manifest = ociManifest(config, gzipped, { layerMediaType: ociMediaTypes.layerGzip });
  for (const b of [...gzipped, config, manifest]) put(b);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), ociLayoutIndex(manifest, tag));
  return {
    dir,
    tag,
    manifestDigest: sha256(manifest),
    manifest,
    config,
    layers: gzipped.map((bytes) => ({ digest: sha256(bytes), bytes })),
  };
}
