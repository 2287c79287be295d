// File helpers the app's modules share. Mainly replacing a file so that no reader, and no crash,
// ever sees half of it: the bytes go to a fresh temp file on the same file system, are fsynced,
// and the temp file is renamed over the target, then the folder is fsynced. One mechanism for the
// registry's data dir (blobs' links, upload state, credentials) and for the system files device
// setup writes (hosts). Also: mkdir -p that reports the real cause, and such causes in words.
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * mkdir -p that says why it failed. Node's recursive mkdir reports ENOENT when making a folder
 * failed for another reason (ENOSPC: no inodes left; EROFS: a read-only disk), which would reach
 * a client as an internal error instead of "disk full"; so on ENOENT the missing folders are
 * made one by one, which fails with the real cause. (ENOENT can also be a race with GC pruning
 * an empty parent: then this simply makes it again.) `mode` as for mkdir, umask applies.
 */
export async function makeDir(path: string, mode?: number): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const missing: string[] = [];
    for (let p = path; dirname(p) !== p && !(await isDir(p)); p = dirname(p)) missing.unshift(p);
    for (const p of missing) {
      await mkdir(p, { mode }).catch((e2: NodeJS.ErrnoException) => {
        if (e2.code !== 'EEXIST') throw e2;
      });
    }
  }
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * A file-system error that stops the app or a command, said as what happened and what to do
 * (the errno text alone, "EROFS: read-only file system, open '…'", says neither); undefined
 * for other errors.
 */
export function storageProblem(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  const path = err?.path ?? 'a file';
  switch (err?.code) {
    case 'EROFS':
      return `cannot write ${path}: its disk is read-only (mounted so, or after disk errors). Use a folder on a writable disk, or make this one writable.`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to ${err.syscall ?? 'use'} ${path}. Run as the user who owns it, or use a folder you can write to.`;
    case 'ENOSPC':
      return `the disk holding ${path} is full. Free space on it, or use a folder on another disk.`;
    case 'EDQUOT':
      return `your disk quota is used up (writing ${path}). Free space, or use a folder on another disk.`;
    default:
      return undefined;
  }
}

/** How a file was replaced: by rename (atomic), or in place (a mount point, see below). */
export type WriteMode = 'atomic' | 'in-place';

export interface ReplaceOptions {
  /** Folder for the temp file, on the target's file system (default: a hidden file beside it). */
  tmpDir?: string;
  /** The new file's mode (umask applies); default: the replaced file's mode, kept exactly, or 0644. */
  mode?: number;
  /** Moves the finished temp file into place (default: rename). */
  moveIntoPlace?: (from: string, to: string) => Promise<void>;
  /**
   * Write the bytes in place when the target cannot be renamed over (EBUSY, EXDEV, EPERM: a
   * bind-mounted /etc/hosts in containers and in our test sandbox). Not atomic, but the only
   * way to change such a file; the caller keeps a backup first.
   */
  inPlaceOnMountPoint?: boolean;
}

/** fsyncs a directory so a rename or create inside it survives a power cut (no-op where unsupported). */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Windows cannot open directories for fsync; rename is durable enough there.
  } finally {
    await fh?.close();
  }
}

/** Writes `data` to `path` (opened with `flags`, e.g. 'wx' for a new file only) and fsyncs it. */
export async function writeSynced(
  path: string,
  data: string | Uint8Array,
  flags: string,
  mode: number,
  exactMode: boolean,
): Promise<void> {
  const fh = await open(path, flags, mode);
  try {
    // open's mode goes through the umask; a kept mode must be exactly the old file's.
    if (exactMode) await fh.chmod(mode);
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Replaces `path` with `data` atomically (temp file + fsync + rename + fsync of the folder). */
export async function writeFileReplacing(
  path: string,
  data: string | Uint8Array,
  opts: ReplaceOptions = {},
): Promise<WriteMode> {
  let mode = opts.mode;
  const keepMode = mode === undefined;
  if (mode === undefined) {
    mode = 0o644;
    try {
      mode = (await stat(path)).mode & 0o7777;
    } catch {
      // a new file gets 0644
    }
  }
  const temp = opts.tmpDir
    ? join(opts.tmpDir, `${randomBytes(8).toString('hex')}.tmp`)
    : join(dirname(path), `.${basename(path)}.edge-registry-${randomBytes(4).toString('hex')}`);
  try {
    await writeSynced(temp, data, 'wx', mode, keepMode);
    await (opts.moveIntoPlace ?? rename)(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => {});
    const code = (e as NodeJS.ErrnoException).code;
    if (!opts.inPlaceOnMountPoint || (code !== 'EBUSY' && code !== 'EXDEV' && code !== 'EPERM')) throw e;
    await writeSynced(path, data, 'w', mode, false);
    return 'in-place';
  }
  await fsyncDir(dirname(path));
  return 'atomic';
}
