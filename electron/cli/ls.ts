// `edge-registry ls [ENDPOINT[/REPO]]`: local images (no argument), the repositories of a
// registry, or the tags of one repository with digest, size and creation time.
import { CliError, ExitCode, caOption, caOptionDecl, defineCommand, jsonLine } from './command.js';
import { mapLimit } from '../../shared/async.js';
import {
  RegistryError,
  imageInfo,
  parseEndpointAndRepo,
  type ImageInfo,
  type RegistryClient,
} from '../registry-client/index.js';
import type { CommandIO } from './command.js';
import { connectDocker, listImages, registryClientFor } from '../docker/index.js';
import { formatBytes } from '../../shared/bytes.js';

/** What to say (on stderr: stdout stays empty for scripts) when a repository has no tags. */
function noTags(registry: string, repository: string): string {
  return (
    `${registry}/${repository} has no tags: its images were deleted, or none was pushed there yet ` +
    `(repository names are exact). See the repositories with \`edge-registry ls ${registry}\`, or push ` +
    'an image there (`edge-registry push --help` shows how).\n'
  );
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export const lsCommand = defineCommand({
  name: 'ls',
  summary: 'List local images, the repositories of a registry, or the tags of a repository',
  usage: ['[ENDPOINT[/REPO]] [options]'],
  description: `  edge-registry ls                    local Docker images
  edge-registry ls ENDPOINT           repositories on the registry
  edge-registry ls ENDPOINT/REPO      tags with digest, size (config + layers) and creation time

  Lines come as the registry's pages do (its order, lexical on most registries): the first at
  once, however many there are. A manifest shared by many tags is read once.`,
  options: {
    ca: caOptionDecl,
    json: { type: 'boolean', description: 'one JSON object per line' },
    limit: {
      type: 'string',
      value: 'N',
      description: 'list at most N repositories or tags (the first in the registry order)',
    },
  },
  positionals: true,
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new CliError('ls takes at most one ENDPOINT[/REPO].', ExitCode.usage);
    const json = values.json;
    if (!positionals[0]) {
      const images = await listImages(await connectDocker());
      if (json) for (const i of images) jsonLine(io, i);
      else
        io.stdout.write(
          table([
            ['IMAGE', 'ID', 'SIZE', 'CREATED'],
            ...images.flatMap((i) =>
              (i.repoTags.length ? i.repoTags : ['<none>']).map((t) => [
                t,
                i.id.replace('sha256:', '').slice(0, 12),
                formatBytes(i.size),
                i.created,
              ]),
            ),
          ]),
        );
      return ExitCode.ok;
    }
    let target;
    try {
      target = parseEndpointAndRepo(positionals[0]);
    } catch (e) {
      throw new CliError((e as Error).message, ExitCode.usage);
    }
    const client = await registryClientFor(target.registry, { caPem: caOption(values) });
    const limit = parseLimit(values.limit);
    try {
      if (!target.repository) await listRepositories(client, limit, json, io);
      else await listTags(client, target.repository, limit, json, io);
      return ExitCode.ok;
    } finally {
      client.close();
    }
  },
});

/** Names asked for per page: the first line comes after one small page. */
const pageSize = 100;
/** Manifest reads at once: quick on a device, gentle on it too. */
const parallel = 6;

/** `--limit N`: a whole number of 1 or more; none: no limit. */
function parseLimit(text: string | undefined): number {
  if (text === undefined) return Infinity;
  if (/^[1-9]\d{0,8}$/.test(text)) return Number(text);
  throw new CliError(`invalid --limit '${text}': use a whole number of 1 or more.`, ExitCode.usage);
}

/** Names page by page as they come; a page asks for no more than what is left to show. */
async function listRepositories(client: RegistryClient, limit: number, json: boolean, io: CommandIO) {
  let shown = 0;
  for await (const page of client.catalogPages({ pageSize: Math.min(pageSize, limit), signal: io.signal })) {
    for (const r of page.slice(0, limit - shown)) {
      if (json) jsonLine(io, { repository: r });
      else io.stdout.write(r + '\n');
      shown++;
    }
    if (shown >= limit) break;
  }
  if (shown === 0 && !json) io.stdout.write(`(no repositories on ${client.registry})\n`);
}

/** Tags page by page; lines a few at a time, each tag's digest by HEAD and each digest read once. */
async function listTags(
  client: RegistryClient,
  repository: string,
  limit: number,
  json: boolean,
  io: CommandIO,
) {
  const byDigest = new Map<string, Promise<ImageInfo>>();
  const info = async (tag: string): Promise<ImageInfo | undefined> => {
    const head = await client.headManifest(repository, tag, io.signal);
    if (!head) return undefined; // deleted since the list was read
    let read = byDigest.get(head.digest);
    if (!read) byDigest.set(head.digest, (read = imageInfo(client, repository, head.digest, io.signal)));
    return { ...(await read), reference: tag };
  };
  let shown = 0;
  let header = !json;
  const pages = client.tagPages(repository, { pageSize: Math.min(pageSize, limit), signal: io.signal });
  try {
    for await (const page of pages) {
      if (header) io.stdout.write(row(['TAG', 'DIGEST', 'SIZE', 'CREATED']));
      header = false;
      const tags = page.slice(0, limit - shown);
      for (let i = 0; i < tags.length; i += parallel) {
        const infos = await mapLimit(tags.slice(i, i + parallel), parallel, info);
        for (const one of infos) if (one) writeTag(io, repository, one, json);
      }
      shown += tags.length;
      if (shown >= limit) break;
    }
  } catch (e) {
    // Distribution answers NAME_UNKNOWN for a repository whose last tag was deleted: no tags, not a failure.
    if (!(e instanceof RegistryError && e.code === 'NAME_UNKNOWN')) throw e;
  }
  if (shown === 0) io.stderr.write(noTags(client.registry, repository));
}
/** A table row with columns wide enough for most tags and every digest (they stream: no measuring first). */
function row(cells: string[]): string {
  const widths = [24, 71, 10];
  return (
    cells
      .map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd() + '\n'
  );
}

function writeTag(io: CommandIO, repository: string, i: ImageInfo, json: boolean) {
  if (!json) {
    io.stdout.write(row([i.reference, i.digest, formatBytes(i.size), i.platforms[0]?.created ?? '']));
    return;
  }
  jsonLine(io, {
    repository,
    tag: i.reference,
    digest: i.digest,
    mediaType: i.mediaType,
    size: i.size,
    created: i.platforms[0]?.created,
    platforms: i.platforms.map((p) => ({
      platform: p.platform,
      digest: p.digest,
      size: p.size,
      created: p.created,
    })),
  });
}
