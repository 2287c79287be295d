// A light second client for pulls: curl GETs every blob of the image at once, to /dev/null.
// A skopeo pull spends 3.3-4 s of CPU per GB on its side (decrypt, hash, write the layout) and
// sets the pace on a 2-core machine whichever registry serves; curl only decrypts, so this
// figure is the registries' own serving speed, as a device's registry meets a client on another
// machine. HTTP/1.1 for both, as skopeo speaks it (Distribution would offer curl HTTP/2).
import { spawn } from 'node:child_process';
import type { BlobFile } from './images.js';
import type { RunningRegistry } from './registries/registry.js';

function getBlob(registry: RunningRegistry, repo: string, blob: BlobFile): Promise<void> {
  const url = `https://${registry.host}/v2/${repo}/blobs/${blob.digest}`;
  const args = ['-sSf', '--http1.1', '-K', registry.curlConfig, '--cacert', registry.caFile];
  // size_download lets the caller check that every byte came, not a short or error body.
  args.push('-o', '/dev/null', '-w', '%{size_download}', url);
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`cannot run curl (apt-get install -y curl): ${e.message}`)));
    // 'close', not 'exit': 'exit' can come before the last of stdout is read (seen: exit 0, no output).
    child.on('close', (code) => {
      if (code === 0 && Number(out) === blob.size) resolve();
      else
        reject(new Error(`curl GET ${url}: exit ${code}, ${out || 0} of ${blob.size} bytes: ${err.trim()}`));
    });
  });
}

/** GETs `blobs` of `repo` in parallel; resolves to the wall-clock seconds until the last one ended. */
export async function curlPull(registry: RunningRegistry, repo: string, blobs: BlobFile[]): Promise<number> {
  const started = performance.now();
  await Promise.all(blobs.map((b) => getBlob(registry, repo, b)));
  return (performance.now() - started) / 1000;
}
