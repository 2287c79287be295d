// Replacing a system file (the hosts file) so that readers never see half of it.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** How a file was replaced: by rename (atomic) or in place (see writeFileReplacing). */
export type WriteMode = 'atomic' | 'in-place';

function writeAll(path: string, bytes: Buffer, flags: string): void {
  const fd = openSync(path, flags, 0o644);
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `bytes` to a temp file beside `path` and renames it over `path`, keeping the
 * file's mode. When the rename is refused with EBUSY or EXDEV the file is a mount point
 * (in containers and in our test sandbox /etc/hosts is bind-mounted, and nothing can be
 * renamed over a mount point): then the bytes are written in place, which is not atomic
 * but is the only way to change such a file. The caller keeps a backup first.
 */
export function writeFileReplacing(path: string, bytes: Buffer): WriteMode {
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // a new file gets 0644
  }
  const temp = join(dirname(path), `.${basename(path)}.edge-registry-${randomBytes(4).toString('hex')}`);
  try {
    writeAll(temp, bytes, 'wx');
    chmodSync(temp, mode);
    renameSync(temp, path);
    return 'atomic';
  } catch (e) {
    rmSync(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EBUSY' && code !== 'EXDEV' && code !== 'EPERM') throw e;
    writeAll(path, bytes, 'w');
    return 'in-place';
  }
}
