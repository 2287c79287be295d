// `docker login`, done by the app: check the credentials against the registry itself (with
// the pinned CA, so it works before Docker trusts the device), then store them where the
// docker CLI will find them.
import { RegistryClient } from '../registry-client/index.js';
import {
  storeCredentials,
  dockerConfigDir,
  type StoredCredentials,
  type StoredWhere,
} from './credentials.js';

export interface LoginOptions {
  /** host:port of the registry. */
  registry: string;
  credentials: StoredCredentials;
  /** Trusted CA certificates (PEM) beyond the OS store. */
  ca?: (string | Buffer)[];
  configDir?: string;
  signal?: AbortSignal;
}

/** Verifies and stores a login; resolves with where the credentials went. */
export async function login(opts: LoginOptions): Promise<{ registry: string } & StoredWhere> {
  const client = new RegistryClient({ registry: opts.registry, credentials: opts.credentials, ca: opts.ca });
  try {
    await client.checkAuth(opts.signal);
  } finally {
    client.close();
  }
  const stored = await storeCredentials(
    client.registry,
    opts.credentials,
    opts.configDir ?? dockerConfigDir(),
  );
  return { registry: client.registry, ...stored };
}
