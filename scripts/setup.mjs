// `npm run setup`: the one set-up command. Installs dependencies exactly as locked, and
// fetches Electron's binary separately so that a machine which cannot download it (no
// internet but the npm registry) still gets a working install: `npm start` then serves
// the same UI on loopback instead of opening a window.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });

const ci = run(npm, ['ci'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
if (ci.status !== 0) process.exit(ci.status ?? 1);

const fetchElectron = spawnSync(process.execPath, ['node_modules/electron/install.js'], { encoding: 'utf8' });
if (fetchElectron.status === 0) {
  console.log('setup: done. Run `npm start`.');
} else {
  const why = (fetchElectron.stderr || '').split('\n').find((l) => /Error/.test(l)) ?? 'download failed';
  console.log(
    `setup: done, but Electron's binary could not be downloaded (${why.trim()}); \`npm start\` will serve the UI in your browser instead.`,
  );
}
