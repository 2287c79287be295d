// Durable file operations: a crash at any instant leaves the old or the new file, never a
// partial one. Used for every write under the data dir.
import { rename, rmdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir, makeDir as makeDirWithMode, writeFileReplacing } from '../../fs/atomic-file.js';
import { privateDirMode, privateFileMode } from '../../fs/private-dir.js';

export { fsyncDir };

/** mkdir -p for the data dir: private (0700) like the whole data folder. */
export function makeDir(path: string): Promise<void> {
  return makeDirWithMode(path, privateDirMode);
}

/** Writes `data` to `path` via a temp file in `tmpDir` (same file system), fsync, rename, fsync dir. */
export async function writeFileAtomic(
  tmpDir: string,
  path: string,
  data: string | Uint8Array,
  mode = privateFileMode,
): Promise<void> {
  await makeDir(tmpDir);
  await writeFileReplacing(path, data, { tmpDir, mode, moveIntoPlace: renameIntoDir });
}

/**
 * mkdir -p + rename. GC prunes empty repository folders with rmdir while requests run, so
 * the folder may vanish between the two steps: then make it again (bounded).
 */
async function renameIntoDir(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await makeDir(dirname(to));
    try {
      await rename(from, to);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw e;
    }
  }
}

/** Moves a finished, fsynced file into place and makes the rename durable. */
export async function renameDurable(from: string, to: string): Promise<void> {
  await renameIntoDir(from, to);
  await fsyncDir(dirname(to));
}

/**
 * Removes `dir` and the empty folders below it, bottom-up, with rmdir only: a folder that a
 * concurrent write just filled is left alone (ENOTEMPTY). True when `dir` itself went.
 */
export async function pruneEmptyDirs(dir: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return false;
  }
  let empty = true;
  for (const e of entries) {
    if (!(await pruneEmptyDirs(join(dir, e)))) empty = false;
  }
  if (!empty) return false;
  try {
    await rmdir(dir);
    return true;
  } catch {
    return false;
  }
}
