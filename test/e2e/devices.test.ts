// Several devices in Chromium against the web host, inside npm test's sandbox (setup writes
// /etc/hosts, the CA folders and certs.d there): a second registry is set up as a user would,
// by pasting its info into the setup form; the two devices are switched by keyboard and
// re-checked with the doctor's findings shown; a local image is pushed to both at once with
// "Also push to"; axe finds nothing serious or critical.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startAppSession, runAxe, seriousLines, type AppSession } from './support/app-session.js';
import { registryRequest, startDemoRegistry, type DemoRegistry } from '../support/demo.js';
import { fileScope, makeBusyboxImage } from '../support/system.js';
import { en } from '../../shared/i18n/en.js';
import type { JobEvent } from '../../shared/api.js';

const name = 'ecr.dbe-second.local';
let s: AppSession;
let second: DemoRegistry;
let endpoint: string;

// At the top level: node's after() called inside before() would run as soon as before() ends.
const suite = fileScope();
const inSandbox = () => process.env.EDGE_TEST_NAMESPACE === '1' && process.getuid?.() === 0;

before(async () => {
  s = await startAppSession('e2e-devices-');
  second = await startDemoRegistry(suite, { name, ip: '127.0.0.1' });
  endpoint = `${name}:${second.port}`;
});

after(async () => {
  s.undoSetupOnClose(endpoint);
  await s.close();
});

/** The device card's endpoint, once it shows `expected`. */
async function cardShows(page: Page, expected: string): Promise<void> {
  await page.locator('.device-card .value', { hasText: expected }).first().waitFor();
}

/** Sets up the second registry as a user would: its info pasted, the CA's fingerprint confirmed. */
async function setUpSecond(page: Page): Promise<void> {
  const info = second.info;
  const pasted =
    `Endpoint                 IPAddress    Username     Password\r\n` +
    `--------                 ---------    --------     --------\r\n` +
    `${endpoint} 127.0.0.1 ${info.username} ${info.password}\r\n`;
  await page.getByRole('tab', { name: 'Set up a device' }).click();
  await page.getByLabel('Registry info (pasted)').fill(pasted);
  await page.getByRole('button', { name: 'Find the device' }).click();
  await page.getByText(`Found ${endpoint} at 127.0.0.1`).waitFor();
  await page.getByLabel(/I compared this fingerprint/).check();
  await page.getByRole('button', { name: 'Show the changes' }).click();
  await page.getByRole('heading', { name: 'Changes to this computer' }).waitFor();
  s.undoSetupOnClose(endpoint);
  await page.getByRole('button', { name: 'Make these changes' }).click();
  const job = page.locator('.job', { hasText: `Setting up ${endpoint}` }).first();
  // Setup asks the Docker engine whether it trusts the device, and waits up to 60 s for its answer.
  await job.locator('.job-status').getByText('Done', { exact: true }).waitFor({ timeout: 120_000 });
}

test('a second device set up in the browser: listed, switched with the arrow keys, re-checked, accessible', async (t: TestContext) => {
  if (!inSandbox()) {
    t.skip("needs npm test's sandbox (setup writes /etc/hosts and the CA folders)");
    return;
  }
  const page = await s.open();
  try {
    await setUpSecond(page);
    await page.getByRole('tab', { name: 'Registry' }).click();
    const secondRadio = page.getByRole('radio', { name: new RegExp(name.replace(/\./g, '\\.')) });
    const demo = page.getByRole('radio', { name: new RegExp(`^${en['device.demo']}`) });
    await secondRadio.waitFor();
    assert.equal(await secondRadio.isChecked(), true, 'the device set up last is current');
    await cardShows(page, endpoint);

    await secondRadio.focus();
    await page.keyboard.press('ArrowUp');
    await page.locator('.device-card .badge-demo').waitFor();
    assert.equal(await demo.isChecked(), true);
    await page.keyboard.press('ArrowDown');
    await cardShows(page, endpoint);
    assert.equal(await secondRadio.isChecked(), true);

    await page.getByRole('button', { name: `Check ${endpoint}` }).click();
    const report = page.getByRole('list', { name: `Check of ${endpoint}` });
    await report.waitFor();
    assert.equal(await report.getByRole('listitem').count(), 9, 'one line per check');
    // Set up for real, the device passes every check, Docker's own trust among them.
    assert.equal(await report.locator('li.doctor-ok').count(), 9, await report.innerText());
    await report.getByText(`Docker trusts ${endpoint} and accepts the login.`).waitFor();
    await page.locator(`[data-testid="device-state-${endpoint}"]`, { hasText: 'last check:' }).waitFor();

    assert.deepEqual(seriousLines(await runAxe(page)), []);
  } finally {
    await page.context().close();
  }
});

test('a local image pushed to two devices at once: "Also push to" ticked, a job and the image on each', async (t: TestContext) => {
  if (!(inSandbox() && process.env.DOCKER_HOST)) {
    t.skip("needs npm test's sandbox: a private dockerd that sees the setups' hosts entries and certs.d");
    return;
  }
  // The previous test set the second device up; the demo device is set up here as well, so
  // Docker reaches both by name (through the API the setup form calls, tested in web-ui).
  if (!s.companion.session.known().some((d) => d.id === endpoint)) {
    const page = await s.open();
    await setUpSecond(page).finally(() => page.context().close());
  }
  const demoEndpoint = s.companion.demo!.info.endpoint;
  const found = await s.companion.api.discoverDevice({ demo: true });
  const plan = await s.companion.api.planSetup({ deviceId: found.id });
  const ended = new Promise<JobEvent>((resolve) => {
    const off = s.companion.onEvent((event, payload) => {
      const job = payload as JobEvent;
      if (event !== 'job' || job.kind !== 'setup' || job.state === 'running') return;
      off();
      resolve(job);
    });
  });
  s.undoSetupOnClose(demoEndpoint);
  await s.companion.api.runSetup({ planId: plan.id });
  assert.equal((await ended).state, 'done');
  await s.companion.api.useDevice({ id: endpoint });
  makeBusyboxImage('local/fleet:e2e');

  const page = await s.open();
  try {
    await cardShows(page, endpoint);
    await page.getByRole('tab', { name: 'Local images' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'local/fleet:e2e' })
      .getByRole('button', { name: 'Push' })
      .click();
    const form = page.locator('.push-form');
    const also = form.getByRole('group', { name: 'Also push to' });
    // The devices come from their own call after the form opens: wait for them, then count.
    const demoBox = also.getByRole('checkbox', { name: new RegExp(demoEndpoint.replace(/\./g, '\\.')) });
    await demoBox.waitFor();
    assert.equal(await also.getByRole('checkbox').count(), 1, 'the one other set-up device');
    await demoBox.check();
    assert.deepEqual(seriousLines(await runAxe(page)), []);
    await form.getByRole('button', { name: 'Push' }).click();
    for (const device of [endpoint, demoEndpoint]) {
      const job = page.locator('.job', { hasText: `${device}: local/fleet:e2e` });
      await job.locator('.job-status').getByText('Done', { exact: true }).waitFor({ timeout: 120_000 });
    }
    for (const reg of [second, s.companion.demo!]) {
      const head = await registryRequest(
        { url: reg.url, caFile: reg.info.caCertPath, info: reg.info },
        'HEAD',
        '/v2/local/fleet/manifests/e2e',
      );
      assert.equal(head.status, 200, reg.url);
    }
  } finally {
    await page.context().close();
  }
});
