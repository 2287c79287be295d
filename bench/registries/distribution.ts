// CNCF Distribution (Debian's docker-registry, 2.8) as the reference: TLS with its own CA,
// htpasswd auth, filesystem storage, on a free loopback port. Access logs are off so that
// neither registry pays for per-request logging.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { removeOnCleanup } from '../cleanup.js';
import { makeTlsFiles } from '../tls.js';
import { freePort, supervise } from './process.js';
import { tail, waitUntilServing, writeClientFiles, type RunningRegistry } from './registry.js';

/** Starts Distribution with its data in `dir` (made here, removed by stop()). */
export async function startDistribution(dir: string): Promise<RunningRegistry> {
  mkdirSync(dir, { recursive: true });
  const unregisterDir = removeOnCleanup(dir);
  const tls = makeTlsFiles(dir);
  const username = 'bench';
  const password = randomBytes(18).toString('base64url');
  const htpasswd = join(dir, 'htpasswd');
  // -i reads the password from stdin: it never appears in argv.
  execFileSync('htpasswd', ['-Bic', htpasswd, username], {
    input: password,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: {level: warn, accesslog: {disabled: true}}',
      'storage:',
      `  filesystem: {rootdirectory: ${join(dir, 'data')}}`,
      '  delete: {enabled: true}',
      'http:',
      `  addr: ${host}`,
      `  tls: {certificate: ${tls.cert}, key: ${tls.key}}`,
      'auth:',
      `  htpasswd: {realm: bench, path: ${htpasswd}}`,
      '',
    ].join('\n'),
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = tail(child.stderr);
  const stopProcess = supervise('Distribution', child);
  const stop = async () => {
    await stopProcess();
    rmSync(dir, { recursive: true, force: true });
    unregisterDir();
  };
  try {
    await waitUntilServing(host, tls.ca, () => child.exitCode !== null, stderr);
  } catch (e) {
    await stop();
    throw new Error(`Distribution (docker-registry) did not start: ${(e as Error).message}`, { cause: e });
  }
  const client = writeClientFiles(join(dir, 'client'), host, tls.ca, username, password);
  return { kind: 'distribution', host, pid: child.pid!, username, password, caFile: tls.ca, ...client, stop };
}
