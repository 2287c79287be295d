// Installs test/support/cred-helper.mjs as `docker-credential-<name>` in a temp bin folder
// on PATH (for this process and the docker CLI it starts), storing into a temp file.
import { writeFileSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './system.js';

export interface CredHelper {
  /** The helper name for config.json (`credsStore`). */
  name: string;
  binDir: string;
  storeFile: string;
  /** What the helper holds now. */
  entries(): Record<string, { Username: string; Secret: string }>;
  /** Every argv the helper was started with. */
  argvLog(): string;
  /** PATH with the helper first. */
  path: string;
}

/** Installs the test helper for the rest of the test (PATH restored afterwards). */
export function installCredHelper(t: { after: (fn: () => void) => void }, name = 'edgetest'): CredHelper {
  const dir = tempDir(t, 'cred-helper-');
  const storeFile = join(dir, 'store.json');
  const script = fileURLToPath(new URL('./cred-helper.mjs', import.meta.url));
  const bin = join(dir, `docker-credential-${name}`);
  writeFileSync(
    bin,
    `#!/bin/sh\nEDGE_CRED_STORE='${storeFile}' exec '${process.execPath}' '${script}' "$@"\n`,
  );
  chmodSync(bin, 0o755);
  const oldPath = process.env.PATH;
  const path = `${dir}:${oldPath}`;
  process.env.PATH = path;
  t.after(() => {
    process.env.PATH = oldPath;
  });
  return {
    name,
    binDir: dir,
    storeFile,
    path,
    entries: () => (existsSync(storeFile) ? JSON.parse(readFileSync(storeFile, 'utf8')) : {}),
    argvLog: () => (existsSync(`${storeFile}.argv`) ? readFileSync(`${storeFile}.argv`, 'utf8') : ''),
  };
}
