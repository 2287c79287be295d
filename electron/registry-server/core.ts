// A registry's data, opened: storage, upload sessions, GC and usage, plus the lock that lets
// one process at a time serve a data dir. The HTTP server (./server.ts) and the offline
// `edge-registry gc` / `fsck` commands both work on this.
import { readFileSync } from 'node:fs';
import { readFile, unlink, mkdir, stat } from 'node:fs/promises';
import { uptime } from 'node:os';
import { registryPaths, type RegistryPaths } from './storage/paths.js';
import { Store } from './storage/store.js';
import { Uploads } from './storage/uploads.js';
import { writeFileAtomic } from './storage/atomic.js';
import { collectGarbage, type GcOptions, type GcResult, type UsageReport } from './gc.js';
import type { RegistryCore } from './context.js';

export interface LockInfo {
  pid: number;
  /** The URL of the serving registry, or null while an offline command holds the lock. */
  url: string | null;
  /** Which boot of the machine wrote it (see `currentBoot`); absent in locks of older versions. */
  boot?: Boot;
}

/** This boot of the machine: Linux's boot id where there is one, and the boot time in seconds. */
export interface Boot {
  id: string | null;
  time: number;
}

/** A boot time this far from ours (clock steps, rounding) is still ours when no boot id says. */
const bootTimeSlackSeconds = 30;

export function currentBoot(): Boot {
  let id: string | null = null;
  try {
    id = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // not Linux
  }
  return { id, time: Math.round(Date.now() / 1000 - uptime()) };
}

/** Whether a lock was written before the machine last started (a power cut, a reboot). */
function fromEarlierBoot(boot: Boot | undefined): boolean {
  if (!boot || typeof boot.time !== 'number') return false;
  const now = currentBoot();
  if (boot.id && now.id) return boot.id !== now.id;
  return Math.abs(boot.time - now.time) > bootTimeSlackSeconds;
}

export interface CoreOptions {
  quotaBytes?: number | null;
  gcGraceMs?: number;
  uploadTtlMs?: number;
}

export interface OpenCore extends RegistryCore {
  paths: RegistryPaths;
  gc(opts?: GcOptions): Promise<GcResult>;
  /** Records who holds the data dir (the serving URL once listening). */
  writeLock(url: string | null): Promise<void>;
  close(): Promise<void>;
}

const openInProcess = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process that its parent has not reaped yet (a zombie) keeps its pid; Linux says so.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true; // no /proc: the pid is all we can go by
  }
}

/** Who holds the data dir's lock, if a live process does. */
export async function readLock(dataDir: string): Promise<LockInfo | undefined> {
  try {
    const l = JSON.parse(await readFile(registryPaths(dataDir).lock, 'utf8')) as LockInfo;
    if (typeof l.pid !== 'number') return undefined;
    // After a reboot the pid may be any process's: only a lock from this boot can be held.
    if (fromEarlierBoot(l.boot)) return undefined;
    // Our own pid counts only while this process really has the dir open (not a stale file).
    if (l.pid === process.pid ? openInProcess.has(registryPaths(dataDir).root) : alive(l.pid)) return l;
  } catch {
    // no lock, or a torn one from a crash
  }
  return undefined;
}

/** Whether `dataDir` holds a registry's data (so offline commands never create one by mistake). */
export async function hasRegistryData(dataDir: string): Promise<boolean> {
  try {
    return (await stat(registryPaths(dataDir).registry)).isDirectory();
  } catch {
    return false;
  }
}

/** Error for a data dir another process serves. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `the data dir ${dataDir} is in use by process ${holder.pid}${holder.url ? ` (registry at ${holder.url})` : ''}; ` +
        'stop it first or use another --data folder',
    );
  }
}

/** Opens a data dir (creating it), recovering from any crash: temp files go, uploads resume. */
export async function openCore(dataDir: string, opts: CoreOptions = {}): Promise<OpenCore> {
  const paths = registryPaths(dataDir);
  await mkdir(dataDir, { recursive: true });
  const holder = await readLock(dataDir);
  if (holder) throw new DataDirBusyError(dataDir, holder);
  // Checked again after the await: two opens in this process must not both pass.
  if (openInProcess.has(paths.root)) throw new DataDirBusyError(dataDir, { pid: process.pid, url: null });
  openInProcess.add(paths.root);
  try {
    const store = new Store(paths, { quotaBytes: opts.quotaBytes ?? null });
    await store.init();
    const uploads = new Uploads(store);
    await uploads.init();
    let gcChain: Promise<unknown> = Promise.resolve();
    const gc = (o: GcOptions = {}): Promise<GcResult> => {
      // One collection at a time; a second request runs after the first.
      const run = gcChain.then(() =>
        collectGarbage(store, uploads, { graceMs: opts.gcGraceMs, uploadTtlMs: opts.uploadTtlMs, ...o }),
      );
      gcChain = run.catch(() => {});
      return run;
    };
    const core: OpenCore = {
      paths,
      store,
      uploads,
      gc,
      async usage(): Promise<UsageReport> {
        const dry = await gc({ dryRun: true });
        return {
          usedBytes: store.usedBytes,
          quotaBytes: store.quotaBytes,
          reclaimableBytes: dry.bytesReclaimed,
        };
      },
      async writeLock(url) {
        await writeFileAtomic(
          paths.tmp,
          paths.lock,
          JSON.stringify({ pid: process.pid, url, boot: currentBoot() } satisfies LockInfo),
        );
      },
      async close() {
        await gcChain;
        await unlink(paths.lock).catch(() => {});
        openInProcess.delete(paths.root);
      },
    };
    await core.writeLock(null);
    return core;
  } catch (e) {
    openInProcess.delete(paths.root);
    throw e;
  }
}
