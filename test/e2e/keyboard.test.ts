// The whole flow with the keyboard alone, in Chromium against the web host: set up the demo
// device, push a local Docker image, push a .tar through the file picker, delete with Undo,
// delete for real, reclaim space, Kubernetes YAML. Controls are reached with Tab (and the
// arrow keys in the tab list) and used with Enter, Space and typing; the page records every
// mouse and pointer event, and the test fails if there was one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { executeForget, planForget } from '../../electron/device/setup-device.js';
import { makeBusyboxImage } from '../support/system.js';
import { screenshotDir, startAppSession, type AppSession } from './support/app-session.js';

let s: AppSession;
let page: Page;
let setUpEndpoint: string | undefined;

const inSandbox = () =>
  process.env.EDGE_TEST_NAMESPACE === '1' && !!process.env.DOCKER_HOST && process.getuid?.() === 0;

before(async () => {
  if (!inSandbox()) return;
  s = await startAppSession('e2e-keyboard-');
  page = await s.open({ viewport: { width: 1280, height: 800 } });
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { mouseEvents: string[] }).mouseEvents = seen;
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'mousemove', 'wheel', 'dblclick'])
      window.addEventListener(type, (e) => seen.push(`${type} on ${(e.target as Element)?.tagName}`), true);
  });
});

after(async () => {
  // Undo what setup changed in the sandbox (/etc/hosts, CA folders, certs.d) for the next files.
  if (setUpEndpoint) {
    const { built } = planForget(setUpEndpoint, { dataDir: join(s.work, 'data') });
    await executeForget(setUpEndpoint, built, { dataDir: join(s.work, 'data') });
  }
  await s?.close();
});

/** Presses Tab until `target` has the focus (at most 150 times: the page has fewer stops). */
async function tabTo(target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < 150; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Moves to `name` in the tab list: Tab to the selected tab, then arrows. */
async function openTab(name: string): Promise<void> {
  await tabTo(page.locator('[role="tab"][aria-selected="true"]'));
  const tab = page.getByRole('tab', { name });
  for (let i = 0; i < 3 && (await tab.getAttribute('aria-selected')) !== 'true'; i++)
    await page.keyboard.press('ArrowRight');
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
  assert.ok(await tab.evaluate((el) => el === document.activeElement));
}

const jobDone = (subject: RegExp) =>
  page
    .getByRole('region', { name: 'Jobs' })
    .locator('.job', { hasText: subject })
    .locator('.job-status')
    .getByText('Done', { exact: true })
    .waitFor({ timeout: 120_000 });

test('the whole flow with the keyboard alone, no mouse event', async (t) => {
  if (!inSandbox()) {
    t.skip("needs npm test's sandbox: setup writes /etc/hosts and certs.d, and a private dockerd pushes");
    return;
  }
  const endpoint = s.companion.demo!.info.endpoint;
  // Every delete the page sends, as the backend receives it (the undone one must never come).
  const deletes: string[] = [];
  const deleteTag = s.companion.api.deleteTag.bind(s.companion.api);
  s.companion.api.deleteTag = (args) => {
    deletes.push(`${args.repository}:${args.tag}`);
    return deleteTag(args);
  };

  // 1. Set up this computer for the demo device: the plan first, then run it.
  await tabTo(page.getByRole('button', { name: /Set up Docker on this computer/ }));
  await page.keyboard.press('Enter');
  await page.getByText(/Found ecr\.demo-edge\.local:\d+ at 127\.0\.0\.1/).waitFor();
  await tabTo(page.getByRole('button', { name: 'Show the changes' }));
  await page.keyboard.press('Enter');
  await tabTo(page.getByRole('button', { name: 'Make these changes' }));
  setUpEndpoint = endpoint;
  await page.keyboard.press('Enter');
  await jobDone(new RegExp(`Setting up ${endpoint}`));
  // The device card asks the Docker engine itself whether it now trusts the registry.
  await page
    .getByTestId('docker-trust')
    .filter({ hasText: /^Docker trusts / })
    .waitFor();

  // 2. Push a local Docker image.
  makeBusyboxImage('local/kbd:e2e');
  await openTab('Local images');
  const row = page.getByRole('row').filter({ hasText: 'local/kbd:e2e' });
  await tabTo(row.getByRole('button', { name: 'Push' }));
  await page.keyboard.press('Enter');
  const repository = page.locator('.push-form').getByLabel('Repository');
  await tabTo(repository);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('team/kbd');
  await page.keyboard.press('Enter');
  await jobDone(/Pushing team\/kbd:e2e/);

  // 3. Push a .tar through the file picker (the button opens it; the test answers it as the OS would).
  const tar = join(s.work, 'kbd.tar');
  await s.saveArchive(tar, 'files/kbd:v1');
  await openTab('Registry');
  await tabTo(page.getByRole('button', { name: 'Push a .tar file…' }));
  const chooser = page.waitForEvent('filechooser');
  // Playwright turns on file-chooser interception with a browser command of its own; without a
  // round trip to the page first, a key pressed at once can open the picker before it is in force
  // (seen: no 'filechooser' event, though the input was clicked with user activation).
  await page.evaluate(() => undefined);
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(tar);
  await jobDone(/Pushing kbd\.tar/);
  await page.getByRole('article', { name: 'files/kbd' }).waitFor();

  // 4. Delete with Undo: one key, the row counts down, Undo has the focus; nothing is sent.
  const del = page.getByRole('button', { name: 'Delete files/kbd:v1' });
  await tabTo(del);
  await page.keyboard.press('Enter');
  const undo = page.getByRole('button', { name: 'Undo deleting files/kbd:v1' });
  await undo.waitFor();
  assert.ok(await undo.evaluate((el) => el === document.activeElement), 'Undo has the focus');
  await page.screenshot({ path: join(screenshotDir, 'keyboard-undo.png') });
  await page.keyboard.press('Enter');
  await del.waitFor();
  assert.ok(await del.evaluate((el) => el === document.activeElement), 'Delete has the focus again');

  // 5. Delete for real: the notice names the tag and when the space comes back.
  await tabTo(del);
  await page.keyboard.press('Enter');
  await page
    .getByRole('status')
    .filter({
      hasText: /^Deleted files\/kbd:v1\. (.+ is free again\.|Its space comes back when you reclaim space\.)/,
    })
    .waitFor({ timeout: 15_000 });
  await page.getByRole('article', { name: 'files/kbd' }).waitFor({ state: 'detached' });
  // One delete reached the backend: had Undo not stopped the first, it would have come first.
  assert.deepEqual(deletes, ['files/kbd:v1']);

  // 6. Reclaim space.
  await tabTo(page.getByRole('button', { name: 'Reclaim space' }));
  await page.keyboard.press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: /Reclaimed|Nothing to reclaim/ })
    .waitFor();

  // 7. Kubernetes YAML: a bad namespace is refused while typing, a good one is in the YAML.
  await tabTo(page.getByRole('button', { name: 'Kubernetes YAML for team/kbd:e2e' }), 'Shift+Tab');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Kubernetes YAML for team/kbd:e2e' });
  await dialog.waitFor();
  await tabTo(dialog.getByLabel('Namespace'));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Bad_Namespace!');
  await dialog
    .getByRole('alert')
    .getByText(/A namespace is up to 63 lower case letters/)
    .waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Copy YAML' }).count(), 0, 'nothing to copy');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('edge-apps');
  await dialog.getByLabel('YAML').getByText('namespace: "edge-apps"').waitFor();
  assert.match((await dialog.getByLabel('YAML').textContent()) ?? '', new RegExp(`${endpoint}/team/kbd:e2e`));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  assert.deepEqual(
    await page.evaluate(() => (window as unknown as { mouseEvents: string[] }).mouseEvents),
    [],
  );
});
