// `edge-registry serve` opening the browser: the launcher's command line (which every local
// user can read in `ps`) carries only a file path; the login link is in that file, readable by
// the user alone, and works once. The launcher is a real program ($BROWSER) that records what
// it was given; the web host is the real one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserCommand, openInBrowser, redirectPage } from '../../electron/hosts/open-browser.js';
import { startWebHost, webPaths } from '../../electron/hosts/web.js';
import { tempDir } from '../support/system.js';

test('the browser gets a private file that redirects to a one-time login link, never the link on its command line', async (t) => {
  const dir = tempDir(t, 'open-browser-');
  mkdirSync(join(dir, 'ui'));
  writeFileSync(join(dir, 'ui', 'index.html'), '<html><head></head><body></body></html>');
  writeFileSync(join(dir, 'bridge.js'), '');
  const host = await startWebHost({
    backend: {
      dispatch: async () => ({ ok: true, result: null }),
      onEvent: () => () => {},
      stageUpload: async () => ({ id: '', name: '', size: 0 }),
      stagePath: async () => ({ id: '', name: '', size: 0 }),
    },
    rendererDir: join(dir, 'ui'),
    bridgeScript: join(dir, 'bridge.js'),
  });
  t.after(() => host.close());
  // The "browser": records its arguments and what it could read, as a browser would.
  const record = join(dir, 'argv.json');
  const launcher = join(dir, 'fake-browser');
  writeFileSync(
    launcher,
    `#!${process.execPath}\nconst fs = require('fs');\nfs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), page: fs.readFileSync(process.argv[2], 'utf8') }));\n`,
  );
  chmodSync(launcher, 0o755);
  const link = host.loginUrl();
  const privateDir = join(dir, 'data');
  const opened = await openInBrowser(link, privateDir, { env: { ...process.env, BROWSER: launcher } });
  t.after(() => opened.cleanUp());
  await opened.launcherDone;
  const seen = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; page: string };
  assert.deepEqual(seen.argv, [opened.file]);
  assert.ok(!seen.argv.join(' ').includes('login='));
  assert.equal(statSync(opened.file).mode & 0o777, 0o600);
  assert.equal(statSync(privateDir).mode & 0o777, 0o700);
  assert.ok(seen.page.includes(`content="0;url=${link}"`), seen.page);
  // The code in the file works once.
  const code = new URL(link).hash.replace('#login=', '');
  const spend = () =>
    fetch(`${host.origin}${webPaths.session}`, {
      method: 'POST',
      headers: { origin: host.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    }).then((r) => r.status);
  assert.equal(await spend(), 200);
  assert.equal(await spend(), 401);
  await opened.cleanUp();
  assert.ok(!existsSync(opened.file));
});

test('the launcher: $BROWSER when set, else the OS opener; the redirect page escapes what it quotes', () => {
  assert.deepEqual(browserCommand('/f.html', { BROWSER: 'firefox:chromium' }, 'linux'), [
    'firefox',
    ['/f.html'],
  ]);
  assert.deepEqual(browserCommand('/f.html', {}, 'linux'), ['xdg-open', ['/f.html']]);
  assert.deepEqual(browserCommand('/f.html', {}, 'darwin'), ['open', ['/f.html']]);
  assert.deepEqual(browserCommand('C:\\f.html', {}, 'win32'), [
    'rundll32',
    ['url.dll,FileProtocolHandler', 'C:\\f.html'],
  ]);
  assert.ok(redirectPage('http://127.0.0.1:1/#login="><script>').includes('&#34;&#62;&#60;script&#62;'));
});
