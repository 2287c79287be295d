// The data dir's lock: one process at a time serves, collects or repairs a data dir. It is taken
// before anything under the dir is read or written (start-up recovery deletes temp files and
// resumes uploads: two processes doing that at once would undo each other's work), and it is
// taken atomically: the lock file appears by link(2) of a complete, fsynced temp file, which
// fails when a lock exists, so of several processes starting at the same instant one wins and
// no reader ever sees half a lock.
//
// A lock whose process is gone is stale: a crash or a power cut leaves one. Its process is gone
// when its pid is not running (or is a zombie, on Linux), or when the lock was written in an
// earlier boot of the machine, since after a power cut its pid may be any process's.
import { readFileSync } from 'node:fs';
import { link, readFile, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { uptime } from 'node:os';
import { resolve } from 'node:path';
import { fsyncDir, writeFileAtomic } from './storage/atomic.js';
import { writeSynced } from '../fs/atomic-file.js';
import { registryPaths, type RegistryPaths } from './storage/paths.js';

export interface LockInfo {
  pid: number;
  /** The URL of the serving registry, or null while an offline command holds the lock. */
  url: string | null;
  /** Which boot of the machine wrote it (see `currentBoot`); absent in locks of older versions. */
  boot?: Boot;
  /** When the process took the lock (ISO time); absent in locks of older versions. */
  since?: string;
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

/** Data dirs this process holds: a lock naming our own pid is live only for these. */
const heldHere = new Set<string>();

/** The lock's holder if the text is a lock of a live process, else undefined (stale, torn). */
function liveHolder(text: string, root: string): LockInfo | undefined {
  let l: LockInfo;
  try {
    l = JSON.parse(text) as LockInfo;
  } catch {
    return undefined; // written by a version that could tear it
  }
  if (typeof l?.pid !== 'number' || fromEarlierBoot(l.boot)) return undefined;
  return (l.pid === process.pid ? heldHere.has(resolve(root)) : alive(l.pid)) ? l : undefined;
}

/** Who holds the data dir's lock, if a live process does. */
export async function readLock(dataDir: string): Promise<LockInfo | undefined> {
  const paths = registryPaths(dataDir);
  try {
    return liveHolder(await readFile(paths.lock, 'utf8'), paths.root);
  } catch {
    return undefined; // no lock
  }
}

/** Error for a data dir another process holds. */
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

/** A held lock: rewrite it (the serving URL, once listening) or release it. */
export interface DataDirLock {
  update(url: string | null): Promise<void>;
  release(): Promise<void>;
}

/**
 * A temp file for the lock, beside it: link(2) needs the same file system, and the registry's
 * _tmp is emptied by the holder's start-up, which may run meanwhile.
 */
const besideLock = (paths: RegistryPaths) => `${paths.lock}.${randomBytes(8).toString('hex')}.tmp`;

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** link(2): true when `to` was made, false when it exists. */
async function linkExclusive(from: string, to: string, root: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    if (errno(e) === 'EPERM' || errno(e) === 'ENOTSUP' || errno(e) === 'ENOSYS') {
      throw new Error(
        `cannot lock the data dir ${root}: its file system has no hard links (${errno(e)}); ` +
          'use a folder on an NTFS, APFS, ext4 or similar disk',
        { cause: e },
      );
    }
    throw e;
  }
}

/** Creates `path` holding `text`, atomically and only if it does not exist (false then). */
async function createExclusive(paths: RegistryPaths, path: string, text: string): Promise<boolean> {
  const candidate = besideLock(paths);
  try {
    try {
      await writeSynced(candidate, text, 'wx', 0o600, false);
    } catch (e) {
      // Said of the data dir (a read-only or full disk): the temp file's name means nothing to a user.
      throw Object.assign(e as Error, { path: paths.root });
    }
    return await linkExclusive(candidate, path, paths.root);
  } finally {
    await unlink(candidate).catch(() => {});
  }
}

/**
 * Takes the data dir's lock (the dir must exist), breaking a stale one; DataDirBusyError if a
 * live process holds it.
 */
export async function takeLock(paths: RegistryPaths): Promise<DataDirLock> {
  const { root } = paths;
  const key = resolve(root);
  // Synchronously, so two opens in this process never both get past here.
  if (heldHere.has(key)) throw new DataDirBusyError(root, { pid: process.pid, url: null });
  heldHere.add(key);
  const since = new Date().toISOString();
  const content = (url: string | null) =>
    JSON.stringify({ pid: process.pid, url, boot: currentBoot(), since } satisfies LockInfo);
  try {
    for (let attempt = 0; !(await createExclusive(paths, paths.lock, content(null))); attempt++) {
      // Bounded, in case other processes keep taking and releasing it.
      if (attempt === 200) throw new Error(`cannot lock the data dir ${root}: its lock file keeps changing`);
      let text: string;
      try {
        text = await readFile(paths.lock, 'utf8');
      } catch (e) {
        if (errno(e) === 'ENOENT') continue; // released meanwhile
        throw e;
      }
      const holder = liveHolder(text, root);
      if (holder) throw new DataDirBusyError(root, holder);
      if (!(await breakStale(paths, text, content(null)))) await sleep(10 + Math.random() * 20);
    }
    await fsyncDir(root);
  } catch (e) {
    heldHere.delete(key);
    throw e;
  }
  let released = false;
  return {
    // Replaced by rename: a reader sees the old lock or the new one.
    update: (url) => writeFileAtomic(paths.tmp, paths.lock, content(url)),
    async release() {
      if (released) return;
      released = true;
      await unlink(paths.lock).catch(() => {});
      heldHere.delete(key);
    },
  };
}

/**
 * Removes the lock if it still holds `stale`, which a process that is gone wrote. POSIX has
 * no "delete if unchanged", so breakers take turns: only the process that created the break
 * lock (`registry.lock.break`, exclusively, as the lock itself) may remove the lock, and it
 * reads it once more first. Nobody else removes a lock (its live holder only its own), so what
 * it read is still what it removes. False when another process is breaking it: try again.
 */
async function breakStale(paths: RegistryPaths, stale: string, mine: string): Promise<boolean> {
  const breakLock = `${paths.lock}.break`;
  if (!(await createExclusive(paths, breakLock, mine))) {
    // A breaker that died in the few lines below (a crash at that instant) leaves its break
    // lock: clear it, judged as the lock is, for the next turn.
    const text = await readFile(breakLock, 'utf8').catch(() => undefined);
    if (text !== undefined && !liveHolder(text, paths.root)) await unlink(breakLock).catch(() => {});
    return false;
  }
  try {
    if ((await readFile(paths.lock, 'utf8').catch(() => undefined)) === stale) await unlink(paths.lock);
  } finally {
    await unlink(breakLock);
  }
  return true;
}
