// A registry's data, opened: storage, upload sessions, GC and usage, under the lock that lets
// one process at a time serve a data dir (./lock.ts). The HTTP server (./server.ts) and the offline
// `edge-registry gc` / `fsck` commands both work on this.
import { stat } from 'node:fs/promises';
import { makePrivateDir } from '../fs/private-dir.js';
import { registryPaths, type RegistryPaths } from './storage/paths.js';
import { Store } from './storage/store.js';
import { DiskBudget } from './storage/disk-budget.js';
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
import { nextRunDelay, wallClockTimer, type GcSchedule } from './schedule.js';
import { checkSettings, loadSettings, saveSettings, type RegistrySettings } from './settings.js';
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
    let settings = await startingSettings(paths, opts, log);
    const budget = new DiskBudget(paths.root, settings.quotaBytes);
    const store = new Store(paths, budget);
    await store.init();
    const bodyIdleMs = opts.bodyIdleMs ?? defaultBodyIdleMs;
    const uploads = new Uploads(store, opts.uploadStallMs, bodyIdleMs);
    await uploads.init();
    const gc = await gcRunner(store, uploads, opts, log, () => settings.gcSchedule);
    let closing = false;
    const core: OpenCore = {
      paths,
      store,
      uploads,
      bodyIdleMs,
      gc: gc.run,
      scheduleGc: gc.startSchedule,
      settings: () => settings,
      async configure(next) {
        const checked = checkSettings(next);
        if (closing) throw new Error('the registry is stopping; change its settings after the next start');
        budget.checkWritable();
        await saveSettings(paths, checked);
        settings = checked;
        budget.setQuota(checked.quotaBytes);
        gc.replan();
        return settings;
      },
      async usage(): Promise<UsageReport> {
        const reclaimableNow = await gc.reclaimable();
        return {
          usedBytes: budget.usedBytes,
          quotaBytes: budget.quotaBytes,
          reclaimableBytes: reclaimableNow,
          ...budget.room(),
        };
      },
      writeLock: (url) => lock.update(url),
      async close() {
        closing = true;
        await gc.stop();
        await lock.release();
      },
    };
    return core;
  } catch (e) {
    await lock.release();
    throw e;
  }
}

/** The settings a run starts with: the saved ones (the defaults if the file is damaged, said in the log) under `opts.settings`. */
async function startingSettings(
  paths: RegistryPaths,
  opts: CoreOptions,
  log: (line: string) => void,
): Promise<RegistrySettings> {
  const saved = await loadSettings(paths);
  if (saved.problem) log(`registry: ${saved.problem}; using the defaults until settings are saved again`);
  return checkSettings({ ...saved.settings, ...opts.settings });
}

/** GC of one open core: runs one at a time (the usage figure's dry runs too), and on the settings' schedule. */
interface GcRunner {
  /** One collection (or dry run), after any in progress. */
  run(o?: GcOptions): Promise<GcResult>;
  /** What a collection now would free. */
  reclaimable(): Promise<number>;
  /** Starts running on the schedule; a run owed from before the start happens at once. */
  startSchedule(): Promise<void>;
  /** Plans the schedule again from now (its settings changed). */
  replan(): void;
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Makes the GC runner of an opened store; `schedule` reads the current settings' schedule. */
async function gcRunner(
  store: Store,
  uploads: Uploads,
  opts: CoreOptions,
  log: (line: string) => void,
  schedule: () => GcSchedule,
): Promise<GcRunner> {
  const paths = store.paths;
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
  const run = (o: GcOptions = {}): Promise<GcResult> =>
    serially(async () => {
      // Changes the device makes itself (GC, settings) say why up front on a read-only disk, as
      // pushes do, rather than fail with an errno at the first file they write.
      if (!o.dryRun) store.budget.checkWritable();
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
      (now) => nextRunDelay(schedule(), now),
      () =>
        run()
          .then((r) =>
            log(`registry: scheduled GC freed ${r.bytesReclaimed} bytes (${r.blobsRemoved} blobs)`),
          )
          .catch((e: unknown) => log(`registry: scheduled GC failed: ${(e as Error).message}`)),
      { since },
    );
  };
  return {
    run,
    reclaimable: () => serially(reclaimable),
    async startSchedule() {
      scheduling = true;
      if (settledUntil === undefined) await settle(); // nothing is owed from before the first start
      plan(settledUntil);
    },
    replan: () => plan(),
    async stop() {
      scheduling = false;
      plan();
      await gcChain;
    },
  };
}
