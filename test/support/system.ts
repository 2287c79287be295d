// Real system parts for the integration suites: the private dockerd that scripts/test.mjs
// started, a CNCF Distribution registry, temp folders, free ports. Nothing here fakes a
// component; each helper starts the real one and stops it when the test ends.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, type TestContext } from 'node:test';

/** Throws with a clear line when the suite runs outside `npm test`'s sandbox. */
export function requireSandbox(): { root: string; dockerHost: string } {
  const root = process.env.EDGE_TEST_ROOT;
  const dockerHost = process.env.DOCKER_HOST;
  if (!root || !dockerHost) {
    throw new Error(
      'integration suites run through `npm test` (it starts the private dockerd and namespace)',
    );
  }
  return { root, dockerHost };
}

/** A temp folder removed after the test (or suite) that asked for it. */
export function tempDir(t: { after: (fn: () => void) => void } | TestContext, prefix = 'edge-'): string {
  const dir = mkdtempSync(join(process.env.EDGE_TEST_ROOT ?? tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A containers auth file (mode 0600) for skopeo's --authfile/--src-authfile/--dest-authfile:
 * credentials on a command line would show in ps and in runOk's failure message.
 */
export function skopeoAuthFile(
  t: { after: (fn: () => void) => void } | TestContext,
  host: string,
  username: string,
  password: string,
): string {
  return writeSkopeoAuthFile(join(tempDir(t, 'auth-'), 'auth.json'), host, username, password);
}

/** Writes `file` as skopeoAuthFile does, where the caller owns the folder; returns `file`. */
export function writeSkopeoAuthFile(file: string, host: string, username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  writeFileSync(file, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
  return file;
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws on a non-zero exit (tests assert on it). */
export function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Like run(), but throws with the command's stderr when it fails. */
export function runOk(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = run(cmd, args, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** The docker CLI against the private dockerd. */
export function docker(args: string[], opts: SpawnSyncOptions = {}): RunResult {
  return run('docker', args, opts);
}

/**
 * Imports a tiny real image (busybox-static as its only file, plus `extraFiles` as
 * a second layer when given) into the private dockerd under `ref`. No network needed.
 */
export function makeBusyboxImage(ref: string, extra?: { name: string; bytes: number }): void {
  const dir = mkdtempSync(join(tmpdir(), 'rootfs-'));
  try {
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'busybox'), readFileSync('/bin/busybox'), { mode: 0o755 });
    runOk('sh', ['-c', `cd ${dir}/bin && for a in sh ls cat echo sleep httpd; do ln -s busybox $a; done`]);
    if (extra) {
      // Random bytes so that every image made with `extra` has its own layer digest.
      runOk('sh', ['-c', `head -c ${extra.bytes} /dev/urandom > ${join(dir, extra.name)}`]);
    }
    runOk('sh', ['-c', `tar -C ${dir} -c . | docker import --change 'CMD ["/bin/sh"]' - ${ref}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Makes a self-signed CA and a server certificate for `names` with openssl. */
export function makeTlsFiles(dir: string, names: string[] = ['localhost'], ips: string[] = ['127.0.0.1']) {
  const ca = join(dir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  const san = [...names.map((n) => `DNS:${n}`), ...ips.map((i) => `IP:${i}`)].join(',');
  runOk('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test CA',
    '-keyout',
    caKey,
    '-out',
    ca,
  ]);
  runOk('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${names[0]}`,
    '-keyout',
    key,
    '-out',
    join(dir, 'server.csr'),
  ]);
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\n`);
  runOk('openssl', [
    'x509',
    '-req',
    '-in',
    join(dir, 'server.csr'),
    '-CA',
    ca,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    join(dir, 'ext.cnf'),
    '-out',
    cert,
  ]);
  return { ca, caKey, cert, key };
}

export interface Distribution {
  url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  caFile: string;
  /** The CA's private key (a token server signs with it; see the Bearer tests). */
  caKeyFile: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Bearer-token auth: Distribution sends clients to `realm` and trusts tokens its CA signed. */
export interface TokenAuth {
  realm: string;
  service: string;
  issuer: string;
}

/**
 * Starts CNCF Distribution (Debian's docker-registry) over TLS on a free loopback port, with
 * htpasswd auth (default), none (`auth: false`), or Bearer tokens. `deleteEnabled` false makes
 * it answer DELETE with 405 UNSUPPORTED.
 */
export async function startDistribution(
  t: { after: (fn: () => void | Promise<void>) => void },
  opts: { deleteEnabled?: boolean; auth?: boolean | { token: TokenAuth } } = {},
): Promise<Distribution> {
  const dir = mkdtempSync(join(process.env.EDGE_TEST_ROOT ?? tmpdir(), 'distribution-'));
  const port = await freePort();
  const tls = makeTlsFiles(dir);
  const username = 'ase-ecr-user';
  const password = 'dist-' + Math.random().toString(36).slice(2);
  const htpasswd = opts.auth === undefined || opts.auth === true;
  if (htpasswd) runOk('htpasswd', ['-Bbc', join(dir, 'htpasswd'), username, password]);
  const token = typeof opts.auth === 'object' ? opts.auth.token : undefined;
  const config = [
    'version: 0.1',
    'log: {level: warn}',
    'storage:',
    `  filesystem: {rootdirectory: ${join(dir, 'data')}}`,
    `  delete: {enabled: ${opts.deleteEnabled !== false}}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  tls: {certificate: ${tls.cert}, key: ${tls.key}}`,
    ...(htpasswd ? ['auth:', `  htpasswd: {realm: distribution, path: ${join(dir, 'htpasswd')}}`] : []),
    ...(token
      ? [
          'auth:',
          `  token: {realm: "${token.realm}", service: ${token.service}, issuer: ${token.issuer}, rootcertbundle: ${tls.ca}}`,
        ]
      : []),
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), config + '\n');
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `https://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  for (;;) {
    const r = run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--cacert',
      tls.ca,
      `https://localhost:${port}/v2/`,
    ]);
    if (r.stdout === '401' || r.stdout === '200') break;
    if (child.exitCode !== null || Date.now() > until)
      throw new Error(`docker-registry did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    // A child ended by a signal has no exit code: without signalCode a second stop() would
    // wait for an 'exit' that already happened.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  t.after(stop);
  return {
    url,
    host: `localhost:${port}`,
    port,
    username,
    password,
    caFile: tls.ca,
    caKeyFile: tls.caKey,
    dataDir: join(dir, 'data'),
    stop,
  };
}

/**
 * Like run(), without blocking this process: an in-process registry must keep answering,
 * and a registry child's log pipe must keep draining, while the command runs.
 */
export function runAsync(cmd: string, args: string[], input = ''): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? 1, stdout, stderr }));
    // A command that exits without reading its input (mount, umount) closes the pipe first:
    // EPIPE then says nothing its exit status does not.
    child.stdin.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') reject(e);
    });
    child.stdin.end(input);
  });
}

/** The docker CLI against the private dockerd, without blocking this process (see runAsync). */
export function dockerAsync(args: string[], input = ''): Promise<RunResult> {
  return runAsync('docker', args, input);
}

/**
 * A `t.after`-style scope for resources shared by a whole test file (registries, temp dirs):
 * released after the file's last test, newest first.
 */
export function fileScope(): { after: (fn: () => void | Promise<void>) => void } {
  const hooks: (() => void | Promise<void>)[] = [];
  after(async () => {
    for (const fn of hooks.splice(0).reverse()) await fn();
  });
  return { after: (fn) => void hooks.push(fn) };
}
