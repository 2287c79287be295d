// The app's data folders (the app's own, the demo registry's) hold passwords, keys and images
// that are nobody else's business: each is 0700 with 0600 files. New files are made so; a
// folder an older version made (0755 with 0644 files) is tightened, whole, at the next start.
import { chmod, lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDir } from './atomic-file.js';

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/**
 * chmods `dir`'s contents to 0700 folders and 0600 files, depth first (only its own files when
 * not `deep`); symlinks are left as they are.
 */
async function tightenTree(dir: string, deep: boolean): Promise<number> {
  let changed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      if (entry.isDirectory()) {
        if (!deep) continue;
        changed += await tightenTree(path, true);
        if (((await lstat(path)).mode & 0o777) !== privateDirMode) {
          await chmod(path, privateDirMode);
          changed++;
        }
      } else if (entry.isFile() && ((await lstat(path)).mode & 0o777) !== privateFileMode) {
        await chmod(path, privateFileMode);
        changed++;
      }
    } catch (e) {
      // Removed meanwhile (GC, an upload finishing): nothing to tighten.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return changed;
}

/**
 * Makes `dir` (and missing parents) with mode 0700. When it exists with access for group or
 * others, everything in it is tightened first and the folder itself last (so an interrupted
 * run is redone at the next start); otherwise only the files directly in it (a handful, cheap)
 * are checked, and a large tree (a registry's blobs) is not walked at every start. Returns how
 * many entries changed mode. No-op on Windows, where the user's profile folder's ACL already
 * keeps %APPDATA% private.
 */
export async function makePrivateDir(dir: string, platform = process.platform): Promise<number> {
  await makeDir(dir, privateDirMode);
  if (platform === 'win32') return 0;
  const loose = ((await stat(dir)).mode & 0o077) !== 0;
  try {
    const changed = await tightenTree(dir, loose);
    if (!loose) return changed;
    await chmod(dir, privateDirMode);
    return changed + 1;
  } catch (e) {
    // A read-only disk: nothing can be written there either, which the caller's first write
    // says in its own words; the folder is tightened at the next start on a writable disk.
    if ((e as NodeJS.ErrnoException).code === 'EROFS') return 0;
    throw e;
  }
}
