// Our registry client's direct tarball push, timed, in a child process (push-tarball-child.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunningRegistry } from './registries/registry.js';

export type OurPushResult =
  { seconds: number; wallSeconds: number; cpuSeconds: number; bytesSent: number } | { unavailable: string };

/**
 * Pushes `file` (docker save archive) to `registry` as `repoTag` with pushTarball. The
 * figure is the time inside pushTarball (reading the archive's index, auth, uploads,
 * manifest): the child's Node and tsx start-up is not the client's work, and the packaged
 * app runs pushTarball in-process. The wall time is kept too.
 */
export function pushTarballWithOurClient(
  registry: RunningRegistry,
  file: string,
  repoTag: string,
): Promise<OurPushResult> {
  const [repository, tag] = repoTag.split(':') as [string, string];
  const job = {
    file,
    endpoint: registry.host,
    repository,
    tag,
    caFile: registry.caFile,
    username: registry.username,
    password: registry.password,
  };
  return new Promise((resolve, reject) => {
    const wallStarted = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'push-tarball-child.ts')],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', reject);
    // 'close', not 'exit': only then has all of stdout (the JSON result) been read.
    child.on('close', (code, signal) => {
      const wallSeconds = (performance.now() - wallStarted) / 1000;
      if (code !== 0) {
        if (/ERR_MODULE_NOT_FOUND|does not provide an export named 'pushTarball'/.test(stderr)) {
          resolve({ unavailable: 'electron/registry-client has no pushTarball yet' });
        } else {
          reject(new Error(`our tarball push failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
        }
        return;
      }
      const r = JSON.parse(stdout) as {
        seconds: number;
        cpuSeconds: number;
        bytesSent: number;
        outcomes: string[];
      };
      const skipped = r.outcomes.filter((o) => o !== 'pushed').length;
      // A blob that was found or mounted was not moved: the figure would be meaningless.
      if (skipped > 0)
        reject(new Error(`our tarball push skipped ${skipped} blob(s): the registry was not empty`));
      else resolve({ seconds: r.seconds, wallSeconds, cpuSeconds: r.cpuSeconds, bytesSent: r.bytesSent });
    });
    child.stdin.end(JSON.stringify(job));
  });
}
