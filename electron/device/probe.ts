// Talking to the device before changing anything: read the certificate chain it presents
// (to learn its name from the SAN and its CA), and check that GET /v2/ answers like a
// registry when trusting only the chosen CA and using the endpoint name.
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { connect, type PeerCertificate, type DetailedPeerCertificate } from 'node:tls';
import { describe, type CertInfo } from './certificates.js';

/** Why the device could not be used, as a stable code plus a message for the user. */
export type ProbeProblem =
  | 'unreachable'
  | 'timeout'
  | 'not-tls'
  | 'not-registry'
  | 'name-mismatch'
  | 'not-yet-valid'
  | 'expired'
  | 'untrusted';

export class ProbeError extends Error {
  constructor(
    readonly problem: ProbeProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

const tlsNotSpoken =
  /wrong version number|packet length too long|unknown protocol|record layer failure|http request/i;

function networkError(e: NodeJS.ErrnoException, where: string): ProbeError {
  switch (e.code) {
    case 'ECONNREFUSED':
      return new ProbeError(
        'unreachable',
        `Nothing is listening at ${where}. Check the IP address and port (the registry's default port is 31001), that the device is on, and that its registry is enabled.`,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new ProbeError(
        'unreachable',
        `${where} cannot be reached from this computer (${e.code}). Check the network connection to the device and the IP address.`,
      );
    case 'ECONNRESET':
      return new ProbeError(
        'not-tls',
        `${where} closed the connection during the TLS handshake. Check that this is the registry's port (default 31001), not another service.`,
      );
  }
  if (tlsNotSpoken.test(e.message) || e.code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new ProbeError(
      'not-tls',
      `${where} answers, but not with TLS (plain HTTP or another protocol). Check the port: the device's registry speaks HTTPS on 31001.`,
    );
  }
  return new ProbeError(
    'unreachable',
    `Cannot connect to ${where}: ${e.message}. Check the address and port.`,
  );
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
      reject(
        new ProbeError(
          'timeout',
          `${where} did not answer within ${Math.round((opts.timeoutMs ?? 10_000) / 1000)} s. Check the IP address, port and firewall.`,
        ),
      );
    });
    socket.once('secureConnect', () => {
      const chain = chainOf(socket.getPeerCertificate(true));
      socket.end();
      if (chain.length === 0) {
        reject(
          new ProbeError(
            'not-tls',
            `${where} sent no certificate. Check that this is the device's registry port.`,
          ),
        );
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
  opts: { timeoutMs?: number; now?: Date } = {},
): Promise<{ status: number; apiVersion?: string }> {
  const where = `https://${host}:${port} (at ${ip})`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: ip,
        port,
        path: '/v2/',
        method: 'GET',
        ca: caPem,
        ...(isIP(host) ? {} : { servername: host }),
        headers: { Host: `${host}:${port}`, 'User-Agent': 'edge-registry-companion' },
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
        if ((status === 200 && (version || json)) || (status === 401 && (challenge || version))) {
          resolve({ status, ...(version ? { apiVersion: version } : {}) });
        } else {
          reject(
            new ProbeError(
              'not-registry',
              `${where} answers HTTPS, but not like a container registry (GET /v2/ gave HTTP ${status}${version ? '' : ', no Docker-Distribution-API-Version header'}). Check the port: the device's registry listens on 31001.`,
            ),
          );
        }
      },
    );
    req.on('timeout', () => {
      req.destroy(
        new ProbeError(
          'timeout',
          `${where} did not answer within ${Math.round((opts.timeoutMs ?? 10_000) / 1000)} s. Check the network and the port.`,
        ),
      );
    });
    req.on('error', (e) => {
      if (e instanceof ProbeError) return reject(e);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return reject(
          new ProbeError(
            'name-mismatch',
            `The registry's certificate does not name "${host}" (${e.message.replace(/^.*?: /, '')}). Use the endpoint name the device shows, or regenerate the device's certificates for this name.`,
          ),
        );
      }
      if (code === 'CERT_NOT_YET_VALID') {
        return reject(
          new ProbeError(
            'not-yet-valid',
            `The registry's certificate is not valid yet: this computer's clock (${(opts.now ?? new Date()).toISOString()}) is behind the device's, or the other way round. Correct the time on both (automatic time sync) and retry.`,
          ),
        );
      }
      if (code === 'CERT_HAS_EXPIRED') {
        return reject(
          new ProbeError(
            'expired',
            `The registry's certificate has expired. Renew the device's certificates on its local UI (or check this computer's clock), then retry.`,
          ),
        );
      }
      if (code && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) {
        return reject(
          new ProbeError(
            'untrusted',
            `The registry's certificate is not signed by the chosen CA (${code}). Choose the CA certificate of this device, or download it again from the device's local UI.`,
          ),
        );
      }
      reject(networkError(e as NodeJS.ErrnoException, where));
    });
    req.end();
  });
}
