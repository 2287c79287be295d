// `npm run build`: the Node side with tsc (dist/electron, dist/shared), the sandboxed
// preload and the web host's bridge script bundled by esbuild (scripts/bundles.mjs), and
// the renderer with Vite (dist/renderer).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { bundlePreload, bundleWebBridge } from './bundles.mjs';

const step = (what, cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`build: ${what} failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
};

rmSync('dist', { recursive: true, force: true });
step('tsc (electron/, shared/)', process.execPath, [
  'node_modules/typescript/bin/tsc',
  '-p',
  'tsconfig.node.json',
]);
await bundlePreload('dist/electron/preload.cjs');
await bundleWebBridge('dist/web-bridge/bridge.js');
step('vite (renderer/)', process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
