// A registry's data, opened: storage, upload sessions, GC and usage, under the lock that lets
// one process at a time serve a data dir (./lock.ts). The HTTP server (./server.ts) and the offline
// `edge-registry gc` / `fsck` commands both work on this.
import { mkdir, stat } from 'node:fs/promises';
import { registryPaths, type RegistryPaths } from './storage/paths.js';
import { Store } from './storage/store.js';
import { Uploads } from './storage/uploads.js';
import { takeLock } from './lock.js';
import { collectGarbage, type GcOptions, type GcResult, type UsageReport } from './gc.js';
import type { RegistryCore } from './context.js';

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

/** Whether `dataDir` holds a registry's data (so offline commands never create one by mistake). */
export async function hasRegistryData(dataDir: string): Promise<boolean> {
  try {
    return (await stat(registryPaths(dataDir).registry)).isDirectory();
  } catch {
    return false;
  }
}

/** Opens a data dir (creating it), recovering from any crash: temp files go, uploads resume. */
export async function openCore(dataDir: string, opts: CoreOptions = {}): Promise<OpenCore> {
  const paths = registryPaths(dataDir);
  await mkdir(dataDir, { recursive: true });
  const lock = await takeLock(paths);
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
      writeLock: (url) => lock.update(url),
      async close() {
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
