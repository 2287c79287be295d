// `edge-registry fsck`: verifies the demo registry's data (digests, links, manifests, uploads).
import { CliError, count, ExitCode, defineCommand } from './command.js';
import { demoRegistryDir } from '../app-paths.js';
import { hasRegistryData } from '../registry-server/core.js';
import { readLock } from '../registry-server/lock.js';
import { noRegistryData, withOfflineCore } from './gc.js';
import { fsck as check } from '../registry-server/fsck.js';
import { formatBytes } from '../../shared/bytes.js';

export const fsck = defineCommand({
  name: 'fsck',
  summary: "Check the demo registry's data for corruption (and --repair it)",
  description: `Verifies that every blob's bytes match its digest, that every link, tag and manifest
reference points at something present, and that upload sessions are consistent. Without
--repair nothing is changed. --repair removes what is broken; the registry must be stopped.
What an interrupted write leaves (a power cut, a kill) is counted apart, not as a problem:
the registry removes it by itself. Exit code 0 when the data is consistent (or fully
repaired), 1 otherwise.`,
  options: {
    data: {
      type: 'string',
      value: 'DIR',
      description: "the registry's data folder (default: the demo device's)",
    },
    repair: {
      type: 'boolean',
      description: 'remove broken pieces (corrupt blobs, dangling links and tags, broken manifests)',
    },
    json: { type: 'boolean', description: 'print one JSON line per problem, then a summary line' },
  },
  async run(values, _p, io) {
    const dataDir = values.data || demoRegistryDir();
    const repair = values.repair;
    if (!(await hasRegistryData(dataDir))) throw noRegistryData(dataDir);
    const holder = await readLock(dataDir);
    let report;
    if (repair) {
      if (holder) {
        throw new CliError(
          `a registry (process ${holder.pid}) serves ${dataDir}; stop it before --repair, or run fsck without --repair`,
          ExitCode.unavailable,
        );
      }
      // Opening recovers what a crash left (temp files, unacknowledged upload bytes) first.
      report = await withOfflineCore(dataDir, () => check(dataDir, { repair: true, served: true }));
    } else {
      report = await check(dataDir, { served: holder !== undefined });
    }
    const unrepaired = report.problems.filter((p) => !p.repaired).length;
    if (values.json) {
      for (const p of report.problems) io.stdout.write(JSON.stringify(p) + '\n');
      const { problems, ...counts } = report;
      io.stdout.write(
        JSON.stringify({ summary: { ...counts, problems: problems.length, unrepaired } }) + '\n',
      );
    } else {
      for (const p of report.problems) {
        io.stdout.write(`${p.repaired ? 'repaired' : 'PROBLEM '} ${p.kind}: ${p.message} (${p.path})\n`);
      }
      io.stdout.write(
        `Checked ${count(report.blobsChecked, 'blob')} (${formatBytes(report.bytesVerified)}), ${count(report.manifestsChecked, 'manifest')}, ` +
          `${count(report.uploadsChecked, 'upload session')}: ${count(report.problems.length, 'problem')}` +
          (repair ? `, ${report.problems.length - unrepaired} repaired.\n` : '.\n'),
      );
      if (report.leftovers > 0) {
        io.stdout.write(
          `Also ${count(report.leftovers, 'leftover')} of ${holder ? 'writes under way or ' : ''}interrupted writes ` +
            '(folders without their file, temp files, upload sessions never started): harmless, the ' +
            'registry removes them at its next start or garbage collection.\n',
        );
      }
      if (unrepaired > 0 && !repair)
        io.stdout.write('Run `edge-registry fsck --repair` with the registry stopped to fix them.\n');
      // Repair removes a broken manifest with its tags: say so, the user has to push it again.
      if (repair && report.problems.some((p) => p.repaired && /[\\/]_manifests[\\/]/.test(p.path)))
        io.stdout.write('Images whose manifests were removed (and their tags) must be pushed again.\n');
    }
    return unrepaired === 0 ? ExitCode.ok : ExitCode.failed;
  },
});
