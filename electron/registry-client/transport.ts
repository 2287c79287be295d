// HTTP(S) to one registry: a keep-alive agent that trusts the given CA(s) plus the system
// store, and a small request function that streams bodies both ways (nothing is buffered
// except small JSON answers).
import http from 'node:http';
import https from 'node:https';
import { readFileSync, existsSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { Readable } from 'node:stream';
import { errorFromNetwork } from './errors.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** A buffer, or a factory that opens the body stream (called again when the request is re-sent). */
  body?: Buffer | string | (() => Readable);
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/** Linux bundles that hold the OS store (update-ca-certificates writes the first). */
export const systemBundles = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
];
let systemCas: string[] | undefined;

const pemCertificate =
  /-----BEGIN (?:TRUSTED |X509 )?CERTIFICATE-----[\s\S]+?-----END (?:TRUSTED |X509 )?CERTIFICATE-----/g;

/**
 * Node's bundled roots plus the OS bundle where one is on disk (the device CA may be imported
 * there), each certificate once: the two mostly overlap, and parsing them is what a TLS trust
 * store costs (about 300 certificates took 42 ms, the 156 distinct ones 21 ms).
 */
export function systemCertificates(): string[] {
  if (!systemCas) {
    const byBody = new Map<string, string>();
    const add = (pem: string) => byBody.set(pem.replace(/\s+/g, ''), pem);
    rootCertificates.forEach(add);
    for (const f of systemBundles) {
      if (existsSync(f)) {
        try {
          readFileSync(f, 'utf8').match(pemCertificate)?.forEach(add);
          break;
        } catch {
          // Unreadable bundle: Node's roots still apply.
        }
      }
    }
    systemCas = [...byBody.values()];
  }
  return systemCas;
}

export interface TransportOptions {
  /** Extra trusted CA certificates (PEM): the device CA that setup pinned. */
  ca?: (string | Buffer)[];
  /** Parallel connections per registry. */
  maxSockets?: number;
  /** Socket inactivity that counts as a dropped connection (default 60 s). */
  idleTimeoutMs?: number;
  /**
   * For a request that streams a body (a blob's chunk): inactivity that counts as a dropped
   * connection, while sending and until the chunk is acknowledged (default 15 s). Shorter than
   * idleTimeoutMs, so that a push notices a dropped network sooner: a registry reads a chunk as
   * it comes and acknowledges it once stored, and an interrupted chunk resumes from the offset
   * the registry reports, so a false alarm costs only a reconnect. Requests that may take long
   * to answer (the PUT that completes a blob, checking its digest) keep idleTimeoutMs.
   */
  sendStallMs?: number;
}

/** One registry's connection pool. */
export class Transport {
  private httpsAgentMade?: https.Agent;
  private readonly httpAgent: http.Agent;
  private readonly idleTimeoutMs: number;
  private readonly sendStallMs: number;

  constructor(
    readonly registryLabel: string,
    private readonly opts: TransportOptions = {},
  ) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 16 });
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
    this.sendStallMs = Math.min(opts.sendStallMs ?? 15_000, this.idleTimeoutMs);
  }

  // The trust store is parsed once per pool, on its first HTTPS request: given `ca`, an agent
  // would parse it again for every connection it opens (about 300 certificates with the OS
  // bundle: ~40 ms of blocked event loop per connection, measured), which staggered the start
  // of a push's parallel uploads and stalled the app's main process.
  private get httpsAgent(): https.Agent {
    if (!this.httpsAgentMade) {
      // Always the OS bundle too: the device CA may have been imported there by setup.
      const ca = [...systemCertificates(), ...(this.opts.ca ?? []).map(String)];
      this.httpsAgentMade = new https.Agent({
        keepAlive: true,
        maxSockets: this.opts.maxSockets ?? 16,
        secureContext: createSecureContext({ ca }),
      });
    }
    return this.httpsAgentMade;
  }

  /** Sends one request; resolves once the response headers arrived. Network failures reject as RegistryError. */
  request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const mod = url.protocol === 'http:' ? http : https;
    const agent = url.protocol === 'http:' ? this.httpAgent : this.httpsAgent;
    return new Promise<HttpResponse>((resolve, reject) => {
      const headers: Record<string, string> = { ...req.headers };
      if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) {
        headers['content-length'] = String(Buffer.byteLength(req.body));
      } else if (!req.body && ['PUT', 'POST', 'PATCH'].includes(req.method)) {
        headers['content-length'] = '0';
      }
      const r = mod.request(url, { method: req.method, headers, agent, signal: req.signal }, (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
      });
      const body = req.body;
      const streamed = typeof body === 'function';
      r.setTimeout(streamed ? this.sendStallMs : this.idleTimeoutMs, () =>
        r.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
      );
      r.on('error', (e) => reject(errorFromNetwork(e, this.registryLabel)));
      if (streamed) {
        const src = body();
        src.on('error', (e) => r.destroy(e));
        // A dropped request must not leave the file open.
        r.on('close', () => src.destroy());
        src.pipe(r);
      } else {
        r.end(req.body);
      }
    });
  }

  /** Closes idle sockets so the process can exit. */
  close(): void {
    this.httpsAgentMade?.destroy();
    this.httpAgent.destroy();
  }
}

/** Reads a (small) response body as text, at most `limit` bytes. */
export async function readText(res: HttpResponse, limit = 8 << 20): Promise<string> {
  return (await readBytes(res, limit)).toString('utf8');
}

/** Reads a response body as bytes (manifests: their digest is over the exact bytes). */
export async function readBytes(res: HttpResponse, limit = 8 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res.body as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > limit) {
      res.body.destroy();
      throw new Error(`response larger than ${limit} bytes`);
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** Discards a response body so its socket goes back to the pool. */
export function drain(res: HttpResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.body.readableEnded) return resolve();
    res.body.on('end', resolve);
    res.body.on('error', () => resolve());
    res.body.on('close', () => resolve());
    res.body.resume();
  });
}
