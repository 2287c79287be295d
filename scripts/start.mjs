// `npm start`: builds (unless dist is up to date with the sources), then opens the app in
// Electron when its binary and a display exist. Otherwise it says why in one line and serves
// the same UI, with the embedded demo device, on http://127.0.0.1 (a one-time login link)
// until Ctrl-C.
//
//   npm start                 (any machine)
//   npm start -- --port N     fixed port for the browser fallback
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronBinary, hasDisplay } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('start: --port takes a number from 0 to 65535 (0 picks a free port).');
  process.exit(64);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-changed'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/** Serves the UI with the demo device on loopback until Ctrl-C, after one line saying why. */
async function serveWeb(reasons) {
  const load = (rel) => import(pathToFileURL(join(root, 'dist', 'electron', rel)).href);
  const { createCompanion } = await load('app/companion.js');
  const { appDataDir } = await load('app-paths.js');
  const { startWebHost } = await load('hosts/web.js');
  const { hostBackend } = await load('hosts/host-backend.js');
  const { uiAssets } = await load('hosts/ui-assets.js');

  let companion;
  try {
    companion = await createCompanion({ host: 'web', dataDir: appDataDir(), demo: {} });
  } catch (e) {
    // What the Electron app shows in its error box, as one line.
    console.error(`start: the app cannot start: ${e?.message ?? e}`);
    process.exit(69);
  }
  let host;
  try {
    host = await startWebHost({ backend: hostBackend(companion), port, ...uiAssets(join(root, 'dist')) });
  } catch (e) {
    await companion.close();
    console.error(
      e?.code === 'EADDRINUSE'
        ? `start: port ${port} is in use; pick another with \`npm start -- --port N\` or leave it out.`
        : `start: cannot serve the UI: ${e?.message ?? e}`,
    );
    process.exit(69);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await companion.close();
    process.exit(0);
  };
  // Before the URL is out: whoever reads it may stop us at once.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(
    `Electron cannot start here (${reasons}); serving the UI at ${host.loginUrl()} (Ctrl-C to stop)`,
  );
  // The link works once (docs/ui-hosts.md): Enter prints another.
  if (process.stdin.isTTY) {
    console.log('Press Enter for a new login link.');
    createInterface({ input: process.stdin }).on('line', () =>
      console.log(`New login link: ${host.loginUrl()}`),
    );
  }
}

const electron = electronBinary();
if (electron.path && hasDisplay()) {
  const startedAt = Date.now();
  let interrupted = false;
  const child = spawn(electron.path, ['.'], { stdio: 'inherit' });
  const forward = (signal) => {
    interrupted = true;
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    // A binary that is there but cannot run (missing system libraries, no GPU access)
    // fails at once: fall back to the browser UI instead of leaving the user with nothing.
    if (!interrupted && code !== 0 && Date.now() - startedAt < 15_000) {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      void serveWeb(`Electron exited at start with ${code ?? signal}`);
      return;
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
} else {
  await serveWeb([hasDisplay() ? undefined : 'no display', electron.why].filter(Boolean).join('; '));
}
