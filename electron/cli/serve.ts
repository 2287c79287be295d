// `edge-registry serve`: the app's UI in a browser, for machines without a desktop.
// The web host binds 127.0.0.1 only and prints a login link with a one-time code; the
// browser gets its own link through a private file, never on a command line.
import { createInterface } from 'node:readline';
import { createCompanion } from '../app/companion.js';
import { appDataDir } from '../app-paths.js';
import { startWebHost } from '../hosts/web.js';
import { hostBackend } from '../hosts/host-backend.js';
import { openInBrowser, openerTtlMs, type OpenedBrowser } from '../hosts/open-browser.js';
import { projectRoot, uiAssets } from '../hosts/ui-assets.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, ExitCode, defineCommand, parsePort } from './command.js';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Serve the app UI on http://127.0.0.1 (for machines without a desktop)',
  description: `Serves the same UI as the desktop window on 127.0.0.1 only. The printed login link carries
a one-time code: it logs one browser tab in, once, within 10 minutes; press Enter for a new
one. The browser it opens gets its own link through a private file (the browser command is
$BROWSER when set), never on a command line.`,
  options: {
    port: { type: 'string', value: 'N', description: 'port to listen on (default: a free one)' },
    demo: { type: 'boolean', description: 'also start the embedded demo device' },
    data: { type: 'string', value: 'DIR', description: `the app's data folder (default: ${appDataDir()})` },
    'no-open': { type: 'boolean', description: 'do not open a browser' },
  },
  async run(values, _positionals, io) {
    const port = parsePort(values.port, '--port', 0, true);
    const dataDir = values.data ?? appDataDir();
    let assets;
    try {
      assets = uiAssets();
    } catch (e) {
      throw new CliError((e as Error).message, ExitCode.unavailable);
    }
    const { version } = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    const companion = await createCompanion({
      host: 'web',
      dataDir,
      version,
      demo: values.demo ? {} : false,
    });
    let host;
    try {
      host = await startWebHost({ backend: hostBackend(companion), port, ...assets });
    } catch (e) {
      await companion.close();
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(
        code === 'EADDRINUSE'
          ? `port ${port} is in use: pick another with --port, or leave it out to use a free one.`
          : `cannot start the web host: ${(e as Error).message}`,
        ExitCode.unavailable,
      );
    }
    const web = host;
    io.stdout.write(`Serving the UI at ${web.loginUrl()} (Ctrl-C to stop)\n`);
    let opened: OpenedBrowser | undefined;
    if (!values['no-open'])
      opened = await openInBrowser(web.loginUrl({ ttlMs: openerTtlMs }), dataDir).catch(() => undefined);
    // A login link works once: Enter prints another (a second browser, after a restart of the browser).
    const lines = io.stdin.isTTY ? createInterface({ input: io.stdin }) : undefined;
    lines?.on('line', () => io.stdout.write(`New login link: ${web.loginUrl()}\n`));
    if (lines) io.stdout.write('Press Enter for a new login link.\n');
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    lines?.close();
    await opened?.cleanUp();
    await host.close();
    await companion.close();
    return ExitCode.ok;
  },
});
