// Direct tarball push: a `docker save` or OCI archive goes straight from the file to the
// registry, without Docker. Blobs stream from their offsets in the tar (no extraction, no
// temp copies), several at once; each is HEAD-checked, mounted when another repository
// has it, and uploaded in resumable chunks. The manifest goes last, so a failed push never
// leaves a tag pointing at missing layers.
import { createReadStream, readFileSync } from 'node:fs';
import { RegistryClient } from './client.js';
import type { Credentials } from '../../shared/credentials.js';
import { readImageArchive, type ArchiveImage, type ImageArchive } from './archive.js';
import { uploadBlob } from './blob-upload.js';
import { ProgressTracker, shortId, type PushProgress } from './progress.js';
import { RegistryError } from './errors.js';
import { text } from '../../shared/i18n/index.js';
import { mapLimit } from '../../shared/async.js';

export interface PushTarballOptions {
  /** A `docker save` tar or an OCI archive (uncompressed tar). */
  file: string;
  /** Where to: the registry (`registryUrl` like https://host:port, or `endpoint` host:port), repository and tag. */
  to: { registryUrl?: string; endpoint?: string; repository: string; tag: string };
  credentials?: Credentials;
  /** Trusted CA(s): PEM text/Buffer, or a path to a PEM file. */
  ca?: string | Buffer | (string | Buffer)[];
  onProgress?: (p: PushProgress) => void;
  signal?: AbortSignal;
  /** Blobs uploading at once (default 4). */
  concurrency?: number;
  /** Bytes per PATCH (default 512 MiB). */
  chunkSize?: number;
  /** Attempts per blob after dropped connections (default 5). */
  maxAttempts?: number;
  /** For archives with several images: the name (RepoTag / ref.name) or manifest digest of the one to push. */
  image?: string;
  /** Repositories on the same registry to mount shared layers from. */
  mountFrom?: string[];
  /** An existing client to reuse (its registry, credentials and CA then apply). */
  client?: RegistryClient;
}

export interface PushTarballResult {
  registry: string;
  repository: string;
  tag: string;
  /** Digest of the manifest (or index) the tag now points at. */
  digest: string;
  mediaType: string;
  format: ImageArchive['format'];
  /** Bytes of all blobs of the image. */
  size: number;
  blobs: { digest: string; size: number; outcome: 'exists' | 'mounted' | 'pushed' }[];
  /** Bytes that went over the wire. */
  bytesSent: number;
  /** Times an upload resumed after a dropped connection. */
  resumes: number;
}

/** Turns the `ca` option into PEM contents (strings without a PEM header are file paths). */
export function loadCa(ca: PushTarballOptions['ca']): (string | Buffer)[] | undefined {
  if (ca === undefined) return undefined;
  const list = Array.isArray(ca) ? ca : [ca];
  return list.map((c) => (typeof c === 'string' && !c.includes('-----BEGIN') ? readFileSync(c, 'utf8') : c));
}

function pickImage(archive: ImageArchive, name?: string): ArchiveImage {
  if (name) {
    const found = archive.images.find(
      (i) =>
        i.manifest.digest === name ||
        i.names.some((n) => n === name || n.endsWith(`/${name}`) || n.split(':')[0] === name),
    );
    if (!found) {
      throw new RegistryError(
        'INVALID_ARCHIVE',
        text('err.archive.noSuchImage', {
          file: archive.file,
          name,
          images: archive.images.map((i) => i.names.join(', ') || i.manifest.digest).join('; '),
        }),
      );
    }
    return found;
  }
  if (archive.images.length > 1) {
    throw new RegistryError(
      'INVALID_ARCHIVE',
      text('err.archive.whichImage', {
        file: archive.file,
        count: archive.images.length,
        images: archive.images.map((i) => i.names[0] ?? i.manifest.digest).join(', '),
      }),
    );
  }
  return archive.images[0]!;
}

/**
 * Pushes an image tarball to a registry without Docker and resolves when the tag exists.
 * Example: `await pushTarball({ file: 'app.tar', to: { endpoint: 'host:31001', repository: 'app', tag: 'v1' }, credentials, ca: 'ca.crt' })`.
 */
export async function pushTarball(opts: PushTarballOptions): Promise<PushTarballResult> {
  const registry = opts.to.registryUrl ?? opts.to.endpoint;
  if (!opts.client && !registry)
    throw new Error('pushTarball: `to.registryUrl` or `to.endpoint` is required.');
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const client =
    opts.client ??
    new RegistryClient({
      registry: registry!,
      credentials: opts.credentials,
      ca: loadCa(opts.ca),
      maxSockets: concurrency + 2,
    });
  const { repository, tag } = opts.to;
  const { signal } = opts;
  try {
    const archive = await readImageArchive(opts.file);
    const image = pickImage(archive, opts.image);
    const tracker = new ProgressTracker(opts.onProgress);
    for (const b of image.blobs) tracker.add(shortId(b.digest), b.size, b.digest);

    // Largest first: the long uploads start early and the small ones fill the gaps.
    const queue = [...image.blobs].sort((a, b) => b.size - a.size);
    const results = new Map<string, PushTarballResult['blobs'][number]>();
    let bytesSent = 0;
    let resumes = 0;
    // After a failure no new upload starts; the running ones finish before it is thrown.
    await mapLimit(queue, concurrency, async (b) => {
      const id = shortId(b.digest);
      const r = await uploadBlob(
        client,
        repository,
        {
          digest: b.digest,
          size: b.size,
          open: (start, end) =>
            createReadStream(opts.file, {
              start: b.offset + start,
              end: b.offset + end - 1,
              highWaterMark: 1 << 20,
            }),
        },
        {
          chunkSize: opts.chunkSize,
          maxAttempts: opts.maxAttempts,
          mountFrom: opts.mountFrom,
          signal,
          onState: (state, done) => tracker.state(id, state, done),
          onBytes: (done) => tracker.bytes(id, done),
        },
      );
      bytesSent += r.bytesSent;
      resumes += r.resumes;
      results.set(b.digest, { digest: b.digest, size: b.size, outcome: r.outcome });
    });

    for (const c of image.children)
      await client.putManifest(repository, c.digest, c.bytes, c.mediaType, signal);
    const digest = await client.putManifest(
      repository,
      tag,
      image.manifest.bytes,
      image.manifest.mediaType,
      signal,
    );
    return {
      registry: client.registry,
      repository,
      tag,
      digest,
      mediaType: image.manifest.mediaType,
      format: archive.format,
      size: image.blobs.reduce((n, b) => n + b.size, 0),
      blobs: image.blobs.map((b) => results.get(b.digest)!),
      bytesSent,
      resumes,
    };
  } finally {
    if (!opts.client) client.close();
  }
}
