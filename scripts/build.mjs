// `npm run build`: the Node side with tsc (dist/electron, dist/shared), the sandboxed
// preload bundled by esbuild (a sandboxed preload cannot require our modules), and the
// renderer with Vite (dist/renderer).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

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
await build({
  entryPoints: ['electron/preload.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  outfile: 'dist/electron/preload.cjs',
  logLevel: 'warning',
});
step('vite (renderer/)', process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
