// Registry authentication as the distribution spec's token flow and plain Basic describe
// it: the first 401 carries a `WWW-Authenticate` challenge; Basic sends the credentials on
// every request, Bearer trades them (or nothing, for anonymous pulls) for a token per scope.
import type { Credentials } from '../../shared/credentials.js';
import type { Transport } from './transport.js';
import { readText } from './transport.js';
import { RegistryError, errorFromResponse } from './errors.js';
import { text } from '../../shared/i18n/index.js';

export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** Parses a `WWW-Authenticate` header (one challenge: the first Basic or Bearer). */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(basic|bearer)\b\s*(.*)$/i.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([a-zA-Z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let p = re.exec(m[2] ?? ''); p; p = re.exec(m[2] ?? '')) {
    params[p[1]!.toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: m[1]!.toLowerCase() as 'basic' | 'bearer', params };
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Holds what the registry asked for and the tokens it gave, per scope. */
export class Authenticator {
  private scheme: 'none' | 'basic' | 'bearer' = 'none';
  private bearer?: Challenge;
  private readonly tokens = new Map<string, CachedToken>();

  constructor(
    private readonly transport: Transport,
    private readonly registry: string,
    private readonly credentials?: Credentials,
    /** The registry's base URL: a token realm on plain HTTP is refused when this is HTTPS. */
    private readonly baseUrl?: string,
  ) {}

  /** The Authorization header for a request needing `scope`, when one is known. */
  header(scope: string): string | undefined {
    if (this.scheme === 'basic' && this.credentials) return basicHeader(this.credentials);
    if (this.scheme === 'bearer') {
      const t = this.tokens.get(scope);
      if (t && t.expiresAt > Date.now()) return `Bearer ${t.token}`;
    }
    return undefined;
  }

  /** Takes a 401 challenge into account, so that the request can be re-sent once. */
  async answer(challenge: Challenge, scope: string, signal?: AbortSignal): Promise<void> {
    if (challenge.scheme === 'basic') {
      if (!this.credentials) throw this.needLogin();
      this.scheme = 'basic';
      return;
    }
    this.scheme = 'bearer';
    this.bearer = challenge;
    await this.fetchToken(scope, challenge, signal);
  }

  /** Asks the token server for a token covering `scope` ('' = just log in, as `docker login` does). */
  async fetchToken(scope: string, challenge = this.bearer, signal?: AbortSignal): Promise<void> {
    const realm = challenge?.params.realm;
    if (!realm)
      throw new RegistryError('PROTOCOL', text('err.registry.noRealm', { registry: this.registry }));
    const url = new URL(realm);
    // The realm is where the registry sends the credentials (Bearer token flow); never in the clear.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.baseUrl?.startsWith('http:'))) {
      throw new RegistryError(
        'INSECURE_REDIRECT',
        text('err.registry.insecureRealm', {
          registry: this.registry,
          origin: url.origin,
          how: text(url.protocol === 'http:' ? 'err.registry.realm.http' : 'err.registry.realm.notHttps'),
        }),
      );
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    const scopes = new Set(
      [...scope.split(' '), ...(challenge.params.scope ?? '').split(' ')].filter(Boolean),
    );
    for (const s of scopes) url.searchParams.append('scope', s);
    if (this.credentials) url.searchParams.set('account', this.credentials.username);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.credentials) headers.authorization = basicHeader(this.credentials);
    const res = await this.transport.request({ method: 'GET', url: url.href, headers, signal });
    const answer = await readText(res, 1 << 20);
    if (res.status !== 200) {
      throw errorFromResponse(res.status, answer, {
        registry: this.registry,
        action: 'login (token request)',
      });
    }
    let body: { token?: string; access_token?: string; expires_in?: number };
    try {
      body = JSON.parse(answer);
    } catch {
      throw new RegistryError('PROTOCOL', text('err.registry.tokenNotJson', { registry: this.registry }));
    }
    const token = body.token ?? body.access_token;
    if (!token)
      throw new RegistryError('PROTOCOL', text('err.registry.noToken', { registry: this.registry }));
    // Renew a little early: a token that expires mid-request costs a re-sent chunk.
    const ttl = Math.max(30, body.expires_in ?? 60) * 1000 - 10_000;
    this.tokens.set(scope, { token, expiresAt: Date.now() + ttl });
  }

  private needLogin(): RegistryError {
    return new RegistryError(
      'UNAUTHORIZED',
      text('err.registry.needLogin', { registry: this.registry }),
      401,
    );
  }
}

function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}
