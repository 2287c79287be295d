// `edge-registry gc`: garbage collection of the demo registry's data, now. When a registry
// serves the data dir, it runs there (live GC is safe); otherwise it runs here, holding the lock.
import { CliError, count, ExitCode, defineCommand } from './command.js';
import { demoRegistryDir } from '../app-paths.js';
import { callServingRegistry, ServingRegistryError } from '../registry-server/serving.js';
import { hasRegistryData, openCore, type OpenCore } from '../registry-server/core.js';
import { DataDirBusyError, readLock } from '../registry-server/lock.js';
import type { GcResult } from '../registry-server/index.js';
import { formatBytes } from '../../shared/bytes.js';

/** One human line about a GC result. */
export function describeGc(r: GcResult, dryRun: boolean): string {
  const what =
    `${count(r.blobsRemoved, 'blob')}, ${count(r.manifestsRemoved, 'manifest')}, ` +
    count(r.uploadsRemoved, 'upload session');
  // Older registries (over HTTP) do not report it.
  const kept =
    (r.bytesKeptRecent ?? 0) > 0
      ? ` Kept ${formatBytes(r.bytesKeptRecent)} that no image uses but a push used within the grace period (1 h by default), in case it still does; a later run reclaims it.`
      : '';
  return dryRun
    ? `Would reclaim ${formatBytes(r.bytesReclaimed)} (${what}).${kept} Run without --dry-run to reclaim it.`
    : `Reclaimed ${formatBytes(r.bytesReclaimed)} (${what}).${kept}`;
}

/** The usage error for a --data folder that holds no registry (gc and fsck never create one). */
export function noRegistryData(dataDir: string): CliError {
  return new CliError(
    `no registry data in ${dataDir} (no registry/ folder inside); pass the folder the registry uses with --data (the one \`edge-registry demo\` prints)`,
    ExitCode.usage,
  );
}

/**
 * Opens the data dir here (recovering what a crash left), runs `work`, and closes it; a data
 * dir another process holds is a CliError the user can act on.
 */
export async function withOfflineCore<T>(dataDir: string, work: (core: OpenCore) => Promise<T>): Promise<T> {
  let core;
  try {
    core = await openCore(dataDir);
  } catch (e) {
    if (e instanceof DataDirBusyError) throw new CliError(e.message, ExitCode.unavailable);
    throw e;
  }
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

export const gc = defineCommand({
  name: 'gc',
  summary: "Reclaim the demo registry's space from deleted images now",
  description: `Removes blobs no manifest uses, untagged manifests and stale upload sessions, and reports
what it reclaimed. Safe while the registry runs (it then runs inside the registry).`,
  options: {
    data: {
      type: 'string',
      value: 'DIR',
      description: "the registry's data folder (default: the demo device's)",
    },
    'dry-run': { type: 'boolean', description: 'only report what would be reclaimed' },
    json: { type: 'boolean', description: 'print the result as one JSON line' },
  },
  async run(values, _p, io) {
    const dataDir = values.data || demoRegistryDir();
    const dryRun = values['dry-run'];
    if (!(await hasRegistryData(dataDir))) throw noRegistryData(dataDir);
    let result: GcResult;
    const holder = await readLock(dataDir);
    if (holder?.url) {
      try {
        result = (await callServingRegistry(
          dataDir,
          holder.url,
          'POST',
          `/v2/_edge/gc${dryRun ? '?dryRun=true' : ''}`,
        )) as GcResult;
      } catch (e) {
        if (e instanceof ServingRegistryError) {
          throw new CliError(e.message, e.unreachable ? ExitCode.unavailable : ExitCode.failed);
        }
        throw e;
      }
    } else {
      result = await withOfflineCore(dataDir, (core) => core.gc({ dryRun }));
    }
    io.stdout.write(
      values.json ? JSON.stringify({ dryRun, ...result }) + '\n' : describeGc(result, dryRun) + '\n',
    );
    return ExitCode.ok;
  },
});
