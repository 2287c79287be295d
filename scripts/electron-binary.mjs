// Where Electron's binary is, or why there is none, WITHOUT triggering a download:
// `require('electron')` tries to download a missing binary (slow, noisy, and it fails on
// machines without internet). Mirrors node_modules/electron/index.js's lookup.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const electronDir = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));

/** `{ path }` of the Electron executable, or `{ why }` it cannot be used. */
export function electronBinary() {
  if (!existsSync(join(electronDir, 'package.json'))) return { why: 'the electron package is not installed' };
  const pathFile = join(electronDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const full = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron')
    : rel
      ? join(electronDir, 'dist', rel)
      : undefined;
  return full && existsSync(full) ? { path: full } : { why: 'its binary is not downloaded' };
}

/** Whether a window can be shown (Linux needs an X11 or Wayland display). */
export function hasDisplay() {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}
