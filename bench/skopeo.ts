// skopeo as the reference client. Every registry is trusted through its own CA only
// (--src-cert-dir/--dest-cert-dir) and credentials come from an auth file, never argv.
//
// --preserve-digests makes skopeo move the layers as they are: without it, skopeo gzips
// uncompressed layers on their way to a registry, and the figure would measure gzip on
// random data (CPU-bound, ~the same for both registries) instead of the registry.
// --dest-oci-accept-uncompressed-layers does the same for pulls into an OCI layout.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningRegistry } from './registries/registry.js';

let policyFile: string | undefined;
let workDir: string | undefined;
let timeFiles = 0;

/** Writes the signature policy skopeo needs (accept anything: these are our own images). */
export function preparePolicy(dir: string): void {
  policyFile = join(dir, 'policy.json');
  workDir = dir;
  writeFileSync(policyFile, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
}

export interface CopyEnds {
  /** Registry of a docker:// source, when the source is one. */
  from?: RunningRegistry;
  /** Registry of a docker:// destination, when the destination is one. */
  to?: RunningRegistry;
  /** Let skopeo gzip uncompressed layers as it does by default (for the default-settings figure). */
  compress?: boolean;
  /** Also measure skopeo's CPU time, through /usr/bin/time when it is installed. */
  measureCpu?: boolean;
}

export interface CopyResult {
  /** Wall-clock seconds of the skopeo process. */
  seconds: number;
  /** User + system CPU seconds of skopeo, when asked and /usr/bin/time exists. */
  cpuSeconds?: number;
}

/** Runs `skopeo copy src dest`; resolves to the time it took, rejects with its stderr. */
export function skopeoCopy(src: string, dest: string, ends: CopyEnds = {}): Promise<CopyResult> {
  const args = [...(policyFile ? ['--policy', policyFile] : []), 'copy', '--quiet', '--retry-times', '0'];
  if (!ends.compress) args.push('--preserve-digests');
  if (ends.from) args.push('--src-cert-dir', ends.from.certDir, '--src-authfile', ends.from.authFile);
  if (ends.to) args.push('--dest-cert-dir', ends.to.certDir, '--dest-authfile', ends.to.authFile);
  if (dest.startsWith('oci:')) args.push('--dest-oci-accept-uncompressed-layers');
  args.push(src, dest);
  // Node cannot read a child's rusage; GNU time can, and adds only its own fork.
  const timeFile =
    ends.measureCpu && workDir && existsSync('/usr/bin/time')
      ? join(workDir, `time-${++timeFiles}.txt`)
      : undefined;
  const [cmd, argv] = timeFile
    ? ['/usr/bin/time', ['-f', '%U %S', '-o', timeFile, 'skopeo', ...args]]
    : ['skopeo', args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', (e) =>
      reject(new Error(`cannot run skopeo (apt-get install -y skopeo): ${e.message}`)),
    );
    child.on('exit', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      let cpuSeconds: number | undefined;
      if (timeFile && existsSync(timeFile)) {
        const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
        rmSync(timeFile, { force: true });
        if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user! + system!;
      }
      if (code === 0) resolve({ seconds, cpuSeconds });
      else
        reject(
          new Error(`skopeo copy ${src} ${dest} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`),
        );
    });
  });
}
