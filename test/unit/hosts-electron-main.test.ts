// electron/main.ts and electron/main/security.ts under plain Node, with `electron` resolved to a
// recording stub (test/support/electron-stub.mjs): the window's webPreferences, the app://
// protocol, permissions, navigation and window-opening rules, and a real call through the
// IPC host into the real backend (demo device in a temp data dir).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

register('../support/electron-loader.mjs', import.meta.url);

interface Stub {
  calls: {
    enableSandbox: number;
    schemes: { scheme: string; privileges: Record<string, boolean> }[];
    protocolHandlers: Record<string, (req: Request) => Promise<Response>>;
    permissionRequest: (contents: unknown, permission: string, cb: (ok: boolean) => void) => void;
    permissionCheck: (contents: unknown, permission: string, origin: string) => boolean;
    menu: unknown;
    errorBox: unknown;
    opened: string[];
  };
  app: { emit(event: string, ...args: unknown[]): unknown[] };
  ipcMain: { handlers: Record<string, (event: unknown, ...args: unknown[]) => Promise<unknown>> };
  makeReady(): void;
  firstWindow: Promise<{ options: { webPreferences: Record<string, unknown> }; url?: string }>;
  quitting: Promise<void>;
  fakeContents(): {
    emit(event: string, ...args: unknown[]): unknown[];
    windowOpenHandler?: (d: { url: string }) => { action: string };
  };
}

let stub: Stub;
let dataDir: string;
const saved = process.env.EDGE_REGISTRY_DATA;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'electron-main-'));
  process.env.EDGE_REGISTRY_DATA = dataDir;
  // Imported by URL: the stub is plain JS (it stands in for a native module), typed by Stub above.
  const stubUrl = new URL('../support/electron-stub.mjs', import.meta.url).href;
  stub = (await import(stubUrl)) as Stub;
  await import('../../electron/main.js');
  stub.makeReady();
  await stub.firstWindow;
});

after(async () => {
  // Quitting closes the backend (demo device) before the process would exit.
  stub.app.emit('before-quit', { preventDefault() {} });
  await stub.quitting;
  if (saved === undefined) delete process.env.EDGE_REGISTRY_DATA;
  else process.env.EDGE_REGISTRY_DATA = saved;
  rmSync(dataDir, { recursive: true, force: true });
});

test('every renderer is sandboxed and app:// is a secure standard scheme (#4, #18)', () => {
  assert.equal(stub.calls.enableSandbox, 1);
  const app = stub.calls.schemes.find((s) => s.scheme === 'app');
  assert.deepEqual(app?.privileges, { standard: true, secure: true, supportFetchAPI: true });
  assert.equal(stub.calls.errorBox, undefined, 'the backend started');
});

test('the window is hardened and loads the bundled UI from app://companion (#2-#11)', async () => {
  const win = await stub.firstWindow;
  const p = win.options.webPreferences;
  assert.equal(win.url, 'app://companion/index.html');
  assert.match(String(p.preload), /preload\.cjs$/);
  assert.deepEqual(
    {
      nodeIntegration: p.nodeIntegration,
      nodeIntegrationInWorker: p.nodeIntegrationInWorker,
      nodeIntegrationInSubFrames: p.nodeIntegrationInSubFrames,
      contextIsolation: p.contextIsolation,
      sandbox: p.sandbox,
      webSecurity: p.webSecurity,
      allowRunningInsecureContent: p.allowRunningInsecureContent,
      experimentalFeatures: p.experimentalFeatures,
      webviewTag: p.webviewTag,
      enableBlinkFeatures: p.enableBlinkFeatures,
    },
    {
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      enableBlinkFeatures: undefined,
    },
  );
});

test('app:// serves the UI with a CSP and nothing outside the renderer folder (#7, #18)', async () => {
  const handler = stub.calls.protocolHandlers.app!;
  const page = await handler(new Request('app://companion/index.html'));
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.match(await page.text(), /<div id="root">/);
  for (const url of [
    'app://companion/../package.json',
    'app://companion/%2e%2e/package.json',
    'app://other/index.html',
  ]) {
    assert.equal((await handler(new Request(url))).status, 404, url);
  }
});

test('permissions are denied, except clipboard writes from the app (#5)', () => {
  const { permissionCheck, permissionRequest } = stub.calls;
  assert.equal(permissionCheck(null, 'geolocation', 'app://companion'), false);
  assert.equal(permissionCheck(null, 'media', 'app://companion'), false);
  assert.equal(permissionCheck(null, 'clipboard-sanitized-write', 'app://companion'), true);
  assert.equal(permissionCheck(null, 'clipboard-sanitized-write', 'https://evil.example'), false);
  let granted: boolean | undefined;
  permissionRequest({ getURL: () => 'app://companion/index.html' }, 'notifications', (ok) => (granted = ok));
  assert.equal(granted, false);
});

test('navigation away, new windows and <webview> are refused (#12-#15)', () => {
  const contents = stub.fakeContents();
  stub.app.emit('web-contents-created', {}, contents);
  const navigate = (url: string) => {
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  assert.equal(navigate('https://evil.example/'), true);
  assert.equal(navigate('file:///etc/passwd'), true);
  assert.equal(navigate('app://companion/index.html'), false);
  assert.deepEqual(contents.windowOpenHandler!({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.deepEqual(contents.windowOpenHandler!({ url: 'https://kubernetes.io/docs/' }), { action: 'deny' });
  assert.deepEqual(
    stub.calls.opened,
    ['https://kubernetes.io/docs/'],
    'only allow-listed docs open in the browser',
  );
  let webviewPrevented = false;
  contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
  assert.ok(webviewPrevented);
});

test('the IPC host answers our page from the real backend and refuses others (#17)', async () => {
  const call = stub.ipcMain.handlers['companion:call']!;
  const ours = { senderFrame: { url: 'app://companion/index.html', parent: null } };
  const info = (await call(ours, 'appInfo', [])) as {
    ok: boolean;
    result: { host: string; features: string[] };
  };
  assert.equal(info.ok, true);
  assert.equal(info.result.host, 'electron');
  assert.ok(info.result.features.includes('demo'));
  const device = (await call(ours, 'currentDevice', [])) as { result: { kind: string; endpoint: string } };
  assert.equal(device.result.kind, 'demo');
  const evil = { senderFrame: { url: 'https://evil.example/', parent: null } };
  assert.deepEqual(
    ((await call(evil, 'appInfo', [])) as { error: { code: string } }).error.code,
    'FORBIDDEN',
  );
});
