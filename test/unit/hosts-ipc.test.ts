// The Electron host's IPC logic under plain Node: only the top frame of app://companion
// may call (checklist #17), calls and dropped files go to the backend as data, events
// reach only our own pages. The electron-ipc.ts wrapper only plugs in ipcMain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiEvent, CompanionEvents } from '../../shared/api.js';
import { appOrigin, isAppUrl } from '../../electron/hosts/app-origin.js';
import type { EventListener, HostBackend } from '../../electron/hosts/host-backend.js';
import {
  installIpcHost,
  type ContentsLike,
  type InvokeEventLike,
} from '../../electron/hosts/ipc-handlers.js';
import { ipcChannels } from '../../electron/hosts/ipc-channels.js';

function setup() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const calls: unknown[][] = [];
  const listeners = new Set<EventListener>();
  const backend: HostBackend = {
    async dispatch(method, args) {
      calls.push([method, args]);
      return { ok: true, result: `ran ${String(method)}` };
    },
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async stageUpload() {
      throw new Error('not used by Electron');
    },
    async stagePath(path) {
      if (path.includes('missing'))
        throw Object.assign(new Error('Cannot read missing.tar'), { code: 'FILE_UNREADABLE' });
      return { id: 'f1', name: 'x.tar', size: 3 };
    },
  };
  const sent: { url: string; args: unknown[] }[] = [];
  const page = (url: string, destroyed = false): ContentsLike => ({
    isDestroyed: () => destroyed,
    getURL: () => url,
    send: (...args: unknown[]) => sent.push({ url, args }),
  });
  const contents = [
    page(`${appOrigin}/index.html`),
    page('https://example.com/'),
    page(`${appOrigin}/index.html`, true),
  ];
  const undo = installIpcHost(
    {
      handle: (channel, fn) => handlers.set(channel, fn),
      removeHandler: (channel) => handlers.delete(channel),
    },
    () => contents,
    backend,
    isAppUrl,
  );
  const emit = <E extends ApiEvent>(e: E, p: CompanionEvents[E]) => listeners.forEach((l) => l(e, p));
  return { handlers, calls, sent, undo, emit, listeners };
}

const top = (url: string): InvokeEventLike => ({ senderFrame: { url, parent: null } });

test('isAppUrl accepts only app://companion (Node gives such URLs a null origin, so it compares scheme and host)', () => {
  assert.ok(isAppUrl('app://companion/index.html'));
  assert.ok(isAppUrl('app://companion'));
  for (const url of [
    'app://evil/index.html',
    'file:///index.html',
    'https://companion/',
    'app://x@companion/',
    'nonsense',
    '',
  ]) {
    assert.ok(!isAppUrl(url), url);
  }
});

test('one handler for all calls and one for files: no channel per method', () => {
  const { handlers } = setup();
  assert.deepEqual([...handlers.keys()].sort(), [ipcChannels.call, ipcChannels.stage].sort());
});

test('a call from our top frame reaches the dispatcher with the method as data', async () => {
  const { handlers, calls } = setup();
  const r = await handlers.get(ipcChannels.call)!(
    top('app://companion/index.html'),
    'listRepositoryNames',
    [],
  );
  assert.deepEqual(r, { ok: true, result: 'ran listRepositoryNames' });
  assert.deepEqual(calls, [['listRepositoryNames', []]]);
});

test('calls from another page, a sub-frame or a frame that is gone are refused and never dispatched', async () => {
  const { handlers, calls } = setup();
  const call = handlers.get(ipcChannels.call)!;
  for (const event of [
    top('https://evil.example/'),
    top('file:///tmp/index.html'),
    { senderFrame: { url: 'app://companion/index.html', parent: {} } },
    { senderFrame: null },
  ]) {
    const r = (await call(event, 'deleteTag', [{ repository: 'a', tag: 'b' }])) as {
      ok: boolean;
      error?: { code: string };
    };
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'FORBIDDEN');
  }
  assert.equal(calls.length, 0);
});

test('a dropped file is staged by path; bad input and backend failures come back as data', async () => {
  const { handlers } = setup();
  const stage = handlers.get(ipcChannels.stage)!;
  assert.deepEqual(await stage(top('app://companion/'), '/home/u/x.tar'), {
    ok: true,
    result: { id: 'f1', name: 'x.tar', size: 3 },
  });
  assert.equal(
    ((await stage(top('app://companion/'), 42)) as { error: { code: string } }).error.code,
    'BAD_REQUEST',
  );
  assert.deepEqual(await stage(top('app://companion/'), '/missing.tar'), {
    ok: false,
    error: { code: 'FILE_UNREADABLE', message: 'Cannot read missing.tar.' },
  });
  assert.equal(
    ((await stage(top('https://evil.example/'), '/etc/passwd')) as { error: { code: string } }).error.code,
    'FORBIDDEN',
  );
});

test('events go only to live pages of the app; undo removes the handlers and the subscription', () => {
  const { sent, emit, undo, handlers, listeners } = setup();
  emit('changed', { what: 'storage' });
  assert.deepEqual(sent, [
    { url: 'app://companion/index.html', args: [ipcChannels.event, 'changed', { what: 'storage' }] },
  ]);
  undo();
  assert.equal(handlers.size, 0);
  assert.equal(listeners.size, 0);
});
