// `npm run build`: the Node side with tsc (dist/electron, dist/shared), the sandboxed
// preload and the web host's bridge script bundled by esbuild (scripts/bundles.mjs), and
// the renderer with Vite (dist/renderer).
//
// `--if-changed` (what `npm start` uses) skips the build when dist was built from exactly the
// files it would be built from now: a hash of their contents is the last thing a build writes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePreload, bundleWebBridge } from './bundles.mjs';

// Paths below are the project's, wherever the command is run from.
process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));

const inputDirs = ['electron', 'shared', 'renderer'];
const inputFiles = [
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
  'vite.config.ts',
  'scripts/build.mjs',
  'scripts/bundles.mjs',
];
const stampFile = 'dist/.sources-sha256';

function sourcesHash() {
  const files = [
    ...inputFiles,
    ...inputDirs.flatMap((d) =>
      readdirSync(d, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath ?? e.path, e.name)),
    ),
  ].sort();
  const h = createHash('sha256');
  for (const f of files) h.update(`${f}\0`).update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

const hash = sourcesHash();
if (process.argv.includes('--if-changed')) {
  let built;
  try {
    built = readFileSync(stampFile, 'utf8').trim();
  } catch {
    built = undefined;
  }
  if (built === hash) {
    console.log('build: dist is up to date with the sources (`npm run build` rebuilds it anyway).');
    process.exit(0);
  }
}

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
writeFileSync(stampFile, `${hash}\n`);
