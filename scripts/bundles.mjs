// esbuild bundles that tsc cannot produce, shared by scripts/build.mjs and the e2e tests:
// the sandboxed Electron preload (a sandboxed preload cannot require our modules) and the
// web host's bridge script (a classic browser script that defines window.companion).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

// Entry points are relative to the project root, whatever the caller's working folder.
const absWorkingDir = fileURLToPath(new URL('..', import.meta.url));

/** Bundles electron/preload.ts into one CommonJS file for the sandboxed preload. */
export async function bundlePreload(outfile = 'dist/electron/preload.cjs') {
  await build({
    entryPoints: ['electron/preload.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    outfile,
    logLevel: 'warning',
    absWorkingDir,
  });
}

/** Bundles electron/hosts/web-bridge-client.ts into one browser script. */
export async function bundleWebBridge(outfile = 'dist/web-bridge/bridge.js') {
  await build({
    entryPoints: ['electron/hosts/web-bridge-client.ts'],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    outfile,
    logLevel: 'warning',
    absWorkingDir,
  });
}
