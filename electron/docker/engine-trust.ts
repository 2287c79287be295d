// Does the Docker ENGINE trust a registry? The OS trusting the CA is not enough: Docker
// Desktop copies the OS roots into its VM only when it starts, and dockerd reads
// certs.d/<host:port>/ca.crt. So the engine itself is asked to resolve a reference on the
// registry (Engine API distribution inspect, GET /distribution/{name}/json, with the login
// in X-Registry-Auth): it makes the TLS connection exactly as a `docker push` would. Its
// error (Go's x509/tls text) is put in words with what to do.
import type Docker from 'dockerode';
import { say, text, type Text } from '../../shared/i18n/index.js';
import { engineMessage } from './errors.js';

/** A reference that need not exist: "manifest unknown" already proves TLS and the login work. */
export const trustProbeRepository = 'edge-registry-companion/trust-check';

export type EngineTrustProblem =
  /** The engine does not know the CA that signed the registry's certificate. */
  | 'unknown-authority'
  /** The certificate is for another name. */
  | 'name-mismatch'
  /** Expired, or not valid yet (a clock is wrong). */
  | 'expired'
  /** Any other TLS failure. */
  | 'tls'
  /** The registry answers plain HTTP. */
  | 'http'
  /** The engine cannot reach the registry (name not resolved, refused, timeout). */
  | 'unreachable'
  /** TLS works, the registry refused the credentials. */
  | 'credentials'
  /** The engine failed for another reason. */
  | 'engine';

export type EngineTrust =
  | {
      trusted: true;
      /** Whether the login was checked too (false when no credentials were given). */
      loginChecked: boolean;
      text: Text;
      message: string;
    }
  | {
      trusted: false;
      problem: EngineTrustProblem;
      /** What the engine said, verbatim. */
      detail: string;
      text: Text;
      message: string;
    };

export interface EngineTrustOptions {
  credentials?: { username: string; password: string };
  /** `repository[:tag]` on the registry to resolve; a probe name by default. */
  reference?: string;
}

type WithoutMessage<T> = T extends unknown ? Omit<T, 'message'> : never;

function result(t: WithoutMessage<EngineTrust>): EngineTrust {
  return { ...t, message: say('en', t.text) };
}

/** Puts the engine's answer for `registry` into words (exported for tests of each Go message). */
export function classifyEngineAnswer(registry: string, detail: string, loginGiven: boolean): EngineTrust {
  const m = detail.toLowerCase();
  const fail = (problem: EngineTrustProblem, key: Parameters<typeof text>[0]) =>
    result({ trusted: false, problem, detail, text: text(key, { registry, detail }) });
  // Go: "tls: failed to verify certificate: x509: certificate signed by unknown authority".
  if (/x509: certificate signed by unknown authority|certificate is not trusted/.test(m)) {
    return fail('unknown-authority', 'engineTrust.unknownAuthority');
  }
  if (/x509: certificate is valid for|not valid for any names|certificate is not valid for/.test(m)) {
    return fail('name-mismatch', 'engineTrust.nameMismatch');
  }
  if (/x509: certificate has expired or is not yet valid/.test(m))
    return fail('expired', 'engineTrust.expired');
  if (/x509:|tls:|certificate/.test(m)) return fail('tls', 'engineTrust.tls');
  if (/server gave http response to https client/.test(m)) return fail('http', 'engineTrust.http');
  if (
    /no such host|connection refused|i\/o timeout|dial tcp|network is unreachable|no route to host/.test(m)
  ) {
    return fail('unreachable', 'engineTrust.unreachable');
  }
  const authFailed =
    /unauthorized|authentication required|incorrect username or password|denied|no basic auth credentials/.test(
      m,
    );
  if (authFailed && loginGiven) return fail('credentials', 'engineTrust.credentials');
  // The TLS handshake and /v2/ worked: the registry answered that the name is unknown, or
  // (without a login) that it wants one.
  if (authFailed || /manifest unknown|name unknown|not found|no such manifest|does not exist/.test(m)) {
    return result({
      trusted: true,
      loginChecked: loginGiven && !authFailed,
      text: text(loginGiven ? 'engineTrust.ok' : 'engineTrust.okNoLogin', { registry }),
    });
  }
  return fail('engine', 'engineTrust.engine');
}

/**
 * Asks `docker` to resolve `registry/reference` and says whether the engine trusts the
 * registry's certificate (and accepts the login, when one is given). Never throws for an
 * answer of the engine; throws only when the engine cannot be talked to at all.
 */
export async function checkEngineTrust(
  docker: Docker,
  registry: string,
  opts: EngineTrustOptions = {},
): Promise<EngineTrust> {
  const reference = opts.reference ?? `${trustProbeRepository}:latest`;
  const loginGiven = opts.credentials !== undefined;
  const authconfig = opts.credentials
    ? { ...opts.credentials, serveraddress: registry }
    : { serveraddress: registry };
  try {
    await docker.getImage(`${registry}/${reference}`).distribution({ authconfig });
    return result({
      trusted: true,
      loginChecked: loginGiven,
      text: text(loginGiven ? 'engineTrust.ok' : 'engineTrust.okNoLogin', { registry }),
    });
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    // No status: the request never reached the engine (its socket is gone).
    if (status === undefined) throw e;
    return classifyEngineAnswer(registry, engineMessage(e).trim(), loginGiven);
  }
}
