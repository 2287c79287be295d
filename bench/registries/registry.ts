// What the bench needs to know about a running registry, whichever it is, and the two
// helpers both kinds share: a skopeo auth file and a readiness probe.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export interface RunningRegistry {
  /** Which registry this is: 'ours' or 'distribution'. */
  kind: 'ours' | 'distribution';
  /** host:port that skopeo and our client connect to (loopback). */
  host: string;
  /** The registry process, for sampling its memory from /proc. */
  pid: number;
  username: string;
  password: string;
  /** PEM of the CA that signed the registry's certificate (the only thing clients trust). */
  caFile: string;
  /** A folder holding only ca.crt, for skopeo's --src-cert-dir/--dest-cert-dir. */
  certDir: string;
  /** A containers-auth.json with this registry's credentials (mode 0600), for skopeo --authfile. */
  authFile: string;
  /** A curl config file holding `user = "name:password"` (mode 0600), for curl -K. */
  curlConfig: string;
  /** Stops the process and removes its data. */
  stop(): Promise<void>;
}

/**
 * Writes the client-facing files for a registry into `dir`: certs/ca.crt, a skopeo auth file
 * and a curl config, so the password is never on a command line, not even for this throw-away
 * registry.
 */
export function writeClientFiles(
  dir: string,
  host: string,
  caFile: string,
  username: string,
  password: string,
): { certDir: string; authFile: string; curlConfig: string } {
  const certDir = join(dir, 'certs');
  mkdirSync(certDir, { recursive: true });
  copyFileSync(caFile, join(certDir, 'ca.crt'));
  const authFile = join(dir, 'auth.json');
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  writeFileSync(authFile, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
  chmodSync(authFile, 0o600);
  const curlConfig = join(dir, 'curl.cfg');
  writeFileSync(curlConfig, `user = "${username}:${password}"\n`, { mode: 0o600 });
  chmodSync(curlConfig, 0o600);
  return { certDir, authFile, curlConfig };
}

/** Status code of GET https://host/v2/ trusting only the CA PEM `ca`, or undefined when it does not answer. */
export function probeV2(host: string, ca: string): Promise<number | undefined> {
  const [hostname, port] = host.split(':') as [string, string];
  return new Promise((resolve) => {
    const req = request(
      { hostname, port: Number(port), path: '/v2/', method: 'GET', ca, timeout: 2000 },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** Waits until the registry answers /v2/ (200 or 401) trusting the CA in `caFile`, it exits, or `ms` pass. */
export async function waitUntilServing(
  host: string,
  caFile: string,
  exited: () => boolean,
  describeFailure: () => string,
  ms = 30_000,
): Promise<void> {
  const until = Date.now() + ms;
  const ca = readFileSync(caFile, 'utf8');
  for (;;) {
    const status = await probeV2(host, ca);
    if (status === 200 || status === 401) return;
    if (exited()) throw new Error(`the registry exited before serving: ${describeFailure()}`);
    if (Date.now() > until)
      throw new Error(`the registry did not answer within ${ms / 1000}s: ${describeFailure()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Keeps the last `max` characters of a stream (a registry's stderr), for error messages. */
export function tail(stream: NodeJS.ReadableStream | null, max = 4000): () => string {
  let text = '';
  stream?.on('data', (d: Buffer) => {
    text = (text + d.toString()).slice(-max);
  });
  return () => text.trim();
}
