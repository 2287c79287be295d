// Which CA certificates to trust for a registry: an explicit one (--ca), and the device CA
// that setup pinned where Docker looks for it (certs.d/<host:port>/*.crt). The OS store is
// always added by the transport.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Docker's per-registry CA folders, most specific first. */
export function certsDirs(registry: string): string[] {
  const dirs = [join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'certs.d', registry)];
  if (process.platform === 'linux') dirs.push(join('/etc/docker/certs.d', registry));
  return dirs;
}

/** PEM CA certificates to trust for `registry` (host:port), with `caPem` first when given. */
export function trustedCas(registry: string, caPem?: string): string[] {
  const out: string[] = [];
  if (caPem) out.push(caPem);
  for (const dir of certsDirs(registry)) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      // Docker reads *.crt as CAs (client certs are *.cert + *.key).
      if (f.endsWith('.crt')) out.push(readFileSync(join(dir, f), 'utf8'));
    }
  }
  return out;
}
