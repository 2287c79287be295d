// Writes a synthetic image as a `docker save` tarball (what skopeo calls docker-archive),
// in the layout Docker 20.10-24 produces: one folder per layer (VERSION, json,
// layer.tar), the image config as <hex>.json, manifest.json and repositories.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { SyntheticImage } from './images.js';

function hex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

/** Streams `image` into `file` as a docker save archive tagged `repoTag` (e.g. bench/big:latest). */
export async function writeDockerArchive(
  file: string,
  image: SyntheticImage,
  repoTag: string,
): Promise<void> {
  const pack = tar.pack();
  const tmp = `${file}.tmp-${process.pid}`;
  const done = pipeline(pack, createWriteStream(tmp));
  const mtime = new Date('2026-01-01T00:00:00Z');
  const add = (name: string, content: string) => pack.entry({ name, mtime }, content);
  const layerPaths: string[] = [];
  let parent: string | undefined;
  for (const layer of image.layers) {
    // Legacy v1 IDs chain each layer to its parent, as docker save computes them.
    const id = createHash('sha256')
      .update(`${parent ?? ''}\n${layer.digest}`)
      .digest('hex');
    pack.entry({ name: `${id}/`, type: 'directory', mtime });
    add(`${id}/VERSION`, '1.0');
    add(`${id}/json`, JSON.stringify({ id, ...(parent ? { parent } : {}), created: mtime, os: 'linux' }));
    const entry = pack.entry({ name: `${id}/layer.tar`, size: layer.size, mtime });
    await pipeline(createReadStream(layer.path, { highWaterMark: 1 << 20 }), entry);
    layerPaths.push(`${id}/layer.tar`);
    parent = id;
  }
  const configName = `${hex(image.config.digest)}.json`;
  add(configName, readFileSync(image.config.path, 'utf8'));
  add('manifest.json', JSON.stringify([{ Config: configName, RepoTags: [repoTag], Layers: layerPaths }]));
  const [repo, tag] = repoTag.split(':') as [string, string];
  add('repositories', JSON.stringify({ [repo]: { [tag]: parent } }));
  pack.finalize();
  await done;
  renameSync(tmp, file);
}

/** The docker save archive next to a cached image, written once. */
export async function cachedDockerArchive(
  file: string,
  image: SyntheticImage,
  repoTag: string,
): Promise<string> {
  if (!existsSync(file)) await writeDockerArchive(file, image, repoTag);
  return file;
}
