// Talking to the registry that serves a data dir from another process (`edge-registry gc`
// while it runs; the app while `edge-registry demo` serves the demo device's folder), with
// the credentials and CA it keeps there; the lock file gives its URL.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { RegistryInfo } from '../../shared/api.js';
import type { Credentials } from '../../shared/credentials.js';
import type { GcResult, UsageReport } from './gc.js';
import type { RunningRegistry } from './index.js';
import type { RegistrySettings } from './settings.js';
import { readLock, type LockInfo } from './lock.js';

/** An error reaching or using the serving registry; `unreachable` when it did not answer. */
export class ServingRegistryError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

/** What calls to the registry serving `dataDir` need, read once from the files it keeps there. */
interface ServingAccess {
  dataDir: string;
  url: string;
  creds: Credentials;
  /** The device CA (PEM), for an HTTPS URL. */
  ca?: Buffer;
}

async function readAccess(dataDir: string, url: string): Promise<ServingAccess> {
  const creds = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')) as Credentials;
  const ca = new URL(url).protocol === 'https:' ? await readFile(join(dataDir, 'tls', 'ca.crt')) : undefined;
  return { dataDir, url, creds, ca };
}

/**
 * Calls `path` on the registry at `url` that serves `dataDir` (with `body` as JSON, if given);
 * resolves with the parsed JSON answer.
 */
export async function callServingRegistry(
  dataDir: string,
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  return callWith(await readAccess(dataDir, url), method, path, body);
}

function callWith(access: ServingAccess, method: string, path: string, body?: unknown): Promise<unknown> {
  const { dataDir, url, creds, ca } = access;
  const target = new URL(path, url);
  const isHttps = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (isHttps ? request : httpRequest)(target, {
      method,
      ca,
      // The certificate names the endpoint and IP; the lock's URL uses the IP.
      headers: {
        Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
    });
    req.once('error', (e) =>
      reject(
        new ServingRegistryError(
          `cannot reach the registry serving ${dataDir} at ${url} (${e.message}); is it still running?`,
          true,
        ),
      ),
    );
    req.once('response', (res) => {
      let answer = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (answer += c));
      res.once('end', () => {
        if (res.statusCode !== 200) {
          reject(new ServingRegistryError(errorMessage(url, res.statusCode, answer), false));
          return;
        }
        try {
          resolve(JSON.parse(answer));
        } catch {
          reject(
            new ServingRegistryError(`the registry at ${url} answered something that is not JSON`, false),
          );
        }
      });
    });
    req.end(body !== undefined ? JSON.stringify(body) : undefined);
  });
}

/** The registry's own message for a refused call ({"errors":[{message}]}), or the raw answer. */
function errorMessage(url: string, status: number | undefined, answer: string): string {
  try {
    const message = (JSON.parse(answer) as { errors?: { message?: unknown }[] }).errors?.[0]?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not the registry's error format
  }
  return `the registry at ${url} answered ${status}: ${answer.slice(0, 300)}`;
}

/** How often an attached registry's lock is read to notice that its process stopped serving. */
const goneCheckMs = 1000;

/**
 * The registry that another process serves from `dataDir` at `url`, as this process would run
 * it: the same info (from the files in the data dir) and the same calls, over HTTPS. close()
 * leaves it running: it is not ours to stop. `gone` tells when it stops serving.
 */
export async function attachServingRegistry(dataDir: string, holder: LockInfo): Promise<RunningRegistry> {
  const url = holder.url ?? '';
  const target = new URL(url);
  if (target.protocol !== 'https:') {
    throw new ServingRegistryError(
      `the registry serving ${dataDir} at ${url} uses plain HTTP (--insecure-http); stop it, or restart it without that option`,
      false,
    );
  }
  // Read once: every call of the app (a storage bar refresh every few seconds) reuses them.
  const access = await readAccess(dataDir, url);
  const { creds } = access;
  const caCertPath = join(dataDir, 'tls', 'ca.crt');
  const ca = new X509Certificate(access.ca!);
  const server = new X509Certificate(await readFile(join(dataDir, 'tls', 'server.crt')));
  const name = /DNS:([^,\s]+)/.exec(server.subjectAltName ?? '')?.[1];
  const ip = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const call = (method: string, path: string, body?: unknown) => callWith(access, method, path, body);
  await call('GET', '/v2/_edge/usage'); // it answers, with these credentials and this CA
  const info: RegistryInfo = {
    endpoint: `${name ?? ip}:${target.port || 443}`,
    ipAddress: ip,
    username: creds.username,
    password: creds.password,
    caCertPath,
    caFingerprint: ca.fingerprint256,
  };
  // Watched through its lock: released, or its process gone (a crash), or taken by another.
  let watch: NodeJS.Timeout | undefined;
  const gone = new Promise<void>((resolve) => {
    watch = setInterval(() => {
      void readLock(dataDir).then((now) => {
        if (now?.pid === holder.pid && now.since === holder.since) return;
        clearInterval(watch);
        resolve();
      });
    }, goneCheckMs);
    watch.unref();
  });
  return {
    info,
    url,
    gone,
    port: Number(target.port || 443),
    dataDir,
    gc: async (o) => (await call('POST', `/v2/_edge/gc${o?.dryRun ? '?dryRun=true' : ''}`)) as GcResult,
    usage: async () => (await call('GET', '/v2/_edge/usage')) as UsageReport,
    settings: async () => (await call('GET', '/v2/_edge/settings')) as RegistrySettings,
    configure: async (next) => (await call('PUT', '/v2/_edge/settings', next)) as RegistrySettings,
    close: async () => clearInterval(watch),
  };
}
