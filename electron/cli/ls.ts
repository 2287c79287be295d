// `edge-registry ls [ENDPOINT[/REPO]]`: local images (no argument), the repositories of a
// registry, or the tags of one repository with digest, size and creation time.
import { CliError, ExitCode, caOption, caOptionDecl, defineCommand, jsonLine } from './command.js';
import { imageInfo, parseEndpointAndRepo, type ImageInfo } from '../registry-client/index.js';
import { connectDocker, listImages, registryClientFor } from '../docker/index.js';
import { formatBytes } from '../../shared/bytes.js';

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
  edge-registry ls ENDPOINT/REPO      tags with digest, size (config + layers) and creation time`,
  options: { ca: caOptionDecl, json: { type: 'boolean', description: 'one JSON object per line' } },
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
    try {
      if (!target.repository) {
        const repos = await client.catalog({ signal: io.signal });
        if (json) for (const r of repos) jsonLine(io, { repository: r });
        else
          io.stdout.write(
            repos.length ? repos.join('\n') + '\n' : `(no repositories on ${client.registry})\n`,
          );
        return ExitCode.ok;
      }
      const repository = target.repository;
      const tags = (await client.tags(repository, { signal: io.signal })).sort();
      const infos: ImageInfo[] = [];
      // Four at a time: quick on a device, gentle on it too.
      for (let i = 0; i < tags.length; i += 4) {
        infos.push(
          ...(await Promise.all(
            tags.slice(i, i + 4).map((t) => imageInfo(client, repository, t, io.signal)),
          )),
        );
      }
      if (json) {
        for (const i of infos)
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
      } else {
        io.stdout.write(
          table([
            ['TAG', 'DIGEST', 'SIZE', 'CREATED'],
            ...infos.map((i) => [i.reference, i.digest, formatBytes(i.size), i.platforms[0]?.created ?? '']),
          ]),
        );
      }
      return ExitCode.ok;
    } finally {
      client.close();
    }
  },
});
