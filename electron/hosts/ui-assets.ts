// Finds the built UI (dist/renderer) and the web bridge script (dist/web-bridge), both
// from the sources under tsx and from the compiled dist/electron tree.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface UiAssets {
  rendererDir: string;
  bridgeScript: string;
}

/** The project root: the nearest folder above this file that holds package.json. */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`Cannot find the app's folder (no package.json above ${from}).`);
}

/** The built UI under `distDir` (default: the project's dist/); throws a message that says how to build it. */
export function uiAssets(distDir = join(projectRoot(), 'dist')): UiAssets {
  const assets = {
    rendererDir: join(distDir, 'renderer'),
    bridgeScript: join(distDir, 'web-bridge', 'bridge.js'),
  };
  if (!existsSync(join(assets.rendererDir, 'index.html')) || !existsSync(assets.bridgeScript)) {
    throw new Error(
      `The UI is not built (${distDir} has no renderer/index.html or web-bridge/bridge.js). Run \`npm run build\`, then try again.`,
    );
  }
  return assets;
}
