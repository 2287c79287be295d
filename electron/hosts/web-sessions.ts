// Who may use the web host (web.ts says why each check exists): one-time login codes traded
// for per-tab session credentials, and the Host / Origin / session check every request passes.
import type { IncomingMessage } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a login link works when the caller does not say (it works once in any case). */
export const defaultLoginTtlMs = 10 * 60_000;
/** Bounds the memory an unused flood of login links or sessions could take. */
const maxPending = 1000;

const newSecret = () => randomBytes(32).toString('base64url');

/** Constant-time membership of a presented secret in a set of ours. */
function holds(set: Iterable<string>, candidate: string | undefined): string | undefined {
  if (!candidate) return undefined;
  const b = Buffer.from(candidate);
  for (const s of set) {
    const a = Buffer.from(s);
    if (a.length === b.length && timingSafeEqual(a, b)) return s;
  }
  return undefined;
}

/** The session a request presents: `Authorization: Bearer S`, or (WebSocket) a `session.S` subprotocol. */
function presentedSession(req: IncomingMessage): string | undefined {
  const auth = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(String(req.headers.authorization ?? ''));
  if (auth) return auth[1];
  for (const p of String(req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const m = /^session\.([A-Za-z0-9_-]{1,100})$/.exec(p.trim());
    if (m) return m[1];
  }
  return undefined;
}

/** Why a login code was not accepted. */
export type RedeemRefusal = 'unknown' | 'expired';

/** A refusal to answer: the HTTP status and the words the page shows. */
export interface Refusal {
  status: number;
  message: string;
}

/** Login codes not used yet and the sessions given out; both end with the host. */
export class WebLogins {
  /** Login codes not used yet -> when they stop working. */
  private readonly codes = new Map<string, number>();
  /** Session credentials given out (one per logged-in tab). */
  private readonly sessions = new Set<string>();

  /** A new one-time login code, working for `ttlMs`. */
  issueCode(ttlMs = defaultLoginTtlMs): string {
    const now = Date.now();
    for (const [c, until] of this.codes) if (until < now) this.codes.delete(c);
    if (this.codes.size >= maxPending) this.codes.delete(this.codes.keys().next().value!);
    const code = newSecret();
    this.codes.set(code, now + ttlMs);
    return code;
  }

  /** The one use of a login code: a new session credential, or why not. */
  redeem(code: unknown): { session: string } | { refused: RedeemRefusal } {
    const known = holds(this.codes.keys(), typeof code === 'string' ? code : undefined);
    const expiresAt = known === undefined ? undefined : this.codes.get(known);
    if (known !== undefined) this.codes.delete(known); // one use, whatever its outcome
    if (expiresAt === undefined) return { refused: 'unknown' };
    if (expiresAt < Date.now()) return { refused: 'expired' };
    if (this.sessions.size >= maxPending) this.sessions.delete(this.sessions.values().next().value!);
    const session = newSecret();
    this.sessions.add(session);
    return { session };
  }

  /**
   * Checks Host, (for state-changing requests) Origin, and the session for a host listening on
   * `port`; returns the refusal, or null to go on.
   */
  admit(req: IncomingMessage, port: number, needs: { origin: boolean; session: boolean }): Refusal | null {
    const { host, origin } = req.headers;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      return {
        status: 403,
        message: 'This server answers only to 127.0.0.1 or localhost (wrong Host header).',
      };
    if (needs.origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)
      return {
        status: 403,
        message: 'Request refused: it did not come from the app page (wrong or missing Origin).',
      };
    if (needs.session && !holds(this.sessions, presentedSession(req))) {
      return {
        status: 401,
        message:
          'Not logged in (no session, or one from before a restart): open a new login link from `edge-registry serve` or `npm start` (press Enter there for a new one).',
      };
    }
    return null;
  }
}
