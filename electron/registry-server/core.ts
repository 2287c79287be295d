// A registry's data, opened: storage, upload sessions, GC and usage, under the lock that lets
// one process at a time serve a data dir (./lock.ts). The HTTP server (./server.ts) and the offline
// `edge-registry gc` / `fsck` commands both work on this.
import { stat } from 'node:fs/promises';
import { makePrivateDir } from '../fs/private-dir.js';
import { registryPaths, type RegistryPaths } from './storage/paths.js';
import { Store } from './storage/store.js';
import { Uploads } from './storage/uploads.js';
import { takeLock } from './lock.js';
import {
  collectGarbage,
  gcSettledUntil,
  reclaimableBytes,
  settleGcSchedule,
  type GcOptions,
  type GcResult,
  type UsageReport,
} from './gc.js';
import type { RegistryCore } from './context.js';
import { nextRunDelay, wallClockTimer } from './schedule.js';
import { checkSettings, loadSettings, saveSettings, type RegistrySettings } from './settings.js';
import { ServedError, storageRefusals } from './errors.js';
import { defaultBodyIdleMs } from './idle.js';

export interface CoreOptions {
  /** Settings for this run instead of the saved ones (`edge-registry demo --quota`, tests). */
  settings?: Partial<RegistrySettings>;
  gcGraceMs?: number;
  uploadTtlMs?: number;
  /** How long a chunk's sender may be silent before a newer request on its upload takes over. */
  uploadStallMs?: number;
  /** How long a request body being read may send nothing before it is cut off (idle.ts). */
  bodyIdleMs?: number;
  /** Where a damaged settings file and scheduled GC runs are reported (default stderr). */
  log?: (line: string) => void;
}

export interface OpenCore extends RegistryCore {
  paths: RegistryPaths;
  gc(opts?: GcOptions): Promise<GcResult>;
  /**
   * Runs GC by itself on the settings' schedule until close() (a serving registry does this); a
   * run the schedule owed while nothing served the data dir happens at once.
   */
  scheduleGc(): Promise<void>;
  /** Records who holds the data dir (the serving URL once listening). */
  writeLock(url: string | null): Promise<void>;
  close(): Promise<void>;
}

/** Whether `dataDir` holds a registry's data (so offline commands never create one by mistake). */
export async function hasRegistryData(dataDir: string): Promise<boolean> {
  try {
    return (await stat(registryPaths(dataDir).registry)).isDirectory();
  } catch {
    return false;
  }
}

/** Where the registry's lines go when the caller gives no logger. */
export function logToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Opens a data dir (creating it 0700, or tightening one an older version left readable by
 * others: see fs/private-dir.ts), recovering from any crash: temp files go, uploads resume.
 */
export async function openCore(dataDir: string, opts: CoreOptions = {}): Promise<OpenCore> {
  const paths = registryPaths(dataDir);
  await makePrivateDir(dataDir);
  const lock = await takeLock(paths);
  try {
    const log = opts.log ?? logToStderr;
    const saved = await loadSettings(paths);
    if (saved.problem) log(`registry: ${saved.problem}; using the defaults until settings are saved again`);
    let settings = checkSettings({ ...saved.settings, ...opts.settings });
    const store = new Store(paths, { quotaBytes: settings.quotaBytes });
    await store.init();
    const bodyIdleMs = opts.bodyIdleMs ?? defaultBodyIdleMs;
    const uploads = new Uploads(store, opts.uploadStallMs, bodyIdleMs);
    await uploads.init();
    // Changes the device makes itself say why up front on a read-only disk, as pushes do, rather
    // than fail with an errno at the first file they write.
    const refuseIfReadOnly = () => {
      if (store.diskSpace(true)?.readOnly)
        throw new ServedError('DENIED', { message: storageRefusals.EROFS });
    };
    let gcChain: Promise<unknown> = Promise.resolve();
    let settledUntil = await gcSettledUntil(paths);
    const settle = async () => {
      settledUntil = Date.now();
      // Only the next start's making up for missed runs depends on this, never a collection.
      await settleGcSchedule(paths, settledUntil).catch((e: unknown) =>
        log(`registry: cannot write ${paths.gcSchedule}: ${(e as Error).message}`),
      );
    };
    // One collection (or dry run) at a time; a second request runs after the first.
    const serially = <T>(fn: () => Promise<T>): Promise<T> => {
      const run = gcChain.then(fn);
      gcChain = run.catch(() => {});
      return run;
    };
    const timing = { graceMs: opts.gcGraceMs, uploadTtlMs: opts.uploadTtlMs };
    const gc = (o: GcOptions = {}): Promise<GcResult> =>
      serially(async () => {
        if (!o.dryRun) refuseIfReadOnly();
        const result = await collectGarbage(store, uploads, { ...timing, ...o });
        if (!o.dryRun) await settle();
        return result;
      });
    const reclaimable = reclaimableBytes(store, uploads, timing);
    let timer: { stop(): void } | undefined;
    let scheduling = false;
    // At start the schedule counts from the last run on record, so a nightly run missed while
    // nothing served this data dir happens at once; after a settings change, from then on.
    const plan = (since?: number) => {
      timer?.stop();
      timer = undefined;
      if (!scheduling) return;
      timer = wallClockTimer(
        (now) => nextRunDelay(settings.gcSchedule, now),
        () =>
          gc()
            .then((r) =>
              log(`registry: scheduled GC freed ${r.bytesReclaimed} bytes (${r.blobsRemoved} blobs)`),
            )
            .catch((e: unknown) => log(`registry: scheduled GC failed: ${(e as Error).message}`)),
        { since },
      );
    };
    let closing = false;
    const core: OpenCore = {
      paths,
      store,
      uploads,
      bodyIdleMs,
      gc,
      async scheduleGc() {
        scheduling = true;
        if (settledUntil === undefined) await settle(); // nothing is owed from before the first start
        plan(settledUntil);
      },
      settings: () => settings,
      async configure(next) {
        const checked = checkSettings(next);
        if (closing) throw new Error('the registry is stopping; change its settings after the next start');
        refuseIfReadOnly();
        await saveSettings(paths, checked);
        settings = checked;
        store.quotaBytes = checked.quotaBytes;
        plan();
        return settings;
      },
      async usage(): Promise<UsageReport> {
        const reclaimableNow = await serially(reclaimable);
        return {
          usedBytes: store.usedBytes,
          quotaBytes: store.quotaBytes,
          reclaimableBytes: reclaimableNow,
          ...store.room(),
        };
      },
      writeLock: (url) => lock.update(url),
      async close() {
        closing = true;
        scheduling = false;
        plan();
        await gcChain;
        await lock.release();
      },
    };
    return core;
  } catch (e) {
    await lock.release();
    throw e;
  }
}
