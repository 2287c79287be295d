// The device switcher in Chromium against the web host: two devices known to the app (the demo
// device and a second registry set up in the session), switched by keyboard, re-checked with the
// doctor's findings shown, and axe finds nothing serious or critical on the card.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startAppSession, runAxe, seriousLines, type AppSession } from './support/app-session.js';
import { asSetUpDevice, startDemoRegistry } from '../support/demo.js';
import { fileScope } from '../support/system.js';
import { en } from '../../shared/i18n/en.js';

const name = 'ecr.dbe-second.local';
let s: AppSession;
let endpoint: string;
let hostsBefore: Buffer;

before(async () => {
  s = await startAppSession('e2e-devices-');
  const second = await startDemoRegistry(fileScope(), { name, ip: '127.0.0.1' });
  endpoint = `${name}:${second.port}`;
  // Test files run one at a time in npm test's namespace: the hosts file is ours until restored.
  hostsBefore = readFileSync('/etc/hosts');
  writeFileSync('/etc/hosts', Buffer.concat([hostsBefore, Buffer.from(`\n127.0.0.1 ${name}\n`)]));
  await s.companion.session.add(asSetUpDevice(second, name));
});

after(async () => {
  writeFileSync('/etc/hosts', hostsBefore);
  await s.close();
});

/** The device card's endpoint, once it shows `expected`. */
async function cardShows(page: Page, expected: string): Promise<void> {
  await page.locator('.device-card .value', { hasText: expected }).first().waitFor();
}

test('two devices: switched with the arrow keys, re-checked, and accessible', async () => {
  const page = await s.open();
  try {
    const second = page.getByRole('radio', { name: new RegExp(name.replace(/\./g, '\\.')) });
    const demo = page.getByRole('radio', { name: new RegExp(`^${en['device.demo']}`) });
    await second.waitFor();
    assert.equal(await second.isChecked(), true, 'the device set up last is current');
    await cardShows(page, endpoint);

    await second.focus();
    await page.keyboard.press('ArrowUp');
    await page.locator('.device-card .badge-demo').waitFor();
    assert.equal(await demo.isChecked(), true);
    await page.keyboard.press('ArrowDown');
    await cardShows(page, endpoint);
    assert.equal(await second.isChecked(), true);

    await page.getByRole('button', { name: `Check ${endpoint}` }).click();
    const report = page.getByRole('list', { name: `Check of ${endpoint}` });
    await report.waitFor();
    assert.equal(await report.getByRole('listitem').count(), 9, 'one line per check');
    await page.locator(`[data-testid="device-state-${endpoint}"]`, { hasText: 'last check:' }).waitFor();

    assert.deepEqual(seriousLines(await runAxe(page)), []);
  } finally {
    await page.context().close();
  }
});
