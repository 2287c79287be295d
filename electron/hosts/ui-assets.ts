// Finds the built UI (dist/renderer) and the web bridge script (dist/web-bridge), both
// from the sources under tsx and from the compiled dist/electron tree.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../app-package.js';

export { projectRoot };

export interface UiAssets {
  rendererDir: string;
  bridgeScript: string;
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
