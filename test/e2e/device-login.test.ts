// A device set up in an earlier run whose password this computer could not keep (the web host
// has no OS keychain): listed, not pickable until the user logs in again; the dialog says a
// refused password in place and keeps what was typed; with the right one the app works with
// the device. Keyboard only, axe clean, in English and in Russian.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  startAppSession,
  runAxe,
  screenshotDir,
  seriousLines,
  type AppSession,
} from './support/app-session.js';
import { startDemoRegistry, type DemoRegistry } from '../support/demo.js';
import { fileScope } from '../support/system.js';
import { rememberDevice } from '../../electron/app/remembered-device.js';

// At the top level: node's after() called inside before() would run as soon as before() ends.
const suite = fileScope();
let s: AppSession;
let reg: DemoRegistry;
let id: string;

before(async () => {
  reg = await startDemoRegistry(suite, { name: 'localhost' });
  id = `localhost:${reg.port}`;
  s = await startAppSession('e2e-device-login-', [], async (dataDir) => {
    mkdirSync(dataDir, { recursive: true });
    // What setup remembered in an earlier run: the device, and no password (nowhere to keep it).
    await rememberDevice(dataDir, {
      host: 'localhost',
      port: reg.port,
      ip: '127.0.0.1',
      caPem: readFileSync(reg.caFile, 'utf8'),
      caFingerprint: reg.info.caFingerprint,
      username: reg.info.username,
    });
  });
});

after(() => s.close());

async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(
      () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '',
    );
    if (name.test(label)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test('in Russian: the locked device and a refused password are said in Russian', async () => {
  const page = await s.open({ locale: 'ru-RU' });
  try {
    const row = page.locator('.device-row', { hasText: 'localhost' });
    await row.getByText('войдите, чтобы работать с ним').waitFor();
    await row.getByRole('button', { name: `Войти на ${id}` }).click();
    const dialog = page.getByRole('dialog', { name: `Вход на ${id}` });
    await dialog
      .getByText(`Пароль пользователя ${reg.info.username} не сохранён на этом компьютере`)
      .waitFor();
    await dialog.getByLabel('Пароль').fill('not-the-password');
    await dialog.getByRole('button', { name: 'Войти' }).click();
    await dialog
      .getByRole('alert')
      .getByText(`Устройство ${id} не приняло этот пароль пользователя ${reg.info.username}.`)
      .waitFor();
    assert.deepEqual(seriousLines(await runAxe(page)), []);
    await page.screenshot({ path: join(screenshotDir, 'ru-device-login-refused.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await row.getByRole('radio').isDisabled(), true, 'still locked after a refused password');
  } finally {
    await page.context().close();
  }
});

test('a remembered device without its password: listed, logged in to again with the keyboard, then used', async () => {
  const page = await s.open();
  try {
    const row = page.locator('.device-row', { hasText: 'localhost' });
    await row.getByText('log in to use it').waitFor();
    assert.equal(await row.getByRole('radio').isDisabled(), true, 'not pickable without its password');
    await page.locator('.device-card .badge-demo').waitFor();

    await tabTo(page, new RegExp(`^Log in to ${id}$`));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Log in to ${id}` });
    await dialog.getByText(`The password of ${reg.info.username} was not kept on this computer`).waitFor();
    // Escape closes it and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      `Log in to ${id}`,
    );

    await page.keyboard.press('Enter');
    await dialog.getByLabel('Password').focus();
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await dialog
      .getByRole('alert')
      .getByText(`${id} refused this password for ${reg.info.username}.`)
      .waitFor();
    assert.equal(
      await dialog.getByLabel('Password').inputValue(),
      'not-the-password',
      'what was typed stays',
    );
    assert.equal(await dialog.getByLabel('Password').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(seriousLines(await runAxe(page)), []);
    await page.screenshot({ path: join(screenshotDir, 'device-login-refused.png') });

    await dialog.getByLabel('Password').fill('');
    await dialog.getByLabel('Password').focus();
    await page.keyboard.type(reg.info.password);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.device-card .value', { hasText: id }).first().waitFor();
    await row.getByText('login kept').waitFor();
    assert.equal(await row.getByRole('radio').isChecked(), true);
    assert.equal(await row.getByRole('button', { name: `Log in to ${id}` }).count(), 0);
  } finally {
    await page.context().close();
  }
});
