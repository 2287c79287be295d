// Local images through dockerode: list, tag, load a `docker save` tarball, remove.
import type Docker from 'dockerode';
import { createReadStream } from 'node:fs';
import { DockerError, engineMessage } from './errors.js';
import { text } from '../../shared/i18n/index.js';
import type { LocalImageView } from '../../shared/api.js';

/** A local image as the UI lists it (shared/api.ts), with its digests in registries. */
export interface LocalImage extends LocalImageView {
  repoDigests: string[];
}

/** Images in the local engine, newest first. */
export async function listImages(docker: Docker): Promise<LocalImage[]> {
  const list = await docker.listImages();
  return list
    .map((i) => ({
      id: i.Id,
      repoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      repoDigests: (i.RepoDigests ?? []).filter((d) => !d.startsWith('<none>')),
      size: i.Size,
      created: new Date(i.Created * 1000).toISOString(),
    }))
    .sort((a, b) => b.created.localeCompare(a.created));
}

/** Splits `registry/repo:tag` into dockerode's repo and tag (the port's colon is not a tag). */
export function splitTag(ref: string): { repo: string; tag: string } {
  const at = ref.indexOf('@');
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const colon = base.lastIndexOf(':');
  if (colon > base.lastIndexOf('/')) return { repo: base.slice(0, colon), tag: base.slice(colon + 1) };
  return { repo: base, tag: 'latest' };
}

/** True when the engine has `ref`. */
export async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw new DockerError('ENGINE', `Docker failed to inspect ${ref}: ${engineMessage(e)}`);
  }
}

/** Tags `source` as `target` (`<endpoint>/<repo>:<tag>`). */
export async function tagImage(docker: Docker, source: string, target: string): Promise<void> {
  const { repo, tag } = splitTag(target);
  try {
    await docker.getImage(source).tag({ repo, tag });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) {
      throw new DockerError('IMAGE_NOT_FOUND', text('err.docker.noImage', { image: source }));
    }
    throw new DockerError(
      'ENGINE',
      text('err.docker.tagFailed', { source, target, detail: engineMessage(e) }),
    );
  }
}

/** Loads a `docker save` tarball into the engine; resolves with the names (or IDs) it held. */
export async function loadImage(docker: Docker, file: string): Promise<string[]> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await docker.loadImage(createReadStream(file), { quiet: true })) as NodeJS.ReadableStream;
  } catch (e) {
    throw new DockerError(
      'LOAD_FAILED',
      `Docker could not load ${file}: ${engineMessage(e)}. Is it a file made by \`docker save\`?`,
    );
  }
  const loaded: string[] = [];
  let failure: string | undefined;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err) => (err ? reject(err) : resolve()),
      (ev: { stream?: string; error?: string; errorDetail?: { message?: string } }) => {
        if (ev.error || ev.errorDetail) failure = ev.errorDetail?.message ?? ev.error;
        for (const m of (ev.stream ?? '').matchAll(/Loaded image(?: ID)?: (\S+)/g)) loaded.push(m[1]!);
      },
    );
  }).catch((e: unknown) => {
    failure ??= engineMessage(e);
  });
  if (failure)
    throw new DockerError(
      'LOAD_FAILED',
      `Docker could not load ${file}: ${failure}. Is it a file made by \`docker save\`?`,
    );
  return loaded;
}

/**
 * Removes the tag `ref` from its local image (`docker rmi TAG`, never by ID, never forced): the
 * image stays while it has other tags; its last tag takes the image along, unless a container
 * uses it. Resolves with whether the image went too.
 */
export async function untagImage(docker: Docker, ref: string): Promise<{ imageRemoved: boolean }> {
  let tags: string[];
  try {
    tags = (await docker.getImage(ref).inspect()).RepoTags ?? [];
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404)
      throw new DockerError('IMAGE_NOT_FOUND', text('err.docker.notATag', { ref }));
    throw new DockerError('ENGINE', text('err.docker.untagFailed', { ref, detail: engineMessage(e) }));
  }
  // By ID or digest, Docker would delete the image with every tag: only a tag the image has is taken.
  const { repo, tag } = splitTag(ref);
  const normal = `${repo}:${tag}`;
  if (ref.includes('@') || !tags.includes(normal))
    throw new DockerError('IMAGE_NOT_FOUND', text('err.docker.notATag', { ref }));
  try {
    const answer = (await docker.getImage(normal).remove({ noprune: true })) as { Deleted?: string }[];
    return { imageRemoved: answer.some((a) => a.Deleted) };
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 409)
      throw new DockerError('IN_USE', text('err.docker.inUse', { ref: normal, detail: engineMessage(e) }));
    if (status === 404) throw new DockerError('IMAGE_NOT_FOUND', text('err.docker.notATag', { ref }));
    throw new DockerError('ENGINE', text('err.docker.untagFailed', { ref, detail: engineMessage(e) }));
  }
}

/** Removes a local image reference. */
export async function removeImage(docker: Docker, ref: string): Promise<void> {
  try {
    await docker.getImage(ref).remove();
  } catch (e) {
    throw new DockerError('ENGINE', `Docker could not remove ${ref}: ${engineMessage(e)}`);
  }
}
