// Chromium for the e2e tests (TESTING.md): the system's /usr/bin/chromium through
// playwright-core, never a downloaded browser.
import { chromium, type Browser } from 'playwright-core';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium; `extraArgs` e.g. host-resolver rules for the rebinding test. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...chromiumArgs, ...extraArgs],
    headless: true,
  });
}
