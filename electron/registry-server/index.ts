// The embedded OCI registry (the "demo device"): OCI Distribution Spec v1.1 and Docker
// Registry HTTP API v2 over node:https, Basic auth, content-addressed crash-safe storage,
// live garbage collection and a storage quota. Plain Node: never imports `electron`.
//
// Public API (stable; used by electron/app, the CLI and tests):
//
//   const reg = await startRegistry({ dataDir, name?, ip?, port?, listenHost?, plainHttp?,
//                                     quotaBytes?, gcSchedule?, gcGraceMs?, uploadStallMs?,
//                                     bodyIdleMs?, loginThrottle? });
//                 quotaBytes and gcSchedule: for this run only, instead of the saved settings
//   reg.info      RegistryInfo (shared/api.ts): endpoint "name:port", ipAddress, username,
//                 password, caCertPath, caFingerprint (SHA-256, colon-separated upper hex)
//   reg.url       "https://<ip>:<port>" (reachable without a hosts entry: the IP is in the SAN)
//   reg.port      the port listened on (useful with port 0)
//   reg.gc({dryRun?})  runs GC now: { blobsRemoved, bytesReclaimed, manifestsRemoved, uploadsRemoved,
//                 bytesKeptRecent }
//   reg.usage()   { usedBytes, quotaBytes, reclaimableBytes, availableBytes, blockedBy } for a storage bar
//   reg.settings() / reg.configure({ quotaBytes, gcSchedule })  the quota and GC schedule in
//                 effect; configure applies them live and keeps them in the data dir
//   reg.close()   stops listening, waits for a running GC, releases the data dir
//
// Reporting reclaimed space after a delete: the app deletes the manifest through the
// registry API as it would on a real device, then calls reg.gc() (or, over HTTP with the
// same Basic auth, POST /v2/_edge/gc) and shows `bytesReclaimed`. Over HTTP,
// GET /v2/_edge/usage answers the same object as reg.usage().
//
// Files in the data dir: see storage/paths.ts. The credentials file (mode 0600) is the
// device's own credential store; the password never goes to logs or argv.
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer, type Server } from 'node:http';
import { DEFAULT_CIPHERS } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import type { RegistryInfo } from '../../shared/api.js';
import { BasicAuthGuard, loadOrCreateCredentials, type AuthOptions } from './auth.js';
import { logToStderr, openCore, type OpenCore } from './core.js';
import { requestHandler, type Logger } from './server.js';
import { loadOrCreateTls } from './tls.js';
import type { GcSchedule } from './schedule.js';
import type { RegistrySettings } from './settings.js';
import type { GcResult, UsageReport } from './gc.js';

export type { GcResult, UsageReport } from './gc.js';
export type { GcSchedule } from './schedule.js';
export type { RegistrySettings } from './settings.js';
export { parseSize, formatBytes } from './sizes.js';
export { logToStderr } from './core.js';

/**
 * TLS 1.3 with AES-128-GCM first, as Go's servers (Distribution) choose: OpenSSL would pick
 * AES-256-GCM, which costs both ends about 40% more AES rounds on every byte of a layer, for
 * no practical gain in strength. Clients that offer only other suites still get them.
 */
const bulkCipherPreference = {
  ciphers: [
    'TLS_AES_128_GCM_SHA256',
    ...DEFAULT_CIPHERS.split(':').filter((c) => c !== 'TLS_AES_128_GCM_SHA256'),
  ].join(':'),
  honorCipherOrder: true,
};

export const defaultRegistryName = 'ecr.demo-edge.local';
export const defaultRegistryIp = '127.0.0.1';
export const defaultRegistryPort = 31001;
/** How long close() lets running requests finish before cutting them. */
const closeGraceMs = 5000;

export interface RegistryOptions {
  /** Folder for blobs, credentials and TLS material (created when missing). */
  dataDir: string;
  /** Endpoint host name, in the certificate's SAN (default ecr.demo-edge.local). */
  name?: string;
  /** The IP clients map the name to, in the SAN too (default 127.0.0.1). */
  ip?: string;
  /** Port to listen on (default 31001; 0 = any free port). */
  port?: number;
  /** Address to listen on (default: `ip`). */
  listenHost?: string;
  /** Serve plain HTTP instead of TLS. Only for explicit opt-in (`--insecure-http`). */
  plainHttp?: boolean;
  /**
   * Storage quota in bytes (blobs plus upload data), or null for none, for this run instead of
   * the saved setting (see `configure`; none at first).
   */
  quotaBytes?: number | null;
  /** When GC runs by itself, for this run instead of the saved setting (at first nightly at 03:00 local). */
  gcSchedule?: GcSchedule;
  /** How long pushed-but-unused blobs and untagged pushes are kept by GC (default 1 h). */
  gcGraceMs?: number;
  /** How long a chunk's sender may be silent before a newer request on its upload takes over (default 10 s). */
  uploadStallMs?: number;
  /** How long a request body being read may send nothing before it is cut off (default 60 s). */
  bodyIdleMs?: number;
  /** How wrong passwords are slowed down (auth.ts; default: after 10 in a minute, 1 s each, 16 waiting). */
  loginThrottle?: AuthOptions;
  /** Where server errors are logged (default stderr). Never receives secrets. */
  log?: Logger;
}

export interface RunningRegistry {
  info: RegistryInfo;
  url: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
  gc(opts?: { dryRun?: boolean }): Promise<GcResult>;
  usage(): Promise<UsageReport>;
  /** The quota and GC schedule in effect. */
  settings(): Promise<RegistrySettings>;
  /**
   * Changes them now (a lower quota refuses the next upload that would pass it; stored data
   * stays) and keeps them in the data dir for the next start. Invalid settings: an Error that
   * says what to use, and nothing changes.
   */
  configure(next: RegistrySettings): Promise<RegistrySettings>;
  /**
   * For a registry that another process serves (see serving.ts): resolves once that process
   * no longer holds the data dir. Absent for one this process runs.
   */
  gone?: Promise<void>;
}

/** Starts the registry and resolves once it listens. */
export async function startRegistry(opts: RegistryOptions): Promise<RunningRegistry> {
  const name = opts.name ?? defaultRegistryName;
  const ip = opts.ip ?? defaultRegistryIp;
  const log = opts.log ?? logToStderr;
  const core: OpenCore = await openCore(opts.dataDir, {
    gcGraceMs: opts.gcGraceMs,
    uploadStallMs: opts.uploadStallMs,
    bodyIdleMs: opts.bodyIdleMs,
    log,
    settings: {
      ...(opts.quotaBytes !== undefined ? { quotaBytes: opts.quotaBytes } : {}),
      ...(opts.gcSchedule !== undefined ? { gcSchedule: opts.gcSchedule } : {}),
    },
  });
  let server: Server | undefined;
  try {
    const creds = await loadOrCreateCredentials(core.paths.credentials, core.paths.tmp);
    const tls = await loadOrCreateTls(core.paths.tlsDir, core.paths.tmp, name, ip);
    if (tls.replacedCa)
      log(
        `registry: made a new device CA (SHA-256 ${tls.caFingerprint}) that can sign only for ${name} and ${ip}; ` +
          `the one before (SHA-256 ${tls.replacedCa.fingerprint}, kept as ${tls.replacedCa.certPath}) had no such limit or others, and its key is deleted. ` +
          'Where that CA was trusted, run setup for this device again: it trusts the new CA and removes the old one.',
      );
    const handler = requestHandler(core, new BasicAuthGuard(creds, opts.loginThrottle), log);
    // TCP keepalive: a client that vanished (network gone, no FIN) is noticed after about
    // 1 + 9 x 75 s (Linux's probes) instead of never, and its connection closed.
    const keepAlive = { keepAlive: true, keepAliveInitialDelay: 60_000 };
    server = opts.plainHttp
      ? createHttpServer(keepAlive, handler)
      : createHttpsServer(
          {
            ...keepAlive,
            // The full chain: server certificate, then the CA that signed it.
            key: tls.serverKeyPem,
            cert: tls.serverCertPem + tls.caCertPem,
            ...bulkCipherPreference,
          },
          handler,
        );
    // Large layers on slow links take long: no overall request timeout, but headers must come quickly.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    const srv = server;
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(opts.port ?? defaultRegistryPort, opts.listenHost ?? ip, () => {
        srv.off('error', reject);
        resolve();
      });
    });
    const port = (srv.address() as AddressInfo).port;
    const host = isIPv6(ip) ? `[${ip}]` : ip;
    const url = `${opts.plainHttp ? 'http' : 'https'}://${host}:${port}`;
    await core.writeLock(url);

    await core.scheduleGc();

    let closing: Promise<void> | undefined;
    return {
      info: {
        endpoint: `${name}:${port}`,
        ipAddress: ip,
        username: creds.username,
        password: creds.password,
        caCertPath: tls.caCertPath,
        caFingerprint: tls.caFingerprint,
      },
      url,
      port,
      dataDir: opts.dataDir,
      gc: (o) => core.gc({ dryRun: o?.dryRun }),
      usage: () => core.usage(),
      settings: async () => core.settings(),
      configure: (next) => core.configure(next),
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            srv.close(() => resolve());
            srv.closeIdleConnections();
            // Requests still running after a few seconds (a stalled upload) are cut; the
            // client resumes the upload from the acknowledged offset after a restart.
            setTimeout(() => srv.closeAllConnections(), closeGraceMs).unref();
          });
          await core.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    server?.close();
    await core.close();
    throw e;
  }
}
