// The embedded demo registry for tests: in-process (fast, port 0, temp data dir) or as the
// real `edge-registry demo --json` child process (for crash tests and end-to-end checks).
// Also a tiny HTTPS client that trusts only the demo CA, for raw Registry API calls.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import {
  startRegistry,
  type RegistryOptions,
  type RunningRegistry,
} from '../../electron/registry-server/index.js';
import type { RegistryInfo } from '../../shared/api.js';
import { run, tempDir, type RunResult } from './system.js';

type AfterHook = { after: (fn: () => void | Promise<void>) => void } | TestContext;

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `edge-registry ARGS` as a child process (test/support/cli-main.ts through tsx), run to its end. */
export function runCliChild(...args: string[]): RunResult {
  return run(process.execPath, ['--import', 'tsx', 'test/support/cli-main.ts', ...args], { cwd: repoRoot });
}

export interface DemoRegistry extends RunningRegistry {
  /** The CA certificate file clients must trust (same as info.caCertPath). */
  caFile: string;
  /** "host:port" for clients that take a registry host (uses the IP, which the certificate names too). */
  host: string;
}

/**
 * Starts the demo registry in this process on a free loopback port with a temp data dir
 * (GC schedule off unless given); stopped when the test ends.
 */
export async function startDemoRegistry(
  t: AfterHook,
  opts: Partial<RegistryOptions> = {},
): Promise<DemoRegistry> {
  const dataDir = opts.dataDir ?? tempDir(t, 'demo-registry-');
  const reg = await startRegistry({ port: 0, gcSchedule: false, ...opts, dataDir });
  t.after(() => reg.close());
  return { ...reg, caFile: reg.info.caCertPath, host: new URL(reg.url).host };
}

/** `reg` as a device set up from the app under the name `host` (for DeviceSession.add). */
export function asSetUpDevice(reg: DemoRegistry, host: string) {
  return {
    host,
    port: reg.port,
    ip: '127.0.0.1',
    caPem: readFileSync(reg.caFile, 'utf8'),
    caFingerprint: reg.info.caFingerprint,
    username: reg.info.username,
    password: reg.info.password,
  };
}

export interface SpawnedDemo {
  info: RegistryInfo;
  url: string;
  port: number;
  host: string;
  dataDir: string;
  caFile: string;
  child: ChildProcess;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code and signal. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `edge-registry demo --json ...args` as a child (test/support/cli-main.ts through tsx) and
 * parses the first stdout line. Adds `--port 0` and a temp `--data` unless `args` has them.
 * The child is killed when the test ends.
 */
export async function spawnDemoRegistry(t: AfterHook, args: string[] = []): Promise<SpawnedDemo> {
  const full = ['demo', '--json', ...args];
  if (!args.includes('--port')) full.push('--port', '0');
  let dataDir = args[args.indexOf('--data') + 1];
  if (!args.includes('--data') || !dataDir) {
    dataDir = tempDir(t, 'demo-registry-');
    full.push('--data', dataDir);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/cli-main.ts', ...full], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exited.then(({ code, signal }) =>
      reject(new Error(`edge-registry demo exited (${code ?? signal}) before printing its info: ${stderr}`)),
    );
  });
  const info = JSON.parse(first) as RegistryInfo;
  const port = Number(info.endpoint.slice(info.endpoint.lastIndexOf(':') + 1));
  const host = `${info.ipAddress.includes(':') ? `[${info.ipAddress}]` : info.ipAddress}:${port}`;
  const plain = full.includes('--insecure-http');
  return {
    info,
    port,
    host,
    url: `${plain ? 'http' : 'https'}://${host}`,
    dataDir,
    caFile: info.caCertPath,
    child,
    stderr: () => stderr,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface ApiResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (throws if it is not). */
  json<T = unknown>(): T;
}

export interface ApiTarget {
  url: string;
  caFile?: string;
  info: { username: string; password: string };
}

/**
 * One Registry API request against `reg` (trusting only its CA). `auth: false` sends no
 * credentials; a string pair sends those instead of the registry's.
 */
export function registryRequest(
  reg: ApiTarget,
  method: string,
  path: string,
  opts: {
    body?: Buffer | string;
    headers?: Record<string, string | number>;
    auth?: false | { username: string; password: string };
    /** Send the body with chunked transfer encoding (no Content-Length). */
    chunked?: boolean;
  } = {},
): Promise<ApiResponse> {
  // The path goes out as given (no URL normalization), so tests can send '..' and the like.
  const url = new URL(reg.url);
  const headers: Record<string, string | number> = { ...opts.headers };
  const creds = opts.auth === undefined ? reg.info : opts.auth;
  if (creds)
    headers.Authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
  if (opts.body !== undefined && !opts.chunked && headers['Content-Length'] === undefined) {
    headers['Content-Length'] = Buffer.byteLength(opts.body);
  }
  const isHttps = url.protocol === 'https:';
  const req = (isHttps ? httpsRequest : httpRequest)({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port,
    path,
    method,
    headers,
    ...(isHttps && reg.caFile ? { ca: readFileSync(reg.caFile), agent: false } : { agent: false }),
  });
  return new Promise((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('error', reject);
      res.once('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: <T>() => JSON.parse(body.toString('utf8')) as T,
        });
      });
    });
    if (opts.chunked && opts.body !== undefined) {
      req.write(opts.body);
      req.end();
    } else req.end(opts.body);
  });
}

/**
 * The device manual's delete procedure, step by step as it prints it: HEAD the tag accepting only
 * a Docker schema 2 manifest, read `Docker-Content-Digest`, DELETE by that digest.
 */
export async function manualDelete(
  reg: ApiTarget,
  repository: string,
  tag: string,
): Promise<{ head: number; digest: string | undefined; del: number | undefined }> {
  const head = await registryRequest(reg, 'HEAD', `/v2/${repository}/manifests/${tag}`, {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  const digest = head.headers['docker-content-digest'];
  const d = typeof digest === 'string' ? digest : undefined;
  if (head.status !== 200 || !d) return { head: head.status, digest: d, del: undefined };
  const del = await registryRequest(reg, 'DELETE', `/v2/${repository}/manifests/${d}`);
  return { head: head.status, digest: d, del: del.status };
}
