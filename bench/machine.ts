// The machine's own speeds, printed for scale: how fast one core hashes SHA-256 (every
// registry hashes each byte it stores) and how fast the disk takes a durable write.
import { createHash, randomFillSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const CHUNK = 4 * 1024 * 1024;

/** SHA-256 throughput of one core over `bytes` (MB/s). */
export function sha256Speed(bytes: number): number {
  const buf = randomFillSync(Buffer.allocUnsafe(CHUNK));
  const hash = createHash('sha256');
  const started = performance.now();
  for (let done = 0; done < bytes; done += CHUNK) hash.update(buf);
  hash.digest();
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

/** Throughput of writing `bytes` to a file in `dir` and fsyncing it (MB/s); the file is removed. */
export function diskWriteSpeed(dir: string, bytes: number): number {
  const file = join(dir, `disk-speed-${process.pid}.bin`);
  const buf = randomFillSync(Buffer.allocUnsafe(CHUNK));
  const fd = openSync(file, 'w');
  try {
    const started = performance.now();
    for (let done = 0; done < bytes; done += CHUNK) writeSync(fd, buf);
    fsyncSync(fd);
    return bytes / 1e6 / ((performance.now() - started) / 1000);
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

/**
 * Writes back every dirty page of the machine (`sync`) before a timed transfer. Distribution
 * does not fsync: a push to it leaves about 1 GB dirty, which the kernel writes back some
 * 30 s later, in the middle of whichever transfer runs then. Flushing first makes each
 * transfer pay only for its own writes.
 */
export function flushDirtyPages(): void {
  spawnSync('sync', { stdio: 'ignore' });
}
