// A RegistryClient for a registry the user logged in to: credentials read back from the
// Docker config (credential helper or auths) and the CA that setup pinned for Docker
// (certs.d/<host:port>/ca.crt) or given with --ca. Used by the CLI and the app alike.
import { RegistryClient, trustedCas } from '../registry-client/index.js';
import { getCredentials, dockerConfigDir, type StoredCredentials } from './credentials.js';

export interface RegistryAccessOptions {
  /** A CA certificate to trust besides the pinned one (PEM text, as read from --ca). */
  caPem?: string;
  /** Explicit credentials; otherwise the stored login (none is fine for anonymous reads). */
  credentials?: StoredCredentials | null;
  configDir?: string;
  maxSockets?: number;
}

/** Credentials and CAs for `registry`, as the CLI and app use them. */
export async function registryAccess(registry: string, opts: RegistryAccessOptions = {}) {
  const credentials =
    opts.credentials ?? (await getCredentials(registry, opts.configDir ?? dockerConfigDir()));
  const ca = trustedCas(registry, opts.caPem);
  return { credentials, ca };
}

/** A client for `registry` with the stored login and the pinned CA. */
export async function registryClientFor(
  registry: string,
  opts: RegistryAccessOptions = {},
): Promise<RegistryClient> {
  const { credentials, ca } = await registryAccess(registry, opts);
  return new RegistryClient({
    registry,
    credentials: credentials ?? undefined,
    ca,
    maxSockets: opts.maxSockets,
  });
}
