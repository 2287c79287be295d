// Our demo registry as a separate process (`edge-registry demo --json --port 0`, through
// demo-main.ts), so its memory can be read from /proc and it competes for the CPU like
// Distribution does. Its first stdout line is {"endpoint","ipAddress","username",
// "password","caCertPath","caFingerprint"}; the port it bound is the endpoint's.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { removeOnCleanup } from '../cleanup.js';
import { supervise } from './process.js';
import { tail, waitUntilServing, writeClientFiles, type RunningRegistry } from './registry.js';

interface DemoInfo {
  endpoint: string;
  ipAddress: string;
  username: string;
  password: string;
  caCertPath: string;
}

export interface OursOptions {
  /** Run the registry under `node --cpu-prof`, writing the profile into this folder on exit. */
  cpuProfDir?: string;
}

const repoRoot = resolve(import.meta.dirname, '..', '..');

function readFirstLine(stream: NodeJS.ReadableStream, ms: number): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const lines = createInterface({ input: stream });
    const timer = setTimeout(() => reject(new Error(`no --json line within ${ms / 1000}s`)), ms);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveLine(line); // before close(), which emits 'close' synchronously
      lines.close();
      stream.resume(); // keep draining later output so the registry never blocks on a full pipe
    });
    lines.once('close', () =>
      reject(new Error('the demo registry closed its output before printing --json')),
    );
  });
}

/** Starts our demo registry with its data in `dir` (made here, removed by stop()). */
export async function startOurs(dir: string, opts: OursOptions = {}): Promise<RunningRegistry> {
  mkdirSync(dir, { recursive: true });
  const unregisterDir = removeOnCleanup(dir);
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(opts.cpuProfDir)] : [];
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--import',
      'tsx',
      join(import.meta.dirname, 'demo-main.ts'),
      'demo',
      '--json',
      '--port',
      '0',
      '--data',
      join(dir, 'data'),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr = tail(child.stderr);
  const stopProcess = supervise('our demo registry', child);
  const stop = async () => {
    await stopProcess();
    rmSync(dir, { recursive: true, force: true });
    unregisterDir();
  };
  try {
    const line = await readFirstLine(child.stdout, 60_000);
    const info = JSON.parse(line) as DemoInfo;
    const port = Number(/:(\d+)$/.exec(info.endpoint)?.[1]);
    if (!port) throw new Error(`cannot read the port from endpoint '${info.endpoint}'`);
    // Loopback only; the certificate's SAN holds the endpoint's IP, which is 127.0.0.1 here.
    const host = `127.0.0.1:${port}`;
    await waitUntilServing(host, info.caCertPath, () => child.exitCode !== null, stderr);
    const client = writeClientFiles(join(dir, 'client'), host, info.caCertPath, info.username, info.password);
    return {
      kind: 'ours',
      host,
      pid: child.pid!,
      username: info.username,
      password: info.password,
      caFile: info.caCertPath,
      ...client,
      stop,
    };
  } catch (e) {
    await stop();
    throw new Error(
      `our demo registry (edge-registry demo) did not start: ${(e as Error).message}${stderr() ? `\n${stderr()}` : ''}`,
      { cause: e },
    );
  }
}
