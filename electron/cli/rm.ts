// `edge-registry rm ENDPOINT/REPO:TAG`: the one-click delete. Resolves the tag to its digest,
// names the other tags that share it, deletes only the tag where the registry supports it,
// otherwise the manifest (all sharing tags go: --all-tags confirms that). On our embedded
// registry it reports the space reclaimed.
import { CliError, ExitCode, caOption, caOptionDecl, defineCommand, jsonLine } from './command.js';
import { deleteImage } from '../registry-client/index.js';
import { registryClientFor } from '../docker/index.js';
import { refArg } from './push.js';
import { formatBytes } from '../../shared/bytes.js';

export const rmCommand = defineCommand({
  name: 'rm',
  summary: 'Delete an image (tag) from a registry',
  usage: ['ENDPOINT/REPO:TAG [options]'],
  description: `Deletes the tag. Where the registry cannot delete a tag alone, the image's manifest is deleted
by digest, which also removes every other tag pointing at it: those are listed, and the
delete only goes ahead with --all-tags.`,
  options: {
    'all-tags': {
      type: 'boolean',
      description: "allow deleting the other tags that share the image's digest",
    },
    ca: caOptionDecl,
    json: { type: 'boolean', description: 'print the result as one JSON line' },
  },
  footer: `Exit codes: 0 deleted, 1 failed (not found, delete disabled, other tags share it), 64 usage,
66 --ca file missing, 69 registry unavailable, 77 credentials refused.`,
  positionals: true,
  async run(values, positionals, io) {
    const ref = refArg(positionals[0], 'the image to delete');
    if (!ref.tag || ref.digest)
      throw new CliError('rm takes ENDPOINT/REPO:TAG (a tag, not a digest).', ExitCode.usage);
    const json = values.json;
    const client = await registryClientFor(ref.registry, { caPem: caOption(values) });
    try {
      const r = await deleteImage(client, ref.repository, ref.tag, {
        signal: io.signal,
        confirmSiblings: (siblings, digest) => {
          if (json) jsonLine(io, { event: 'siblings', digest, tags: siblings });
          else
            io.stderr.write(
              `${ref.repository}:${ref.tag} shares its manifest ${digest} with: ${siblings.join(', ')}\n`,
            );
          return values['all-tags'];
        },
      });
      if (json) jsonLine(io, { event: 'deleted', registry: client.registry, ...r });
      else {
        io.stdout.write(
          r.deleted === 'tag'
            ? `Deleted tag ${client.registry}/${r.repository}:${r.tag} (the image stays for ${r.siblings.join(', ')})\n`
            : `Deleted ${client.registry}/${r.repository}@${r.digest} (tags: ${r.removedTags.join(', ')})\n`,
        );
        if (r.reclaimedBytes !== null) io.stdout.write(`Reclaimed ${formatBytes(r.reclaimedBytes)}\n`);
      }
      return ExitCode.ok;
    } finally {
      client.close();
    }
  },
});
