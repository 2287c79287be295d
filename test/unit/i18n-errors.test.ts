// Errors the backend sends as catalog Texts (shared/i18n TextError): English in `message` for
// the CLI and logs, the Text carried through the dispatcher and the bridge so the UI speaks its
// own language; and the catalogs agree on every message's parameters.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, toErrorData, type ApiErrorData } from '../../shared/api.js';
import { createBridge } from '../../shared/bridge.js';
import { catalogs, say, text, TextError, textOf } from '../../shared/i18n/index.js';
import { createDispatcher, type Dispatch } from '../../electron/hosts/dispatcher.js';
import { createCompanion, type Companion } from '../../electron/app/companion.js';
import { connectDocker } from '../../electron/docker/index.js';
import { pushFailure } from '../../electron/docker/push.js';
import { errorFromNetwork, errorFromResponse } from '../../electron/registry-client/errors.js';
import { foreignWords } from '../e2e/support/latin-words.js';

let dir: string;
let companion: Companion;
let dispatch: Dispatch;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'i18n-errors-'));
  companion = await createCompanion({ host: 'web', dataDir: dir, demo: { port: 0 } });
  dispatch = createDispatcher(companion.api);
});

after(async () => {
  await companion.close();
  rmSync(dir, { recursive: true, force: true });
});

test('every Russian message has the same parameters as its English one', () => {
  const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [key, english] of Object.entries(catalogs.en)) {
    const russian = catalogs.ru[key as keyof typeof catalogs.en];
    assert.deepEqual(params(russian), params(english), key);
  }
});

test('a TextError says English in message and keeps its Text for the UI', () => {
  const e = new TextError(text('err.app.tagGone', { ref: 'team/app:v1' }));
  assert.equal(e.message, 'team/app:v1 is no longer on the registry. Refresh the list.');
  assert.equal(say('ru', textOf(e)!), 'team/app:v1 больше нет в реестре. Обновите список.');
  // A plain error has no Text: the UI shows its message as written.
  assert.equal(textOf(new Error('x')), undefined);
  assert.equal(textOf({ text: { key: 'err.app.tagGone' } }), undefined, 'only errors');
});

test('the Text crosses the dispatcher and the bridge, and the rethrown ApiError keeps it', async () => {
  const data = toErrorData(new ApiError('MANIFEST_UNKNOWN', text('err.app.tagGone', { ref: 'a:b' })));
  assert.deepEqual(data.text, { key: 'err.app.tagGone', params: { ref: 'a:b' } });
  const bridge = createBridge({
    call: async () => ({ ok: false, error: JSON.parse(JSON.stringify(data)) as ApiErrorData }),
    subscribe: () => () => {},
    stageFile: async () => ({ ok: false, error: data }),
  });
  const thrown = await bridge.currentDevice().then(
    () => assert.fail('resolved'),
    (e: unknown) => e,
  );
  assert.ok(thrown instanceof ApiError);
  assert.equal(thrown.message, 'a:b is no longer on the registry. Refresh the list.');
  assert.equal(say('ru', textOf(thrown)!), 'a:b больше нет в реестре. Обновите список.');
  // A Text that is not the catalog's (an older or newer backend) is dropped, the English stays.
  const odd = createBridge({
    call: async () => ({
      ok: false,
      error: JSON.parse('{"code":"X","message":"As written.","text":{"key":"no.such"}}') as ApiErrorData,
    }),
    subscribe: () => () => {},
    stageFile: async () => ({ ok: false, error: data }),
  });
  const e2 = await odd.appInfo().catch((e: unknown) => e);
  assert.equal(textOf(e2), undefined);
  assert.equal((e2 as Error).message, 'As written.');
});

test('Docker not running reaches the UI as a Text that reads as Russian prose, the socket and command quoted', async () => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = `unix://${join(dir, 'no-docker.sock')}`;
  try {
    const r = await dispatch('listLocalImages', []);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.error.message, /^Docker is (installed but not running|not installed)/);
    assert.ok(r.error.text, 'the error carries a Text');
    const russian = say('ru', r.error.text);
    assert.match(russian, /^Docker (установлен, но не запущен|на этом компьютере не установлен)/);
    assert.deepEqual(foreignWords(russian), [], russian);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
  await assert.rejects(connectDocker({ DOCKER_HOST: `unix://${join(dir, 'none.sock')}`, PATH: '' }), (e) => {
    return say('ru', textOf(e)!).startsWith('Docker на этом компьютере не установлен');
  });
});

test("a push failure quotes Docker's and the registry's own words inside the translated sentence", () => {
  const e = pushFailure(
    'Get "https://ecr.x.local:31001/v2/": dial tcp: lookup ecr.x.local on 127.0.0.11:53: no such host',
    'ecr.x.local:31001',
  );
  assert.equal(e.code, 'UNREACHABLE');
  assert.match(
    e.message,
    /^Docker cannot find ecr\.x\.local \(.*no such host\): this computer has no hosts entry/,
  );
  assert.match(
    say('ru', textOf(e)!),
    /^Docker не находит ecr\.x\.local \(«Get "https:.*no such host»\): на этом компьютере ещё нет записи hosts/,
  );
  const denied = errorFromResponse(
    403,
    JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }),
    { registry: 'r:1', repository: 'team/app', reference: 'v1', action: 'pushing the manifest' },
  );
  assert.match(
    denied.message,
    /^r:1 denied pushing the manifest on r:1\/team\/app:v1 \(403\) \(registry said: requested/,
  );
  assert.equal(
    say('ru', textOf(denied)!),
    'r:1 запретил действие «отправка манифеста» для r:1/team/app:v1 (403) (ответ реестра: «requested access to the resource is denied»). Попросите доступ у администратора реестра или войдите как пользователь, у которого он есть.',
  );
});

test('an unreachable device: discovery fails with a Text, in both languages', async () => {
  // A port that refuses connections: bound, then closed.
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  const r = await dispatch('discoverDevice', [{ ip: '127.0.0.1', port }]);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.code, 'SETUP_UNREACHABLE');
  assert.match(r.error.message, new RegExp(`^Nothing is listening at 127\\.0\\.0\\.1:${port}\\.`));
  assert.match(
    say('ru', r.error.text!),
    new RegExp(`^По адресу 127\\.0\\.0\\.1:${port} никто не отвечает\\.`),
  );
  // The network error itself, as the registry client words it.
  const net = errorFromNetwork(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'r:1');
  assert.match(say('ru', textOf(net)!), /^Не удаётся связаться с реестром r:1 \(ECONNREFUSED\)/);
});

test('no Russian message has an untranslated English word', () => {
  // The paste box's example is the device's own output, shown as it prints it.
  const verbatim = new Set(['setup.pastePlaceholder']);
  const found = Object.entries(catalogs.ru)
    .filter(([key]) => !verbatim.has(key))
    .map(([key, message]) => [key, foreignWords(message.replace(/\{\w+\}/g, ''))] as const)
    .filter(([, words]) => words.length > 0);
  assert.deepEqual(found, []);
});
