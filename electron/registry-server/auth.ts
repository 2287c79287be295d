// Basic auth for the embedded registry, like the device's own: one generated user.
//
// The credentials live in <dataDir>/credentials.json with mode 0600. This file is the demo
// device's own credential store, just as a real device keeps its registry password on the
// device; the app never writes the password anywhere else (no logs, no argv).
// Passwords are compared in constant time, and failed logins are throttled per client
// address so the password cannot be guessed online.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { writeFileAtomic } from './storage/atomic.js';
import { RegistryError } from './errors.js';

export interface Credentials {
  username: string;
  password: string;
}

/** The user name the device uses for its registry. */
export const defaultUsername = 'ase-ecr-user';

/** Reads the persisted credentials, generating and persisting them (mode 0600) on first use. */
export async function loadOrCreateCredentials(path: string, tmpDir: string): Promise<Credentials> {
  try {
    const c = JSON.parse(await readFile(path, 'utf8')) as Partial<Credentials>;
    if (typeof c.username === 'string' && typeof c.password === 'string' && c.password.length >= 16) {
      return { username: c.username, password: c.password };
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !(e instanceof SyntaxError)) throw e;
  }
  // 24 random bytes as base64url: 32 characters, safe in shells, URLs and YAML.
  const creds = { username: defaultUsername, password: randomBytes(24).toString('base64url') };
  await writeFileAtomic(tmpDir, path, JSON.stringify(creds, null, 2) + '\n', 0o600);
  return creds;
}

const realm = 'Edge Registry Companion';

function sha(s: string | Buffer): Buffer {
  return createHash('sha256').update(s).digest();
}

export interface AuthOptions {
  /** Failed logins allowed per address within `windowMs` before it is throttled. */
  maxFailures?: number;
  windowMs?: number;
}

/** Checks Basic credentials on every request and throttles addresses that keep failing. */
export class Authenticator {
  private readonly userHash: Buffer;
  private readonly passHash: Buffer;
  private readonly failures = new Map<string, { count: number; since: number; blockedUntil: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(creds: Credentials, opts: AuthOptions = {}) {
    this.userHash = sha(creds.username);
    this.passHash = sha(creds.password);
    this.maxFailures = opts.maxFailures ?? 10;
    this.windowMs = opts.windowMs ?? 60_000;
  }

  /** Throws UNAUTHORIZED (with the challenge) or TOOMANYREQUESTS unless `req` carries the credentials. */
  check(req: IncomingMessage): void {
    const addr = req.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    const f = this.failures.get(addr);
    if (f && f.blockedUntil > now) {
      const retry = Math.ceil((f.blockedUntil - now) / 1000);
      throw new RegistryError('TOOMANYREQUESTS', {
        message: `too many failed logins from this address; try again in ${retry}s`,
        headers: { 'Retry-After': String(retry) },
      });
    }
    const header = req.headers.authorization;
    const challenge = { 'WWW-Authenticate': `Basic realm="${realm}"` };
    if (!header) throw new RegistryError('UNAUTHORIZED', { headers: challenge });
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    let ok = false;
    if (m) {
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        // Hashing first gives equal-length buffers, so timingSafeEqual never leaks a length.
        const u = timingSafeEqual(sha(decoded.slice(0, colon)), this.userHash);
        const p = timingSafeEqual(sha(decoded.slice(colon + 1)), this.passHash);
        ok = u && p;
      }
    }
    if (ok) return;
    this.recordFailure(addr, now);
    throw new RegistryError('UNAUTHORIZED', {
      message: 'authentication required: wrong user name or password',
      headers: challenge,
    });
  }

  private recordFailure(addr: string, now: number): void {
    let f = this.failures.get(addr);
    if (!f || now - f.since > this.windowMs) f = { count: 0, since: now, blockedUntil: 0 };
    f.count++;
    if (f.count >= this.maxFailures) {
      // Doubling back-off per extra failure, capped at 5 minutes.
      const extra = f.count - this.maxFailures;
      f.blockedUntil = now + Math.min(1000 * 2 ** Math.min(extra, 9), 300_000);
    }
    this.failures.set(addr, f);
    if (this.failures.size > 10_000) {
      for (const [k, v] of this.failures)
        if (now - v.since > this.windowMs && v.blockedUntil < now) this.failures.delete(k);
    }
  }
}
