// `npm start` where Electron cannot start (no display here, and in CI no binary either): one line
// that says why, then the same UI with the embedded demo device on loopback, in Chromium. Runs on
// a copy of the project, so that its builds never touch the dist/ other processes may be using.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../electron/hosts/ui-assets.js';
import { launchChromium } from './support/browser.js';

const root = projectRoot();
let work: string;
let copy: string;

before(() => {
  work = mkdtempSync(join(process.env.EDGE_TEST_ROOT ?? tmpdir(), 'e2e-start-'));
  copy = join(work, 'project');
  for (const part of ['electron', 'shared', 'renderer', 'scripts', 'package.json', 'package-lock.json'])
    cpSync(join(root, part), join(copy, part), { recursive: true });
  for (const f of ['tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json', 'vite.config.ts'])
    cpSync(join(root, f), join(copy, f));
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
});

after(() => rmSync(work, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  url: string;
  /** stdout up to and including the URL line. */
  lines: string[];
  stderr: () => string;
}

/** Runs `npm start`'s script in the copy until it prints the URL. */
function npmStart(): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, EDGE_REGISTRY_DATA: join(work, 'data') };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(process.execPath, [join(copy, 'scripts', 'start.mjs')], { env });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving the UI at (http:\/\/127\.0\.0\.1:\d+\/#login=[\w-]{43}) \(Ctrl-C to stop\)\n/.exec(
        out,
      );
      if (m) resolve({ child, url: m[1]!, lines: out.trimEnd().split('\n'), stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`npm start exited ${code} before serving:\n${out}${err}`)));
  });
}

async function stop(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
  s.child.kill('SIGINT');
  return exited;
}

test('npm start says in one line why there is no window, and serves the UI with the demo device', async () => {
  // A copy never built: the first start builds it.
  assert.ok(!existsSync(join(copy, 'dist')));
  const first = await npmStart();
  try {
    const last = first.lines.at(-1)!;
    assert.match(
      last,
      /^Electron cannot start here \(no display; .+\); serving the UI at http:\/\/127\.0\.0\.1:/,
    );
    assert.ok(existsSync(join(copy, 'dist', 'electron', 'main.js')));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(first.url);
      await page.getByRole('heading', { name: 'Container registry' }).waitFor();
      await page.getByText('Demo device').first().waitFor();
      await page.getByText('ase-ecr-user').first().waitFor();
      // The printed link works once; without it the page can do nothing and says how to get in.
      const stranger = await browser.newPage();
      await stranger.goto(first.url);
      await stranger.getByText(/login link was already used/).waitFor();
      await stranger.goto(new URL('/', first.url).href);
      await stranger.getByText(/This page needs the app around it/).waitFor();
    } finally {
      await browser.close();
    }
  } finally {
    assert.equal(await stop(first), 0, first.stderr());
  }
  assert.equal(first.stderr(), '');
  // The demo device kept its data where EDGE_REGISTRY_DATA says.
  assert.ok(existsSync(join(work, 'data', 'demo-registry', 'registry')));

  // Nothing changed: no rebuild, and the URL is the only other line.
  const second = await npmStart();
  try {
    assert.deepEqual(second.lines.slice(0, -1), [
      'build: dist is up to date with the sources (`npm run build` rebuilds it anyway).',
    ]);
  } finally {
    assert.equal(await stop(second), 0, second.stderr());
  }

  // A source changed: the same check builds again.
  appendFileSync(join(copy, 'shared', 'api.ts'), '\n// changed by the npm start test\n');
  const rebuild = spawnSync(process.execPath, [join(copy, 'scripts', 'build.mjs'), '--if-changed'], {
    encoding: 'utf8',
  });
  assert.equal(rebuild.status, 0, rebuild.stderr);
  assert.doesNotMatch(rebuild.stdout, /up to date/);
});
