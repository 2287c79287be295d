// Talking to the device before changing anything: read the certificate chain it presents
// (to learn its name from the SAN and its CA), and check that GET /v2/ answers like a
// registry when trusting only the chosen CA and using the endpoint name.
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import { describe, type CertInfo } from './certificates.js';
import { text, TextError, type Text, type TextParam } from '../../shared/i18n/index.js';

/** Why the device could not be used, as a stable code plus a message for the user. */
export type ProbeProblem =
  | 'unreachable'
  | 'timeout'
  | 'not-tls'
  | 'not-registry'
  | 'name-mismatch'
  | 'not-yet-valid'
  | 'expired'
  | 'untrusted'
  | 'bad-credentials';

export class ProbeError extends TextError {
  constructor(
    readonly problem: ProbeProblem,
    message: string | Text,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

const tlsNotSpoken =
  /wrong version number|packet length too long|unknown protocol|record layer failure|http request/i;

function networkError(e: NodeJS.ErrnoException, where: TextParam): ProbeError {
  switch (e.code) {
    case 'ECONNREFUSED':
      return new ProbeError('unreachable', text('err.probe.refused', { where }));
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new ProbeError('unreachable', text('err.probe.unreachable', { where, code: e.code }));
    case 'ECONNRESET':
      return new ProbeError('not-tls', text('err.probe.reset', { where }));
  }
  if (tlsNotSpoken.test(e.message) || e.code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new ProbeError('not-tls', text('err.probe.notTls', { where }));
  }
  return new ProbeError('unreachable', text('err.probe.cannotConnect', { where, detail: e.message }));
}

function chainOf(peer: DetailedPeerCertificate): CertInfo[] {
  const out: CertInfo[] = [];
  let cur: DetailedPeerCertificate | PeerCertificate | undefined = peer;
  while (cur && 'raw' in cur && cur.raw && out.length < 10) {
    const info = describe(new X509Certificate(cur.raw));
    if (out.some((c) => c.sha256 === info.sha256)) break;
    out.push(info);
    const next: DetailedPeerCertificate | undefined = (cur as DetailedPeerCertificate).issuerCertificate;
    if (!next || next === cur) break;
    cur = next;
  }
  return out;
}

/**
 * Connects with TLS to `ip:port` (sending `servername` when it is a name) without
 * verifying, and returns the chain the server sent, leaf first.
 */
export function fetchChain(
  ip: string,
  port: number,
  opts: { servername?: string; timeoutMs?: number } = {},
): Promise<CertInfo[]> {
  const where = `${ip}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: ip,
      port,
      ...(opts.servername && !isIP(opts.servername) ? { servername: opts.servername } : {}),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    socket.setTimeout(opts.timeoutMs ?? 10_000, () => {
      socket.destroy();
      const seconds = Math.round((opts.timeoutMs ?? 10_000) / 1000);
      reject(new ProbeError('timeout', text('err.probe.timeout', { where, seconds })));
    });
    socket.once('secureConnect', () => {
      const chain = chainOf(socket.getPeerCertificate(true));
      socket.end();
      if (chain.length === 0) {
        reject(new ProbeError('not-tls', text('err.probe.noCert', { where })));
      } else resolve(chain);
    });
    socket.once('error', (e) => reject(networkError(e as NodeJS.ErrnoException, where)));
  });
}

/** The first DNS name (not a wildcard) in the certificate's SAN: the registry's endpoint name. */
export function endpointNameOf(leaf: CertInfo): string | undefined {
  // A wildcard cannot go in the hosts file: the device's own name is what we need.
  const dns = leaf.san.find((s) => s.startsWith('DNS:') && !s.includes('*'));
  return dns?.slice(4).toLowerCase();
}

/**
 * GET https://host:port/v2/ connecting to `ip`, trusting only `caPem`, verifying the
 * certificate for `host`. Resolves when the answer is a registry's (200 with the
 * Docker-Distribution-API-Version header or a JSON body, or 401 with a challenge); throws
 * ProbeError saying what is wrong otherwise.
 */
export function checkRegistry(
  ip: string,
  port: number,
  host: string,
  caPem: string,
  opts: {
    timeoutMs?: number;
    now?: Date;
    /** Sent with Basic auth: a 401 that asks for Basic auth then means they are wrong. */
    credentials?: { username: string; password: string };
  } = {},
): Promise<{ status: number; apiVersion?: string }> {
  const where = text('err.probe.at', { host, port, ip });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: ip,
        port,
        path: '/v2/',
        method: 'GET',
        ca: caPem,
        ...(isIP(host) ? {} : { servername: host }),
        headers: {
          Host: `${host}:${port}`,
          'User-Agent': 'edge-registry-companion',
          ...(opts.credentials
            ? {
                Authorization: `Basic ${Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`).toString('base64')}`,
              }
            : {}),
        },
        agent: false,
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        const apiVersion = res.headers['docker-distribution-api-version'];
        const challenge = res.headers['www-authenticate'];
        const version = typeof apiVersion === 'string' ? apiVersion : undefined;
        // A web page that answers 200 to every path (the device's local UI on 443, a router)
        // is not a registry: a 200 counts only with the registry header or a JSON body.
        const json = /json/i.test(String(res.headers['content-type'] ?? ''));
        // A token registry (Bearer) cannot check a password here: only a Basic challenge says no.
        if (opts.credentials && status === 401 && /^basic/i.test(String(challenge ?? ''))) {
          const username = opts.credentials.username;
          return reject(
            new ProbeError('bad-credentials', text('err.probe.badCredentials', { where, username })),
          );
        }
        if ((status === 200 && (version || json)) || (status === 401 && (challenge || version))) {
          resolve({ status, ...(version ? { apiVersion: version } : {}) });
        } else {
          const header = version ? '' : text('err.probe.noApiHeader');
          reject(new ProbeError('not-registry', text('err.probe.notRegistry', { where, status, header })));
        }
      },
    );
    req.on('timeout', () => {
      const seconds = Math.round((opts.timeoutMs ?? 10_000) / 1000);
      req.destroy(new ProbeError('timeout', text('err.probe.timeoutHttp', { where, seconds })));
    });
    req.on('error', (e) => {
      if (e instanceof ProbeError) return reject(e);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        const detail = e.message.replace(/^.*?: /, '');
        return reject(new ProbeError('name-mismatch', text('err.probe.nameMismatch', { host, detail })));
      }
      if (code === 'CERT_NOT_YET_VALID') {
        const now = (opts.now ?? new Date()).toISOString();
        return reject(new ProbeError('not-yet-valid', text('err.probe.notYetValid', { now })));
      }
      if (code === 'CERT_HAS_EXPIRED') {
        return reject(new ProbeError('expired', text('err.probe.expired')));
      }
      if (code && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) {
        return reject(new ProbeError('untrusted', text('err.probe.untrusted', { code })));
      }
      reject(networkError(e as NodeJS.ErrnoException, where));
    });
    req.end();
  });
}
