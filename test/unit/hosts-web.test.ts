// The web host's gatekeeping, over real HTTP on loopback: one-time login codes, sessions,
// Host, Origin, paths, WebSocket events and file staging. The backend is a small in-memory one; the real
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
  eventsProtocol,
  injectBridge,
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
  const r = await exchange(codeOf(host.loginUrl()));
  session = (JSON.parse(r.body) as { result: { session: string } }).result.session;
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

const origin = () => `http://127.0.0.1:${host.port}`;

/** The code of a login link (what the page reads from its fragment). */
const codeOf = (loginUrl: string) => new URL(loginUrl).hash.replace(/^#login=/, '');

/** Trades a login code for a session, as the bridge script does. */
const exchange = (code: string, headers: Record<string, string> = {}) =>
  send(webPaths.session, {
    method: 'POST',
    headers: { origin: origin(), 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code }),
  });

let session: string;
const bearer = () => `Bearer ${session}`;
const call = (method: string, args: unknown[] = [], headers: Record<string, string> = {}) =>
  send(webPaths.api, {
    method: 'POST',
    headers: { authorization: bearer(), origin: origin(), 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ method, args }),
  });

test('it listens on 127.0.0.1 only; a login link carries a fresh 32-byte code in its fragment', () => {
  const a = host.loginUrl();
  const b = host.loginUrl();
  assert.equal(host.origin, `http://127.0.0.1:${host.port}`);
  assert.match(a, new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#login=[A-Za-z0-9_-]{43}$`));
  assert.equal(Buffer.from(codeOf(a), 'base64url').length, 32);
  assert.notEqual(a, b);
});

test('a login code gives one session, once; a used, expired or unknown code gives nothing', async () => {
  const code = codeOf(host.loginUrl());
  const first = await exchange(code);
  assert.equal(first.status, 200);
  const s = (JSON.parse(first.body) as { result: { session: string } }).result.session;
  assert.equal(Buffer.from(s, 'base64url').length, 32);
  assert.notEqual(s, code);
  const again = await exchange(code);
  assert.equal(again.status, 401);
  assert.match(JSON.parse(again.body).error.message, /already used/);
  const expired = await exchange(codeOf(host.loginUrl({ ttlMs: -1 })));
  assert.equal(expired.status, 401);
  assert.match(JSON.parse(expired.body).error.message, /expired.*press Enter/);
  assert.equal((await exchange('A'.repeat(43))).status, 401);
  // The session works; the code never does.
  const ok = await send(webPaths.api, {
    method: 'POST',
    headers: { authorization: `Bearer ${s}`, origin: origin(), 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'appInfo', args: [] }),
  });
  assert.equal(ok.status, 200);
  const withCode = await call('appInfo', [], { authorization: `Bearer ${codeOf(host.loginUrl())}` });
  assert.equal(withCode.status, 401);
});

test('trading a code needs our Host and Origin (another page cannot spend one)', async () => {
  assert.equal((await exchange(codeOf(host.loginUrl()), { origin: 'http://evil.example' })).status, 403);
  assert.equal(
    (await exchange(codeOf(host.loginUrl()), { origin: `http://127.0.0.1:${host.port + 1}` })).status,
    403,
  );
  assert.equal((await exchange(codeOf(host.loginUrl()), { host: `evil.example:${host.port}` })).status, 403);
});

test('no cookie is ever set or accepted: browsers send cookies to every 127.0.0.1 port', async () => {
  const r = await exchange(codeOf(host.loginUrl()));
  assert.equal(r.headers['set-cookie'], undefined);
  for (const path of ['/', `/?token=${session}`, webPaths.bridge])
    assert.equal((await send(path)).headers['set-cookie'], undefined, path);
  const withCookie = await send(webPaths.api, {
    method: 'POST',
    headers: {
      cookie: `companion_token=${session}; companion_session=${session}`,
      origin: origin(),
      'content-type': 'application/json',
    },
    body: JSON.stringify({ method: 'appInfo', args: [] }),
  });
  assert.equal(withCookie.status, 401);
});

test('without a session, or with a wrong one, every call, upload and socket is refused', async () => {
  for (const authorization of [undefined, `Bearer ${'x'.repeat(43)}`, session, `Basic ${session}`]) {
    const headers: Record<string, string> = { origin: origin(), 'content-type': 'application/json' };
    if (authorization) headers.authorization = authorization;
    const api = await send(webPaths.api, {
      method: 'POST',
      headers,
      body: JSON.stringify({ method: 'appInfo', args: [] }),
    });
    assert.equal(api.status, 401, String(authorization));
    assert.match(api.body, /login link/);
    const stage = await send(`${webPaths.stage}?name=x.tar`, { method: 'POST', headers, body: 'x' });
    assert.equal(stage.status, 401);
  }
  assert.equal(staged.length, 0);
});

test('the page and its scripts are public (no data in them), with the bridge script first and a strict CSP', async () => {
  const r = await send('/');
  assert.equal(r.status, 200);
  assert.ok(
    r.body.indexOf(webPaths.bridge) > 0 && r.body.indexOf(webPaths.bridge) < r.body.indexOf('assets/app.js'),
  );
  assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal((await send(webPaths.bridge)).body, '/* bridge */');
  assert.equal((await send('/assets/app.js')).status, 200);
});

test('a wrong Host header is refused, page or call, even with a session (DNS rebinding)', async () => {
  for (const h of [
    `evil.example:${host.port}`,
    '127.0.0.1',
    `127.0.0.1:${host.port + 1}`,
    `localhost.evil:${host.port}`,
  ]) {
    const r = await send('/', { headers: { host: h } });
    assert.equal(r.status, 403, h);
    assert.match(r.body, /Host/);
    assert.equal((await call('appInfo', [], { host: h })).status, 403, h);
  }
  const ok = await send('/', { headers: { host: `localhost:${host.port}` } });
  assert.equal(ok.status, 200);
});

test('a POST needs our Origin, even with the session (CSRF)', async () => {
  assert.equal((await call('appInfo', [], { origin: 'http://evil.example' })).status, 403);
  assert.equal((await call('appInfo', [], { origin: `http://127.0.0.1:${host.port + 1}` })).status, 403);
  const noOrigin = await send(webPaths.api, {
    method: 'POST',
    headers: { authorization: bearer(), 'content-type': 'application/json' },
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
    headers: { authorization: bearer(), origin: origin(), 'content-type': 'application/json' },
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
    const r = await send(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.body, /outside the renderer/);
  }
});

test('a dropped file is streamed to the backend', async () => {
  const bytes = Buffer.alloc(300_000, 7);
  const r = await send(`${webPaths.stage}?name=image.tar`, {
    method: 'POST',
    headers: { authorization: bearer(), origin: origin(), 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  assert.deepEqual(JSON.parse(r.body), {
    ok: true,
    result: { id: 's1', name: 'image.tar', size: bytes.length },
  });
  assert.ok(staged.at(-1)?.bytes.equals(bytes));
});

function openSocket(headers: Record<string, string>, protocols: string[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${webPaths.events}`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

test('the events socket needs the session (as a subprotocol) and our Origin, then delivers backend events', async () => {
  const withSession = () => [eventsProtocol, `session.${session}`];
  await assert.rejects(openSocket({ origin: origin() }, [eventsProtocol]), /401/);
  await assert.rejects(openSocket({ origin: origin(), cookie: `companion_token=${session}` }), /401/);
  await assert.rejects(openSocket({ origin: 'http://evil.example' }, withSession()), /403/);
  await assert.rejects(openSocket({}, withSession()), /403/);
  await assert.rejects(
    openSocket({ origin: origin(), host: `evil.example:${host.port}` }, withSession()),
    /403/,
  );
  const ws = await openSocket({ origin: origin() }, withSession());
  // The session is never echoed back.
  assert.equal(ws.protocol, eventsProtocol);
  const message = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
  emit('changed', { what: 'repositories' });
  assert.deepEqual(JSON.parse(await message), { event: 'changed', payload: { what: 'repositories' } });
  ws.close();
});

test('helpers: injectBridge puts the script in the head', () => {
  assert.match(
    injectBridge('<html><head></head></html>'),
    /<script src="\.\/__companion\/bridge\.js"><\/script>\s*<\/head>/,
  );
});
