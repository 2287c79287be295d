// The web host's gatekeeping, over real HTTP on loopback: token, Host, Origin, paths,
// WebSocket events and file staging. The backend is a small in-memory one; the real
// backend is exercised by test/e2e.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { WebSocket } from 'ws';
import { ApiError, type ApiEvent, type CompanionApi, type CompanionEvents } from '../../shared/api.js';
import { createDispatcher } from '../../electron/hosts/dispatcher.js';
import type { EventListener, HostBackend } from '../../electron/hosts/host-backend.js';
import {
  injectBridge,
  parseCookies,
  startWebHost,
  webPaths,
  type WebHost,
} from '../../electron/hosts/web.js';

let dir: string;
let host: WebHost;
const listeners = new Set<EventListener>();
const staged: { name: string; bytes: Buffer }[] = [];

function emit<E extends ApiEvent>(event: E, payload: CompanionEvents[E]) {
  for (const l of listeners) l(event, payload);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'web-host-'));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'renderer', 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body><script type="module" src="./assets/app.js"></script></body></html>',
  );
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(dir, 'bridge.js'), '/* bridge */');
  const api = {
    async appInfo() {
      return { version: '9.9.9', platform: 'test', host: 'web', features: [] };
    },
    async storageUsage() {
      throw new ApiError('DENIED', 'No.');
    },
  } as unknown as CompanionApi;
  const backend: HostBackend = {
    dispatch: createDispatcher(api, { logError: () => {} }),
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async stageUpload(name: string, body: Readable) {
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(c as Buffer);
      const bytes = Buffer.concat(chunks);
      staged.push({ name, bytes });
      return { id: 's1', name, size: bytes.length };
    },
    async stagePath() {
      throw new Error('not in the web host');
    },
  };
  host = await startWebHost({
    backend,
    rendererDir: join(dir, 'renderer'),
    bridgeScript: join(dir, 'bridge.js'),
  });
});

after(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: `127.0.0.1:${host.port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const cookie = () => `companion_token=${host.token}`;
const origin = () => `http://127.0.0.1:${host.port}`;
const call = (method: string, args: unknown[] = [], headers: Record<string, string> = {}) =>
  send(webPaths.api, {
    method: 'POST',
    headers: { cookie: cookie(), origin: origin(), 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ method, args }),
  });

test('it listens on 127.0.0.1 only, and the URL carries a 32-byte token', () => {
  assert.match(host.url, new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  assert.equal(Buffer.from(host.token, 'base64url').length, 32);
});

test('without the token, or with a wrong one, every path is refused', async () => {
  for (const path of ['/', '/index.html', '/assets/app.js', webPaths.bridge, '/?token=wrong']) {
    const r = await send(path);
    assert.equal(r.status, 401, path);
    assert.match(r.body, /token/);
    assert.doesNotMatch(r.body, /<html/);
  }
  const wrongCookie = await send('/', {
    headers: { cookie: 'companion_token=' + 'x'.repeat(host.token.length) },
  });
  assert.equal(wrongCookie.status, 401);
});

test('the token in the URL is traded for an HttpOnly SameSite=Strict cookie and dropped from the address', async () => {
  const r = await send(`/?token=${host.token}`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/');
  const setCookie = String(r.headers['set-cookie']);
  assert.match(setCookie, new RegExp(`companion_token=${host.token}`));
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
});

test('with the cookie, the page loads with the bridge script first and a strict CSP', async () => {
  const r = await send('/', { headers: { cookie: cookie() } });
  assert.equal(r.status, 200);
  assert.ok(
    r.body.indexOf(webPaths.bridge) > 0 && r.body.indexOf(webPaths.bridge) < r.body.indexOf('assets/app.js'),
  );
  assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal((await send(webPaths.bridge, { headers: { cookie: cookie() } })).body, '/* bridge */');
  assert.equal((await send('/assets/app.js', { headers: { cookie: cookie() } })).status, 200);
});

test('a wrong Host header is refused even with the token (DNS rebinding)', async () => {
  for (const h of [
    `evil.example:${host.port}`,
    '127.0.0.1',
    `127.0.0.1:${host.port + 1}`,
    `localhost.evil:${host.port}`,
  ]) {
    const r = await send(`/?token=${host.token}`, { headers: { host: h, cookie: cookie() } });
    assert.equal(r.status, 403, h);
    assert.match(r.body, /Host/);
  }
  const ok = await send('/', { headers: { host: `localhost:${host.port}`, cookie: cookie() } });
  assert.equal(ok.status, 200);
});

test('a POST needs our Origin, even with the cookie (CSRF)', async () => {
  assert.equal((await call('appInfo', [], { origin: 'http://evil.example' })).status, 403);
  assert.equal((await call('appInfo', [], { origin: `http://127.0.0.1:${host.port + 1}` })).status, 403);
  const noOrigin = await send(webPaths.api, {
    method: 'POST',
    headers: { cookie: cookie(), 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'appInfo', args: [] }),
  });
  assert.equal(noOrigin.status, 403);
  const ok = await call('appInfo');
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), {
    ok: true,
    result: { version: '9.9.9', platform: 'test', host: 'web', features: [] },
  });
});

test('calls answer errors as data: backend errors, unknown methods, bad JSON', async () => {
  assert.deepEqual(JSON.parse((await call('storageUsage')).body), {
    ok: false,
    error: { code: 'DENIED', message: 'No.' },
  });
  assert.equal(JSON.parse((await call('evalSomething')).body).error.code, 'UNKNOWN_METHOD');
  const badJson = await send(webPaths.api, {
    method: 'POST',
    headers: { cookie: cookie(), origin: origin(), 'content-type': 'application/json' },
    body: '{nope',
  });
  assert.equal(badJson.status, 400);
  assert.equal(JSON.parse(badJson.body).error.code, 'BAD_REQUEST');
  const form = await call('appInfo', [], { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(form.status, 415);
});

test('paths cannot leave the renderer folder', async () => {
  for (const path of [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/nope.js',
  ]) {
    const r = await send(path, { headers: { cookie: cookie() } });
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.body, /outside the renderer/);
  }
});

test('a dropped file is streamed to the backend', async () => {
  const bytes = Buffer.alloc(300_000, 7);
  const r = await send(`${webPaths.stage}?name=image.tar`, {
    method: 'POST',
    headers: { cookie: cookie(), origin: origin(), 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  assert.deepEqual(JSON.parse(r.body), {
    ok: true,
    result: { id: 's1', name: 'image.tar', size: bytes.length },
  });
  assert.ok(staged.at(-1)?.bytes.equals(bytes));
});

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${webPaths.events}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

test('the events socket needs the token and our Origin, then delivers backend events', async () => {
  await assert.rejects(openSocket({ origin: origin() }), /401/);
  await assert.rejects(openSocket({ cookie: cookie(), origin: 'http://evil.example' }), /403/);
  await assert.rejects(openSocket({ cookie: cookie() }), /403/);
  await assert.rejects(
    openSocket({ cookie: cookie(), origin: origin(), host: `evil.example:${host.port}` }),
    /403/,
  );
  const ws = await openSocket({ cookie: cookie(), origin: origin() });
  const message = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
  emit('changed', { what: 'repositories' });
  assert.deepEqual(JSON.parse(await message), { event: 'changed', payload: { what: 'repositories' } });
  ws.close();
});

test('helpers: injectBridge puts the script in the head; parseCookies reads pairs', () => {
  assert.match(
    injectBridge('<html><head></head></html>'),
    /<script src="\.\/__companion\/bridge\.js"><\/script>\s*<\/head>/,
  );
  assert.deepEqual(parseCookies('a=1; companion_token=xyz; b=='), { a: '1', companion_token: 'xyz', b: '=' });
  assert.deepEqual(parseCookies(undefined), {});
});
