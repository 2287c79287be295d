// The real UI in Chromium against the real web host and the real backend: the embedded
// demo device on a free port with a temp data dir, images pushed by skopeo (a real
// client) and by dropping a docker-save tarball onto the window.
// Screenshots land in test/e2e/screenshots/ (an artefact, git-ignored).
import { after, afterEach, before, beforeEach, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Companion } from '../../electron/app/companion.js';
import { webPaths, type WebHost } from '../../electron/hosts/web.js';
import { projectRoot } from '../../electron/hosts/ui-assets.js';
import { startAppSession, type AppSession } from './support/app-session.js';
import { exec, execOk } from './support/exec.js';
import { makeBusyboxImage } from '../support/system.js';
import { sha256 } from '../support/oci-layout.js';
import { registryRequest } from '../support/demo.js';
import { makeCa, makeSigned } from '../support/device-certs.js';
import { executeForget, planForget } from '../../electron/device/setup-device.js';
import type { JobEvent } from '../../shared/api.js';

const shots = join(projectRoot(), 'test', 'e2e', 'screenshots');
let s: AppSession;
let work: string;
let companion: Companion;
let host: WebHost;
let browser: Browser;
let page: Page;
let registry: string;
/** The endpoint a test set up in the sandbox; afterEach undoes it, so the next test starts without. */
let setUpEndpoint: string | undefined;

const skopeoPush = (repoTag: string) => s.push(repoTag);

function skopeoInspect(repoTag: string) {
  return exec('skopeo', [
    'inspect',
    '--raw',
    '--cert-dir',
    s.certDir,
    '--authfile',
    s.authFile,
    `docker://${registry}/${repoTag}`,
  ]);
}

/** A session for calls made outside the browser, traded for a login link's code as the page does. */
async function newSession(): Promise<string> {
  const code = new URL(host.loginUrl()).hash.replace('#login=', '');
  const res = await fetch(`${host.origin}${webPaths.session}`, {
    method: 'POST',
    headers: { origin: host.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return ((await res.json()) as { result: { session: string } }).result.session;
}

function httpStatus(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: 'GET', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Dismisses the notices still showing (they fade after 5 s), so a screenshot shows what it is about. */
async function dismissNotices(): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0)
    await dismiss
      .first()
      .click({ timeout: 1000 })
      .catch(() => {});
}

const shot = (name: string, p: Page = page) =>
  p.screenshot({ path: join(shots, `${name}.png`), fullPage: true, animations: 'disabled' });

/** Pushes `repoTags` with skopeo and shows them: the page lists what the registry holds now. */
async function seed(...repoTags: string[]): Promise<void> {
  for (const repoTag of repoTags) await skopeoPush(repoTag);
  await page.getByRole('button', { name: 'Refresh' }).click();
  for (const repoTag of repoTags) {
    const [repository, tag] = repoTag.split(':') as [string, string];
    await page.getByRole('article', { name: repository }).getByText(tag, { exact: true }).waitFor();
  }
}

/** Undoes the sandbox's setup of `endpoint` (hosts entry, CA folders, certs.d). */
async function undoSetup(endpoint: string): Promise<void> {
  const { built } = planForget(endpoint, { dataDir: join(work, 'data') });
  await executeForget(endpoint, built, { dataDir: join(work, 'data') });
}

/**
 * Sets the demo device up through the API (as the setup view does) for a test that needs it
 * done, then reloads the page to show it; afterEach undoes it.
 */
async function setUpDemoDevice(): Promise<string> {
  const found = await companion.api.discoverDevice({ demo: true });
  const plan = await companion.api.planSetup({ deviceId: found.id });
  const ended = new Promise<JobEvent>((resolve) => {
    const off = companion.onEvent((event, payload) => {
      const job = payload as JobEvent;
      if (event !== 'job' || job.kind !== 'setup' || job.state === 'running') return;
      off();
      resolve(job);
    });
  });
  setUpEndpoint = found.endpoint;
  await companion.api.runSetup({ planId: plan.id });
  const job = await ended;
  assert.equal(job.state, 'done', job.message);
  await page.reload();
  await page.locator('.topbar').waitFor();
  return found.endpoint;
}

const inSandbox = () => process.env.EDGE_TEST_NAMESPACE === '1' && process.getuid?.() === 0;

before(async () => {
  // evil.test resolves to our loopback host, as a DNS-rebinding attacker's name would.
  s = await startAppSession('e2e-web-', ['--host-resolver-rules=MAP evil.test 127.0.0.1']);
  ({ work, companion, host, browser, registry } = s);
});

// Each test has a page of its own (its own browser context, logged in with its own link) and
// seeds what it needs: none works on what another left on screen or depends on running after it.
beforeEach(async () => {
  page = await s.open({ viewport: { width: 1360, height: 880 } });
});

afterEach(async () => {
  await page.context().close();
  if (setUpEndpoint) await undoSetup(setUpEndpoint);
  setUpEndpoint = undefined;
});

after(async () => {
  await s?.close();
});

test('the page loads from a login link and shows the demo device', async () => {
  // A first load, as from the link a terminal printed (not a change of this page's fragment).
  await page.goto('about:blank');
  await page.goto(host.loginUrl());
  // The one-time code left the address bar at once.
  assert.equal(new URL(page.url()).hash, '');
  const info = companion.demo!.info;
  await page.getByRole('heading', { name: 'Container registry' }).waitFor();
  await page.getByText(info.endpoint).first().waitFor();
  await page.getByText('Demo device').first().waitFor();
  await page.getByText(info.username).waitFor();
  // The password is hidden until revealed.
  const password = page.getByTestId('device-password');
  assert.doesNotMatch((await password.textContent()) ?? '', new RegExp(info.password));
  await page.getByRole('button', { name: 'Show' }).click();
  assert.equal(await password.textContent(), info.password);
  await page.getByRole('button', { name: 'Hide' }).click();
  await page.getByText('No images on this registry yet.').waitFor();
  await shot('01-empty-registry');
  // A reload keeps the tab's session.
  await page.reload();
  await page.getByText(info.endpoint).first().waitFor();
});

test('the session stays with its tab: another 127.0.0.1 port sees no credential, not even as a cookie', async () => {
  const seen: string[] = [];
  const other = createHttpServer((req, res) => {
    seen.push(String(req.headers.cookie ?? '') + String(req.headers.authorization ?? ''));
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>another local server</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherPort = (other.address() as { port: number }).port;
  const p = await page.context().newPage(); // same browser profile as the logged-in page
  try {
    await p.goto(`http://127.0.0.1:${otherPort}/`);
    await p.evaluate(() => fetch('/again', { credentials: 'include' }).then((r) => r.text()));
    assert.equal(await p.evaluate(() => document.cookie), '');
    // The page and its fetch (and a favicon request, maybe): none carried a credential.
    assert.ok(seen.length >= 2, String(seen.length));
    assert.deepEqual(
      seen.filter((h) => h !== ''),
      [],
    );
  } finally {
    await p.close();
    other.close();
  }
  // A second tab of our own origin is not logged in without its own link either.
  const tab = await page.context().newPage();
  try {
    await tab.goto(`${host.origin}/`);
    await tab.getByText(/This page needs the app around it/).waitFor();
  } finally {
    await tab.close();
  }
});

test('without a login link, with a used one, a wrong Host or a wrong Origin, the host refuses', async () => {
  const stranger = await browser.newContext();
  try {
    const p = await stranger.newPage();
    // The page itself is public, but it can do nothing: the UI says how to get in.
    await p.goto(`${host.origin}/`);
    await p.getByText(/This page needs the app around it/).waitFor();
    assert.doesNotMatch(await p.content(), /Container registry/);
    // A link works once: the second browser to open it is told so.
    const link = host.loginUrl();
    const first = await stranger.newPage();
    await first.goto(link);
    await first.getByRole('heading', { name: 'Container registry' }).waitFor();
    const second = await stranger.newPage();
    await second.goto(link);
    await second.getByText(/login link was already used/).waitFor();
    assert.doesNotMatch(await second.content(), /Container registry/);
    // DNS rebinding: a foreign name pointing at 127.0.0.1, even with a fresh link.
    const rebound = await p.goto(host.loginUrl().replace('127.0.0.1', 'evil.test'));
    assert.equal(rebound?.status(), 403);
    assert.match(await p.content(), /Host/);
  } finally {
    await stranger.close();
  }
  // Even with a session, a call from another origin is refused (CSRF), and so is the events socket.
  const session = await newSession();
  assert.equal(await httpStatus('/', { host: `127.0.0.1:${host.port}` }), 200);
  const post = (origin: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: webPaths.api,
          method: 'POST',
          headers: { authorization: `Bearer ${session}`, origin, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ method: 'appInfo', args: [] }));
    });
  assert.equal(await post('http://evil.test'), 403);
  assert.equal(await post(host.origin), 200);
});

test('a cross-site page cannot delete an image, even in the same browser', async () => {
  await skopeoPush('guarded/app:v1');
  const evil = await page.context().newPage();
  try {
    await evil.goto(`http://evil.test:${host.port}/anything`).catch(() => undefined);
    const result = await evil.evaluate(async (port) => {
      try {
        await fetch(`http://127.0.0.1:${port}/__companion/api`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ method: 'deleteTag', args: [{ repository: 'guarded/app', tag: 'v1' }] }),
        });
        return 'sent';
      } catch (e) {
        return String(e);
      }
    }, host.port);
    assert.ok(result === 'sent' || /Failed/.test(result));
  } finally {
    await evil.close();
  }
  assert.equal((await skopeoInspect('guarded/app:v1')).status, 0, 'the image is still there');
  await execOk('skopeo', [
    'delete',
    '--cert-dir',
    s.certDir,
    '--authfile',
    s.authFile,
    `docker://${registry}/guarded/app:v1`,
  ]);
});

test('a repository pushed with skopeo is listed with its tags and size', async () => {
  await skopeoPush('demo/hello:v1');
  await skopeoPush('demo/hello:stable');
  await skopeoPush('tools/busybox:1.36');
  await page.getByRole('button', { name: 'Refresh' }).click();
  const repo = page.getByRole('article', { name: 'demo/hello' });
  // Names come first, then a repository's tags, then the details of the rows on screen.
  await repo.getByText('v1', { exact: true }).waitFor();
  await repo.getByText('stable', { exact: true }).waitFor();
  await repo
    .getByText(/\d+ B|KiB/)
    .first()
    .waitFor();
  await page.getByRole('article', { name: 'tools/busybox' }).waitFor();
  await shot('02-repositories');
});

test('delete is one click: the row counts down with Undo, then the tag goes and the notice names it', async () => {
  await seed('demo/hello:v1', 'demo/hello:stable', 'tools/busybox:1.36');
  await dismissNotices();
  // Our registry removes only the tag: no question, a few seconds to undo.
  await page.getByRole('button', { name: 'Delete demo/hello:v1' }).click();
  await page.getByRole('button', { name: 'Undo deleting demo/hello:v1' }).waitFor();
  await page.getByText(/^Deleting in \d s$/).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog');
  await shot('03-delete-undo');
  await page
    .getByRole('status')
    .filter({
      hasText: /^Deleted demo\/hello:v1\. (.+ is free again\.|Its space comes back when you reclaim space\.)/,
    })
    .waitFor({ timeout: 15_000 });
  const repo = page.getByRole('article', { name: 'demo/hello' });
  await repo.getByText('v1', { exact: true }).waitFor({ state: 'detached' });
  assert.ok(await repo.getByText('stable', { exact: true }).isVisible());
  assert.notEqual((await skopeoInspect('demo/hello:v1')).status, 0, 'v1 is gone from the registry');
  assert.equal((await skopeoInspect('demo/hello:stable')).status, 0, 'stable stays');
  await shot('04-after-delete');

  // The last tag of an image: the image itself goes, and the repository leaves the list.
  await page.getByRole('button', { name: 'Delete tools/busybox:1.36' }).click();
  await page.getByRole('article', { name: 'tools/busybox' }).waitFor({ state: 'detached', timeout: 15_000 });
  assert.notEqual((await skopeoInspect('tools/busybox:1.36')).status, 0);
});

test('Kubernetes YAML for a tag: Deployment with imagePullSecrets, the Secret only on request', async () => {
  await seed('demo/hello:stable');
  const repo = page.getByRole('article', { name: 'demo/hello' });
  await repo.getByRole('button', { name: 'Kubernetes YAML' }).first().click();
  const dialog = page.getByRole('dialog', { name: /Kubernetes YAML for demo\/hello:stable/ });
  const yaml = dialog.getByLabel('YAML');
  await yaml.getByText(/kind: Deployment/).waitFor();
  const text = (await yaml.textContent()) ?? '';
  assert.ok(text.includes(`${companion.demo!.info.endpoint}/demo/hello:stable`), text);
  assert.match(text, /imagePullSecrets:/);
  assert.match(text, /ase-ecr-credentials/);
  assert.doesNotMatch(text, /kind: Secret/);
  assert.match(text, /imagePullPolicy: Always/);
  await dialog.getByLabel(/Include the pull Secret/).check();
  await yaml.getByText(/kind: Secret/).waitFor();
  // Ours under our own name: applying it leaves the device's ase-ecr-credentials alone.
  assert.equal(await dialog.getByLabel('Image pull secret').inputValue(), 'edge-registry-credentials');
  await yaml.getByText(/kind: Secret\s+metadata:\s+name: "edge-registry-credentials"/).waitFor();
  assert.doesNotMatch((await yaml.textContent()) ?? '', /ase-ecr-credentials/);
  // Typing the device's name back is refused in the form until the explicit box is ticked.
  await dialog.getByLabel('Image pull secret').fill('ase-ecr-credentials');
  await dialog.getByText(/already keeps a Secret named ase-ecr-credentials/).waitFor();
  assert.equal(await yaml.count(), 0, 'no YAML while the name would replace the device Secret');
  await dialog.getByLabel(/replacing the device's own Secret/).check();
  await dialog.getByText(/replaces the Secret ase-ecr-credentials that the device made/).waitFor();
  await yaml.getByText(/kind: Secret\s+metadata:\s+name: "ase-ecr-credentials"/).waitFor();
  await dialog.getByLabel('Image pull policy').selectOption('IfNotPresent');
  await yaml.getByText(/imagePullPolicy: IfNotPresent/).waitFor();
  await shot('05-kubernetes-yaml');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await dialog.waitFor({ state: 'detached' });
});

test('the storage card shows usage, and reclaim space runs garbage collection', async () => {
  await seed('demo/hello:stable');
  const meter = page.getByRole('meter', { name: 'Storage' });
  await meter.waitFor();
  assert.ok(Number(await meter.getAttribute('aria-valuenow')) > 0);
  // The bar's whole is what images use plus what more fits on the device's disk.
  const { availableBytes } = await companion.demo!.usage();
  assert.ok(availableBytes !== null && availableBytes > 0);
  assert.ok(
    Number(await meter.getAttribute('aria-valuemax')) > Number(await meter.getAttribute('aria-valuenow')),
  );
  const before = await companion.demo!.usage();
  await dismissNotices();
  await page.getByRole('button', { name: 'Reclaim space' }).click();
  // The result comes back through the whole stack: a notice with what GC freed (maybe nothing yet:
  // the registry keeps what was pushed in the last hour, in case a push is still on its way).
  await page
    .getByRole('status')
    .filter({ hasText: /Reclaimed|Nothing to reclaim/ })
    .waitFor();
  const after = await companion.demo!.usage();
  assert.ok(after.usedBytes <= before.usedBytes);
  await shot('05b-storage');
  // A layer uploaded a moment ago whose manifest has not come (yet): GC keeps it through its grace
  // period, as a push may still be on its way, and the notice says so instead of a bare "nothing".
  // (The layers of a pushed and then deleted image go at once: their push was over.)
  const layer = randomBytes(20_000);
  const demo = {
    url: companion.demo!.url,
    info: companion.demo!.info,
    caFile: companion.demo!.info.caCertPath,
  };
  const upload = await registryRequest(
    demo,
    'POST',
    `/v2/scratch/pending/blobs/uploads/?digest=${sha256(layer)}`,
    {
      body: layer,
    },
  );
  assert.equal(upload.status, 201);
  await dismissNotices();
  await page.getByRole('button', { name: 'Reclaim space' }).click();
  await page
    .getByRole('status')
    .filter({
      hasText:
        /^Nothing to reclaim yet\. [\d.]+ KiB that no image uses was pushed in the last hour: it is kept in case a push still needs it; reclaim again in an hour\./,
    })
    .waitFor();
});

test('storage settings: a quota and a nightly reclaim time, set in a dialog, apply at once and stay with the device', async () => {
  await seed('demo/hello:stable');
  await dismissNotices();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Storage settings of the demo device' });
  await dialog.waitFor();
  await dialog.getByRole('checkbox', { name: 'Limit storage to' }).check();
  const quota = dialog.getByLabel('Storage quota');
  const save = dialog.getByRole('button', { name: 'Save' });
  await quota.fill('ten gigs');
  await dialog.getByText('Enter a size like 10 GiB or 500 MB.').waitFor();
  assert.equal(await save.isDisabled(), true);
  // Below what the device already holds: allowed, with what it means.
  const { usedBytes } = await companion.demo!.usage();
  assert.ok(usedBytes > 1, `used: ${usedBytes}`);
  await quota.fill(String(usedBytes - 1));
  await dialog.getByText(/is already used: pushes will be refused until you delete images/).waitFor();
  await save.click();
  await dialog.waitFor({ state: 'detached' });
  const card = page.getByRole('region', { name: 'Storage' });
  await card.getByText(/^No room left: pushes are refused until you delete images/).waitFor();
  await shot('05d-storage-full');
  await page.getByRole('button', { name: 'Settings' }).click();
  await quota.fill('2 GiB');
  await dialog.getByLabel('Time of the nightly reclaim').fill('01:30');
  await shot('05c-storage-settings');
  await save.click();
  await dialog.waitFor({ state: 'detached' });
  await card.getByText(/of 2\.0 GiB used/).waitFor();
  await card.getByText(/^No room left/).waitFor({ state: 'detached' });
  await card.getByText('Space is also reclaimed by itself every night at 01:30.').waitFor();
  // Applied in the running device, and kept in its data dir for the next start.
  assert.deepEqual(await companion.demo!.settings(), {
    quotaBytes: 2 * 1024 ** 3,
    gcSchedule: { dailyAt: '01:30' },
  });
  const saved = JSON.parse(readFileSync(join(companion.demo!.dataDir, 'settings.json'), 'utf8')) as unknown;
  assert.deepEqual(saved, await companion.demo!.settings());
  // Both off again through the same dialog.
  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByRole('checkbox', { name: 'Limit storage to' }).uncheck();
  await dialog.getByRole('checkbox', { name: /every night at/ }).uncheck();
  await save.click();
  await card.getByText('Space is reclaimed only when you ask.').waitFor();
  // No quota: the bar is the disk's room (what is free above what the device leaves for the rest).
  await card.getByText(/^[\d.]+ \S+ used · [\d.]+ \S+ free$/).waitFor();
});

/**
 * `mount ARGS DATA`: a file system over the demo device's data folder, so that the registry sees
 * its disk as the test makes it (in npm test's sandbox only: elsewhere the test is skipped and
 * this answers undefined). `unmount` undoes it; the test's end does too, should it fail first.
 */
async function mountOverDemoData(t: TestContext, what: string, args: string[]) {
  if (!(process.env.EDGE_TEST_NAMESPACE === '1' && process.getuid?.() === 0)) {
    t.skip(`needs npm test's sandbox: ${what} over the demo device's data folder`);
    return undefined;
  }
  const data = companion.demo!.dataDir;
  await execOk('mount', [...args, data]);
  let mounted = true;
  const unmount = async () => {
    if (mounted) await execOk('umount', [data]);
    mounted = false;
  };
  t.after(unmount);
  return { data, unmount };
}

test('a device whose disk went read-only: the storage card says so, offers no reclaim, and settings say why they cannot be saved, until the disk is writable again', async (t) => {
  // What the system does after disk errors, seen from the registry: its folder answers EROFS.
  const over = await mountOverDemoData(t, 'a read-only bind mount', ['--bind', companion.demo!.dataDir]);
  if (!over) return;
  await execOk('mount', ['-o', 'remount,bind,ro', over.data]);
  await dismissNotices();
  const card = page.getByRole('region', { name: 'Storage' });
  const reclaim = card.getByRole('button', { name: 'Reclaim space' });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await card
    .getByText(
      "The device's storage is read-only (after disk errors, or mounted so): images can be pulled, but pushes and deletes are refused until its disk is checked and writable again.",
    )
    .waitFor();
  await card.getByText(/^[\d.]+ \S+ used · 0 B free$/).waitFor();
  assert.equal(await reclaim.isDisabled(), true);
  await card.scrollIntoViewIfNeeded();
  await shot('05e-storage-read-only');
  // Settings cannot be kept there either: saving says why, and changes nothing.
  await card.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Storage settings of the demo device' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog
    .getByText(
      /^The device's storage is read-only \(after disk errors, or mounted so\): .* writable again\.$/,
    )
    .waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await over.unmount();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await card.getByText(/storage is read-only/).waitFor({ state: 'detached' });
  assert.equal(await reclaim.isDisabled(), false);
  await card.getByText(/^[\d.]+ \S+ used · [\d.]+ \S+ free$/).waitFor();
});

test('a device whose disk is out of inodes, with bytes free: the storage card says why nothing fits', async (t) => {
  // The registry reads its disk at its data folder: a small file system mounted there, its
  // inodes used up by empty files, is a disk out of inodes as the registry sees it.
  const over = await mountOverDemoData(t, 'a tmpfs with few inodes', [
    '-t',
    'tmpfs',
    '-o',
    'size=1m,nr_inodes=32',
    'tmpfs',
  ]);
  if (!over) return;
  for (let i = 0; statfsSync(over.data).ffree > 0; i++) writeFileSync(join(over.data, `f${i}`), '');
  await dismissNotices();
  const card = page.getByRole('region', { name: 'Storage' });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await card
    .getByText(
      'No room left for more files: the disk is out of file entries (inodes), though it has bytes free. Pushes are refused until you delete images and reclaim space, or delete files on the disk.',
    )
    .waitFor();
  await card.getByText(/ · 0 B free$/).waitFor();
  await over.unmount();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await card.getByText(/out of file entries/).waitFor({ state: 'detached' });
});

/** A file as the page's drop events carry it (a DataTransfer holding it). */
function droppedFile(path: string, name: string) {
  return page.evaluateHandle(
    ([b64, fileName]) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bin], fileName, { type: 'application/x-tar' }));
      return dt;
    },
    [readFileSync(path).toString('base64'), name] as const,
  );
}

test('dropping a docker-save tarball onto the window pushes it, with progress', async () => {
  const tarPath = join(work, 'dropped.tar');
  await s.saveArchive(tarPath, 'dropped/app:v2');
  const dataTransfer = await droppedFile(tarPath, 'dropped-app.tar');
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.getByText('Drop to push').waitFor();
  await shot('06-drop-overlay');
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  const job = page.locator('.job', { hasText: 'dropped-app.tar' });
  await job.locator('.job-status').getByText('Done', { exact: true }).waitFor();
  await page.getByRole('article', { name: 'dropped/app' }).getByText('v2', { exact: true }).waitFor();
  assert.equal((await skopeoInspect('dropped/app:v2')).status, 0);
  await shot('07-after-drop');
});

test('a file that is not a tarball is refused with a clear message', async () => {
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    return dt;
  });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await page.getByRole('alert').filter({ hasText: 'notes.txt is not a .tar file' }).waitFor();
});

test('set up Docker for the demo device: the plan is shown first, then runs (in the test sandbox)', async () => {
  await page.getByText('Not set up yet (no hosts entry or trusted CA)').waitFor();
  await page.getByRole('button', { name: /Set up Docker on this computer/ }).click();
  await page.getByText(/Found ecr\.demo-edge\.local:\d+ at 127\.0\.0\.1/).waitFor();
  // The demo device's CA is known locally: no fingerprint confirmation is needed.
  await page.getByRole('button', { name: 'Show the changes' }).click();
  await page.getByRole('heading', { name: 'Changes to this computer' }).waitFor();
  assert.ok((await page.locator('.plan-step').count()) > 0);
  await page
    .getByText(/\/etc\/hosts/)
    .first()
    .waitFor();
  await page.getByRole('heading', { name: 'Changes to this computer' }).scrollIntoViewIfNeeded();
  await shot('08-setup-plan');
  // Only inside `npm test`'s private mount namespace, where /etc/hosts and /etc/docker are throw-away copies.
  if (inSandbox()) {
    const endpoint = companion.demo!.info.endpoint;
    setUpEndpoint = endpoint;
    await page.getByRole('button', { name: 'Make these changes' }).click();
    const job = page.locator('.job', { hasText: `Setting up ${endpoint}` });
    // Setup asks the Docker engine whether it trusts the device, and waits up to 60 s for its answer.
    await job.locator('.job-status').getByText('Done', { exact: true }).waitFor({ timeout: 120_000 });
    assert.match(readFileSync('/etc/hosts', 'utf8'), /127\.0\.0\.1\s+ecr\.demo-edge\.local/);
    // The device card now says that the Docker engine itself trusts the device (it asked it).
    await page
      .getByTestId('docker-trust')
      .getByText(`Docker trusts ${endpoint} and accepts the login.`)
      .waitFor();
    // The plan's button follows the job to its end rather than saying "Running" forever.
    assert.ok(await page.getByRole('button', { name: 'Done: these changes are made' }).isDisabled());
    await shot('09-setup-done');
  }
  await page.getByRole('tab', { name: 'Registry' }).click();
});

test('a local Docker image is pushed from the app, with per-layer progress (after setup)', async (t) => {
  if (!(inSandbox() && process.env.DOCKER_HOST)) {
    t.skip("needs npm test's sandbox: a private dockerd that sees the setup's hosts entry and certs.d");
    return;
  }
  await setUpDemoDevice();
  makeBusyboxImage('local/busybox:e2e', { name: 'payload.bin', bytes: 300_000 });
  await page.getByRole('tab', { name: 'Local images' }).click();
  const row = page.getByRole('row').filter({ hasText: 'local/busybox:e2e' });
  await row.getByRole('button', { name: 'Push' }).click();
  const form = page.locator('.push-form');
  assert.equal(await form.getByLabel('Repository').inputValue(), 'local/busybox');
  assert.equal(await form.getByLabel('Tag').inputValue(), 'e2e');
  // A name the registry would refuse is said while typing, and cannot be pushed.
  await form.getByLabel('Repository').fill('Team/BusyBox');
  await form
    .getByRole('alert')
    .getByText(/A repository name is lower case letters/)
    .waitFor();
  assert.equal(await form.getByRole('button', { name: 'Push' }).isDisabled(), true);
  await form.getByLabel('Repository').fill('team/busybox');
  assert.equal(await form.getByRole('alert').count(), 0);
  await form.getByRole('button', { name: 'Push' }).click();
  const job = page.locator('.job', { hasText: 'Pushing team/busybox:e2e' });
  await job.locator('.job-status').getByText('Done', { exact: true }).waitFor({ timeout: 120_000 });
  assert.ok((await job.locator('.layer').count()) >= 1, 'a bar per layer');
  await shot('11-docker-push');

  await page.getByRole('tab', { name: 'Registry' }).click();
  await page.getByRole('article', { name: 'team/busybox' }).getByText('e2e', { exact: true }).waitFor();
  assert.equal((await skopeoInspect('team/busybox:e2e')).status, 0);
});

test('forget the device: the undo plan is shown, then runs, and the sandbox files are back', async (t) => {
  if (!inSandbox()) {
    t.skip("needs npm test's sandbox (setup writes /etc/hosts and the CA folders)");
    return;
  }
  const endpoint = await setUpDemoDevice();
  await page.getByRole('button', { name: 'Undo…' }).click();
  const dialog = page.getByRole('dialog', { name: `Undo the setup of ${endpoint} on this computer?` });
  await dialog.locator('.plan-step').first().waitFor();
  await shot('12-forget-plan');
  await dialog.getByRole('button', { name: 'Undo these changes' }).click();
  const job = page.locator('.job', { hasText: `Undoing the setup of ${endpoint}` });
  await job.locator('.job-status').getByText('Done', { exact: true }).waitFor({ timeout: 120_000 });
  await page.getByText('Not set up yet (no hosts entry or trusted CA)').waitFor();
  assert.doesNotMatch(readFileSync('/etc/hosts', 'utf8'), /ecr\.demo-edge\.local/);
  setUpEndpoint = undefined;
});

test('set up a device from pasted registry info: confirm the fingerprint, then the app works with it', async (t) => {
  if (!inSandbox()) {
    t.skip("needs npm test's sandbox (the plan writes /etc/hosts and the CA folders)");
    return;
  }
  await seed('demo/hello:stable');
  // The demo registry stands in for an edge device: the text is what the device's command prints.
  const info = companion.demo!.info;
  const pasted =
    `[10.128.44.40]: PS>Get-HcsKubernetesContainerRegistryInfo\r\n\r\n` +
    `Endpoint                                   IPAddress    Username     Password\r\n` +
    `--------                                   ---------    --------     --------\r\n` +
    `${info.endpoint} ${info.ipAddress} ${info.username} ${info.password}\r\n`;
  // Finished job cards would cover the form: dismiss them as a user would.
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click();
  await page.getByRole('tab', { name: 'Set up a device' }).click();
  await page.getByLabel('Registry info (pasted)').fill(pasted);
  await page.getByRole('button', { name: 'Find the device' }).click();
  await page.getByText(`Found ${info.endpoint} at 127.0.0.1`).waitFor();
  // The CA came over the network: nothing happens until the user confirms its fingerprint.
  const showPlan = page.getByRole('button', { name: 'Show the changes' });
  assert.equal(await showPlan.isDisabled(), true);
  await page.getByLabel(/I compared this fingerprint/).check();
  await showPlan.click();
  await page.getByRole('heading', { name: 'Changes to this computer' }).waitFor();
  setUpEndpoint = info.endpoint;
  await page.getByRole('button', { name: 'Make these changes' }).click();
  const job = page.locator('.job', { hasText: `Setting up ${info.endpoint}` }).first();
  await job.locator('.job-status').getByText('Done', { exact: true }).waitFor({ timeout: 120_000 });
  // The app now works with the device by its name, with the pasted credentials.
  await page.locator('.device-chip').getByText('Device', { exact: true }).waitFor();
  await page.getByRole('tab', { name: 'Registry' }).click();
  await page.getByRole('article', { name: 'demo/hello' }).waitFor();
  await shot('13-real-device');
  // A registry that deletes by digest takes the sibling tags along: the one delete that asks
  // first, naming them; and the device frees space in its own nightly run, not by "Reclaim".
  await skopeoPush('demo/hello:v1');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('button', { name: 'Delete demo/hello:v1' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete demo/hello:v1?' });
  await confirm.getByRole('list', { name: 'Tags that are deleted' }).getByText('demo/hello:stable').waitFor();
  await confirm.getByText('The device frees the space in its nightly cleanup.').waitFor();
  assert.equal(await confirm.getByText(/reclaim/i).count(), 0);
  await shot('13b-delete-siblings');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal((await skopeoInspect('demo/hello:v1')).status, 0, 'cancel deletes nothing');
  await page.getByRole('button', { name: 'Switch to the demo device' }).click();
  await page.locator('.device-chip').getByText('Demo device', { exact: true }).waitFor();
});

test('a device that sends only its server certificate: the app asks for its CA file, and finds the device with it', async (t) => {
  const ca = makeCa({ cn: 'E2E Leaf-only CA' });
  const name = 'ecr.leaf-only.local';
  const leaf = makeSigned(ca, { names: [name], ips: ['127.0.0.1'] });
  // A registry's answer to GET /v2/, serving only its leaf, as some devices do.
  const server = createHttpsServer({ key: leaf.keyPem, cert: leaf.certPem }, (_req, res) => {
    res.writeHead(401, {
      'Docker-Distribution-API-Version': 'registry/2.0',
      'WWW-Authenticate': 'Basic realm="r"',
    });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as { port: number }).port;
  const caPath = join(work, 'device-ca.cer');
  writeFileSync(caPath, ca.certPem);

  await dismissNotices();
  await page.getByRole('tab', { name: 'Set up a device' }).click();
  await page.getByLabel('Registry info (pasted)').fill('');
  const ip = page.getByLabel('Device IP');
  await ip.fill('localhost');
  // A port that is no port is said in the form (it used to become 31001 silently).
  await page.getByLabel('Port').fill('31OO1');
  await page.getByText('The port is a number from 1 to 65535').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Find the device' }).isDisabled(), true);
  await page.getByLabel('Port').fill(String(port));
  assert.equal(await page.getByText('The port is a number from 1 to 65535').count(), 0);
  await page.getByRole('button', { name: 'Find the device' }).click();
  await page.getByText("localhost is not an IP address. Give the device's address").waitFor();
  await ip.fill('127.0.0.1');
  await page.getByRole('button', { name: 'Find the device' }).click();
  await page
    .getByText(
      /sends only its server certificate, not its CA \(".*", which issued it\)\. Download that CA's certificate .* give that file as the device's CA certificate/,
    )
    .waitFor();
  const big = join(work, 'not-a-ca.tar');
  writeFileSync(big, Buffer.alloc(600 << 10));
  await page.getByLabel('Device CA certificate (optional)').setInputFiles(big);
  await page.getByText('not-a-ca.tar is too large for a certificate').waitFor();
  await page.getByLabel('Device CA certificate (optional)').setInputFiles(caPath);
  await page.getByRole('button', { name: 'Find the device' }).click();
  await page.getByText(`Found ${name}:${port} at 127.0.0.1`).waitFor();
  await page.getByText('CN=E2E Leaf-only CA').first().waitFor();
  // A CA the user chose as a file needs no fingerprint confirmation.
  assert.equal(await page.getByRole('button', { name: 'Show the changes' }).isDisabled(), false);
  await dismissNotices();
  await shot('15-ca-file');
  await page.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('tab', { name: 'Registry' }).click();
});

test("the UI speaks Russian when asked, the backend's plan steps and job results too", async () => {
  await page.getByLabel('Language').selectOption('ru');
  await page.getByRole('heading', { name: 'Реестр контейнеров' }).waitFor();
  assert.ok(await page.getByText('Демо-устройство').first().isVisible());
  // A push's result, written by the backend, in the UI's language.
  const tarPath = join(work, 'again.tar');
  await s.saveArchive(tarPath, 'dropped/app:v2');
  const dataTransfer = await droppedFile(tarPath, 'again.tar');
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await page
    .locator('.job', { hasText: 'Отправка again.tar' })
    .getByText(/^Отправлено: ecr\.demo-edge\.local:\d+\/dropped\/app:v2\.$/)
    .waitFor();
  await shot('10-russian');
  // The setup plan's steps, built by the backend, too.
  await page.getByRole('tab', { name: 'Подключить устройство' }).click();
  await page.getByRole('button', { name: 'Использовать демо-устройство' }).click();
  await page.getByRole('button', { name: 'Показать изменения' }).click();
  await page.getByText(/^Сопоставить ecr\.demo-edge\.local с 127\.0\.0\.1 в файле hosts$/).waitFor();
  await page.getByText(/^Docker должен обращаться к реестру по имени из его сертификата/).waitFor();
  await page.locator('.plan').scrollIntoViewIfNeeded();
  await shot('10b-russian-plan');
  await page.getByRole('tab', { name: 'Реестр' }).click();
  await page.getByLabel('Язык').selectOption('en');
});

test('the UI follows the system dark mode', async () => {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.notEqual(await background(), light);
  await shot('14-dark');
  await page.emulateMedia({ colorScheme: 'light' });
});
