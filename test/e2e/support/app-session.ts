// One real app for a browser e2e file: the backend with the embedded demo device (free port,
// temp data dir), the web host serving the freshly built UI, headless Chromium, and a skopeo
// push to seed the registry. The accessibility and keyboard suites share it.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createCompanion, type Companion } from '../../../electron/app/companion.js';
import { hostBackend } from '../../../electron/hosts/host-backend.js';
import { startWebHost, type WebHost } from '../../../electron/hosts/web.js';
import { projectRoot } from '../../../electron/hosts/ui-assets.js';
import { writeSkopeoAuthFile } from '../../support/system.js';
import { executeForget, planForget } from '../../../electron/device/setup-device.js';
import { writeOciLayout } from '../../support/oci-layout.js';
import { launchChromium } from './browser.js';
import { execOk } from './exec.js';
import { buildUi } from './ui-build.js';

/** Where CI keeps the screenshots (git-ignored). */
export const screenshotDir = join(projectRoot(), 'test', 'e2e', 'screenshots');

export interface AppSession {
  work: string;
  companion: Companion;
  host: WebHost;
  browser: Browser;
  /** host:port of the demo registry, as skopeo reaches it. */
  registry: string;
  /** skopeo's --cert-dir (the demo device's CA) and --authfile (its credentials). */
  certDir: string;
  authFile: string;
  /** skopeo copy of a small test image (or the OCI layout at `ociDir`, tag v1) to `repo:tag` on the demo device. */
  push(repoTag: string, ociDir?: string): Promise<void>;
  /** A `docker save`-style archive of the test image, tagged `repoTag`, at `path`. */
  saveArchive(path: string, repoTag: string): Promise<void>;
  /** A new page with the app open and loaded, in its own browser context. */
  open(options?: BrowserContextOptions): Promise<Page>;
  /** The sandbox's setup of `endpoint` is undone by close(), so other test files find it as it was (each one asked, last first). */
  undoSetupOnClose(endpoint: string | undefined): void;
  close(): Promise<void>;
}

/**
 * Starts the app for one e2e file; `chromiumArgs` go to the browser (e.g. host resolver rules);
 * `seed` writes into the app's data folder before the app starts (what an earlier run left).
 */
export async function startAppSession(
  prefix: string,
  chromiumArgs: string[] = [],
  seed?: (dataDir: string) => Promise<void>,
): Promise<AppSession> {
  const work = mkdtempSync(join(process.env.EDGE_TEST_ROOT ?? tmpdir(), prefix));
  mkdirSync(screenshotDir, { recursive: true });
  const assets = await buildUi(join(work, 'ui'));
  await seed?.(join(work, 'data'));
  const companion = await createCompanion({ host: 'web', dataDir: join(work, 'data'), demo: { port: 0 } });
  const host = await startWebHost({ backend: hostBackend(companion), ...assets });
  const info = companion.demo!.info;
  const registry = `127.0.0.1:${companion.demo!.port}`;
  const certDir = join(work, 'certs');
  mkdirSync(certDir);
  copyFileSync(info.caCertPath, join(certDir, 'ca.crt'));
  // Credentials in an auth file, never on a command line.
  const authFile = writeSkopeoAuthFile(join(work, 'auth.json'), registry, info.username, info.password);
  const ociDir = join(work, 'oci');
  await writeOciLayout(ociDir, 'v1', [{ hello: `hello from ${prefix}\n` }]);
  const browser = await launchChromium(chromiumArgs);
  const setUps: string[] = [];
  return {
    work,
    companion,
    host,
    browser,
    registry,
    certDir,
    authFile,
    async push(repoTag, from = ociDir) {
      await execOk('skopeo', [
        'copy',
        '--quiet',
        `oci:${from}:v1`,
        `docker://${registry}/${repoTag}`,
        '--dest-cert-dir',
        certDir,
        '--dest-authfile',
        authFile,
      ]);
    },
    async saveArchive(path, repoTag) {
      await execOk('skopeo', ['copy', '--quiet', `oci:${ociDir}:v1`, `docker-archive:${path}:${repoTag}`]);
    },
    async open(options = {}) {
      const context = await browser.newContext({ locale: 'en-US', ...options });
      const page = await context.newPage();
      await page.goto(host.loginUrl());
      await page.locator('.topbar').waitFor();
      return page;
    },
    undoSetupOnClose(endpoint) {
      if (endpoint !== undefined && !setUps.includes(endpoint)) setUps.push(endpoint);
    },
    async close() {
      // Undo what a setup test changed in the sandbox's /etc/hosts, CA folders and certs.d.
      for (const setUp of setUps.reverse()) {
        const { built } = planForget(setUp, { dataDir: join(work, 'data') });
        await executeForget(setUp, built, { dataDir: join(work, 'data') });
      }
      await browser.close();
      await host.close();
      await companion.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(join(projectRoot(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.x A/AA (and 2.2) checks on the page as it is now. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays as users have it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe;
    const r = (await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    })) as { violations: AxeViolation[] };
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** Serious and critical violations, one line per element, for an assertion message. */
export function seriousLines(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}): ${n.target.join(' ')}`));
}
