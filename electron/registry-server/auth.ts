// Basic auth for the embedded registry, like the device's own: one generated user.
//
// The credentials live in <dataDir>/credentials.json with mode 0600. This file is the demo
// device's own credential store, just as a real device keeps its registry password on the
// device; the app never writes the password anywhere else (no logs, no argv).
// Passwords are compared in constant time; wrong ones are slowed down per client address
// (never a correct one: see BasicAuthGuard).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { writeFileAtomic } from './storage/atomic.js';
import type { Credentials } from '../../shared/credentials.js';
import { ServedError } from './errors.js';

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
  /** Failed logins allowed per address within `windowMs` before its wrong passwords are slowed down. */
  maxFailures?: number;
  windowMs?: number;
  /** How long the answer to a wrong password waits once its address is slowed down. */
  delayMs?: number;
  /** Wrong-password answers an address may have waiting at once; more are refused (429) at once. */
  maxWaiting?: number;
}

/**
 * Checks Basic credentials on every request. A correct password is always let through at once:
 * on loopback every local process shares 127.0.0.1, so refusing an address would let any local
 * process lock the app's own client out. Wrong passwords are slowed down instead: after
 * `maxFailures` within `windowMs`, each further wrong answer waits `delayMs`, and at most
 * `maxWaiting` of them wait at once (more get 429 at once), which bounds guesses from one
 * address to `maxWaiting` per `delayMs` and the sockets they hold. (What makes guessing
 * hopeless is the 192-bit generated password; this keeps a guessing client slow and bounded.)
 */
export class BasicAuthGuard {
  private readonly userHash: Buffer;
  private readonly passHash: Buffer;
  private readonly failures = new Map<string, { count: number; since: number; waiting: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly delayMs: number;
  private readonly maxWaiting: number;

  constructor(creds: Credentials, opts: AuthOptions = {}) {
    this.userHash = sha(creds.username);
    this.passHash = sha(creds.password);
    this.maxFailures = opts.maxFailures ?? 10;
    this.windowMs = opts.windowMs ?? 60_000;
    this.delayMs = opts.delayMs ?? 1000;
    this.maxWaiting = opts.maxWaiting ?? 16;
  }

  /** Resolves when `req` carries the credentials; otherwise rejects with UNAUTHORIZED (with the challenge) or TOOMANYREQUESTS. */
  async check(req: IncomingMessage): Promise<void> {
    const header = req.headers.authorization;
    const challenge = { 'WWW-Authenticate': `Basic realm="${realm}"` };
    if (!header) throw new ServedError('UNAUTHORIZED', { headers: challenge });
    if (this.matches(header)) return;
    const addr = req.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    let f = this.failures.get(addr);
    if (!f || (now - f.since > this.windowMs && f.waiting === 0)) f = { count: 0, since: now, waiting: 0 };
    this.failures.set(addr, f);
    f.count++;
    this.forgetOld(now);
    const wrong = new ServedError('UNAUTHORIZED', {
      message: 'authentication required: wrong user name or password',
      headers: challenge,
    });
    if (f.count <= this.maxFailures) throw wrong;
    if (f.waiting >= this.maxWaiting) {
      const retry = Math.max(1, Math.ceil(this.delayMs / 1000));
      throw new ServedError('TOOMANYREQUESTS', {
        message: `too many failed logins from this address; try again in ${retry}s`,
        headers: { 'Retry-After': String(retry) },
      });
    }
    f.waiting++;
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs).unref());
    } finally {
      f.waiting--;
    }
    throw wrong;
  }

  private matches(header: string): boolean {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!m) return false;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    // Hashing first gives equal-length buffers, so timingSafeEqual never leaks a length.
    const u = timingSafeEqual(sha(decoded.slice(0, colon)), this.userHash);
    const p = timingSafeEqual(sha(decoded.slice(colon + 1)), this.passHash);
    return u && p;
  }

  private forgetOld(now: number): void {
    if (this.failures.size <= 10_000) return;
    for (const [k, v] of this.failures)
      if (now - v.since > this.windowMs && v.waiting === 0) this.failures.delete(k);
  }
}
