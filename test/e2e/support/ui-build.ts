// Builds the real UI (Vite) and the web host's bridge script (esbuild) into a temp folder,
// so e2e tests never touch the project's dist/ that other processes may be using.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { projectRoot, type UiAssets } from '../../../electron/hosts/ui-assets.js';

/** Builds the renderer and bridge into `outDir`; returns their paths. */
export async function buildUi(outDir: string): Promise<UiAssets> {
  const root = projectRoot();
  await build({
    configFile: join(root, 'vite.config.ts'),
    root: join(root, 'renderer'),
    logLevel: 'warn',
    build: { outDir: join(outDir, 'renderer'), emptyOutDir: true, sourcemap: false },
  });
  const bundles = (await import(pathToFileURL(join(root, 'scripts', 'bundles.mjs')).href)) as {
    bundleWebBridge(outfile: string): Promise<void>;
  };
  const bridgeScript = join(outDir, 'web-bridge', 'bridge.js');
  await bundles.bundleWebBridge(bridgeScript);
  return { rendererDir: join(outDir, 'renderer'), bridgeScript };
}
