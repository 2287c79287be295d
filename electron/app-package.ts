// The app's own package: the folder that holds its package.json (sources under tsx, the compiled
// dist/electron tree, or the packaged app) and its version, read from that package.json, the one
// place the version is written. The CLI's --version, appInfo and Electron's app.getVersion() (which
// reads the same file) agree by construction.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this file that holds package.json. */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`Cannot find the app's folder (no package.json above ${from}).`);
}

let version: string | undefined;

/** The app's version, as package.json says it. */
export function appVersion(): string {
  version ??= (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
  return version;
}
