// The backend as the hosts see it: createCompanion with the real embedded demo device on
// a free port, called through the same dispatcher as the UI (errors as data).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatcher, type Dispatch } from '../../electron/hosts/dispatcher.js';
import { createCompanion, type Companion } from '../../electron/app/companion.js';
import { registryRequest, spawnDemoRegistry } from '../support/demo.js';
import { tempDir } from '../support/system.js';
import { readLock } from '../../electron/registry-server/lock.js';
import { getCredentials, storeCredentials } from '../../electron/docker/credentials.js';
import type { JobEvent } from '../../shared/api.js';

let dir: string;
let companion: Companion;
let dispatch: Dispatch;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'app-companion-'));
  companion = await createCompanion({ host: 'web', dataDir: dir, demo: { port: 0 }, version: '1.2.3' });
  dispatch = createDispatcher(companion.api);
});

after(async () => {
  await companion.close();
  rmSync(dir, { recursive: true, force: true });
});

test('appInfo lists only the features that are wired', async () => {
  const r = await dispatch('appInfo', []);
  assert.ok(r.ok);
  const info = r.result as { version: string; host: string; features: string[] };
  assert.equal(info.version, '1.2.3');
  assert.equal(info.host, 'web');
  for (const f of ['demo', 'registry', 'storage', 'tarball', 'setup'])
    assert.ok(info.features.includes(f), f);
  // Docker may be missing or stopped at run time: the panel then shows what to do.
  for (const f of ['docker', 'kubernetes']) assert.ok(info.features.includes(f), f);
});

test('the current device is the demo device, as the device command shows one', async () => {
  const r = await dispatch('currentDevice', []);
  assert.ok(r.ok);
  const d = r.result as Record<string, string>;
  assert.equal(d.kind, 'demo');
  assert.match(d.endpoint!, /^ecr\.demo-edge\.local:\d+$/);
  assert.equal(d.ipAddress, '127.0.0.1');
  assert.equal(d.username, 'ase-ecr-user');
  assert.match(d.caFingerprint!, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  // The app frees a deleted image's space on the demo device (the UI says so, and offers Reclaim).
  assert.equal(d.reclaim, 'app');
  assert.deepEqual((await dispatch('demoDevice', [])).ok, true);
});

test('Kubernetes YAML refuses a namespace or Secret name that kubectl would refuse', async () => {
  for (const bad of [{ namespace: 'Bad_Namespace!' }, { secretName: 'no_underscores' }]) {
    const r = await dispatch('kubernetesYaml', [{ repository: 'app', tag: 'v1', ...bad }]);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.code, 'BAD_REQUEST');
      assert.match(r.error.message, /is not a Kubernetes (namespace|Secret name): use up to/);
    }
  }
  const ok = await dispatch('kubernetesYaml', [{ repository: 'app', tag: 'v1', namespace: 'edge-apps' }]);
  assert.ok(ok.ok && /namespace: "edge-apps"/.test((ok.result as { yaml: string }).yaml));
});

test('an empty registry lists nothing and uses no storage', async () => {
  assert.deepEqual(await dispatch('listRepositoryNames', []), { ok: true, result: { names: [] } });
  const usage = await dispatch('storageUsage', []);
  assert.ok(usage.ok);
  assert.equal((usage.result as { usedBytes: number }).usedBytes, 0);
});

test('storage settings: the demo device keeps a quota and its nightly reclaim time; bad ones answer BAD_REQUEST', async () => {
  assert.deepEqual(await dispatch('storageSettings', []), {
    ok: true,
    result: { quotaBytes: null, gcDailyAt: '03:00' },
  });
  const set = await dispatch('setStorageSettings', [{ quotaBytes: 5 << 20, gcDailyAt: null }]);
  assert.deepEqual(set, { ok: true, result: { quotaBytes: 5 << 20, gcDailyAt: null } });
  const usage = await dispatch('storageUsage', []);
  assert.equal(usage.ok && (usage.result as { quotaBytes?: number }).quotaBytes, 5 << 20);
  for (const bad of [
    { quotaBytes: '5 MiB', gcDailyAt: null },
    { quotaBytes: null, gcDailyAt: '7pm' },
  ]) {
    const r = await dispatch('setStorageSettings', [bad]);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, 'BAD_REQUEST', r.error.message);
  }
  // Nothing changed by the refused ones; back to the defaults for the other tests.
  assert.deepEqual(await dispatch('storageSettings', []), set);
  await dispatch('setStorageSettings', [{ quotaBytes: null, gcDailyAt: '03:00' }]);
});

test('Docker missing answers as data with what to do; bad arguments answer BAD_REQUEST', async () => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = `unix://${join(dir, 'no-docker.sock')}`;
  try {
    const images = await dispatch('listLocalImages', []);
    assert.equal(images.ok, false);
    if (!images.ok) {
      assert.match(images.error.code, /^NOT_(RUNNING|INSTALLED)$/);
      assert.match(images.error.message, /Docker/);
    }
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
  const noTag = await dispatch('previewDelete', [{ repository: 'x' }]);
  assert.equal(noTag.ok, false);
  if (!noTag.ok) {
    assert.equal(noTag.error.code, 'BAD_REQUEST');
    assert.match(noTag.error.message, /tag is missing/);
  }
  const unknownFile = await dispatch('pushTarball', [{ fileId: 'nope' }]);
  assert.equal(unknownFile.ok, false);
  if (!unknownFile.ok) assert.equal(unknownFile.error.code, 'FILE_UNKNOWN');
  // A name the registry would refuse is refused before a job starts.
  for (const [method, args, message] of [
    [
      'pushImage',
      { image: 'busybox', repository: 'Team/App', tag: 'v1' },
      /'Team\/App' is not a repository name/,
    ],
    ['pushImage', { image: 'busybox', repository: 'team/app', tag: '-v1' }, /'-v1' is not a tag/],
    ['pushTarball', { fileId: 'nope', repository: 'team/app', tag: 'v 1' }, /'v 1' is not a tag/],
  ] as const) {
    const r = await dispatch(method, [args]);
    assert.equal(r.ok, false, method);
    if (!r.ok) {
      assert.equal(r.error.code, 'BAD_REQUEST');
      assert.match(r.error.message, message);
    }
  }
});

test('deleting a tag that does not exist says so', async () => {
  const r = await dispatch('previewDelete', [{ repository: 'nothing/here', tag: 'v1' }]);
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.error.message, /nothing\/here/);
});

test('when `edge-registry demo` already serves the demo folder, the app uses that registry and leaves it running', async (t) => {
  const appData = tempDir(t, 'app-attach-');
  const served = await spawnDemoRegistry(t, ['--data', join(appData, 'demo-registry')]);
  const logged: string[] = [];
  const app = await createCompanion({
    host: 'web',
    dataDir: appData,
    demo: { port: 0, log: (l) => logged.push(l) },
  });
  const appDispatch = createDispatcher(app.api);
  try {
    assert.match(logged.join('\n'), new RegExp(`served by process ${served.child.pid} at ${served.url}`));
    const device = await appDispatch('currentDevice', []);
    assert.ok(device.ok);
    const d = device.result as Record<string, string>;
    assert.deepEqual(
      [d.kind, d.endpoint, d.username, d.caFingerprint],
      ['demo', served.info.endpoint, served.info.username, served.info.caFingerprint],
    );
    // Storage and its settings go to that registry over HTTPS.
    assert.ok((await appDispatch('storageUsage', [])).ok);
    const set = await appDispatch('setStorageSettings', [{ quotaBytes: 1 << 30, gcDailyAt: '02:45' }]);
    assert.deepEqual(set, { ok: true, result: { quotaBytes: 1 << 30, gcDailyAt: '02:45' } });
    const onDisk = JSON.parse(readFileSync(join(served.dataDir, 'settings.json'), 'utf8')) as unknown;
    assert.deepEqual(onDisk, { quotaBytes: 1 << 30, gcSchedule: { dailyAt: '02:45' } });
    const bad = await appDispatch('setStorageSettings', [{ quotaBytes: null, gcDailyAt: '24:00' }]);
    assert.ok(
      !bad.ok && bad.error.code === 'BAD_REQUEST' && /HH:MM/.test(bad.error.message),
      JSON.stringify(bad),
    );
    assert.ok((await appDispatch('collectGarbage', [])).ok);
  } finally {
    await app.close();
  }
  // Not ours to stop: it still serves.
  assert.equal((await registryRequest(served, 'GET', '/v2/')).status, 200);
});

test(
  'when that `edge-registry demo` stops, the app serves the demo device itself, with its settings',
  { timeout: 30_000 },
  async (t) => {
    const appData = tempDir(t, 'app-takeover-');
    const folder = join(appData, 'demo-registry');
    const served = await spawnDemoRegistry(t, ['--data', folder]);
    const app = await createCompanion({ host: 'web', dataDir: appData, demo: { port: 0, log: () => {} } });
    const appDispatch = createDispatcher(app.api);
    t.after(() => app.close());
    assert.ok((await appDispatch('setStorageSettings', [{ quotaBytes: 1 << 30, gcDailyAt: '02:45' }])).ok);
    const switched = new Promise<void>((resolve) =>
      app.onEvent((event, payload) => {
        if (event === 'changed' && (payload as { what: string }).what === 'device') resolve();
      }),
    );
    assert.equal((await served.stop('SIGTERM')).code, 0);
    await switched;
    assert.equal((await readLock(folder))?.pid, process.pid);
    const device = await appDispatch('currentDevice', []);
    assert.ok(device.ok);
    assert.equal((device.result as { caFingerprint: string }).caFingerprint, served.info.caFingerprint);
    assert.deepEqual(await appDispatch('storageSettings', []), {
      ok: true,
      result: { quotaBytes: 1 << 30, gcDailyAt: '02:45' },
    });
    assert.deepEqual(await appDispatch('listRepositoryNames', []), { ok: true, result: { names: [] } });
  },
);

test('the app forgets a device and, when asked, logs out of it too (issue 19, 6)', async (t) => {
  const before = process.env.DOCKER_CONFIG;
  process.env.DOCKER_CONFIG = tempDir(t, 'app-docker-');
  t.after(() => {
    if (before === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = before;
  });
  const app = await createCompanion({ host: 'web', dataDir: tempDir(t, 'app-forget-'), demo: false });
  t.after(() => app.close());
  const appDispatch = createDispatcher(app.api);
  const endpoint = 'ecr.dbe-app-logout.local:31001';
  const forget = async (logout: unknown) => {
    const plan = await appDispatch('planForget', [{ endpoint }]);
    assert.ok(plan.ok, JSON.stringify(plan));
    const planId = (plan.result as { id: string }).id;
    const finished = new Promise<JobEvent>((resolve) =>
      app.onEvent((event, payload) => {
        const job = payload as JobEvent;
        if (event === 'job' && job.kind === 'forget' && job.state !== 'running') resolve(job);
      }),
    );
    const started = await appDispatch('runForget', [{ planId, logout }]);
    return started.ok ? await finished : started;
  };
  await storeCredentials(endpoint, { username: 'ase-ecr-user', password: 'pw' });
  const kept = (await forget(false)) as JobEvent;
  assert.equal(kept.message, `This computer no longer has the setup for ${endpoint}.`);
  assert.ok(await getCredentials(endpoint), 'the login stays unless asked');
  const out = (await forget(true)) as JobEvent;
  assert.equal(out.state, 'done', JSON.stringify(out));
  assert.match(out.message!, /and Docker no longer keeps a login for it\.$/);
  assert.equal(await getCredentials(endpoint), null);
  assert.equal(((await forget('yes')) as { error?: { code: string } }).error?.code, 'BAD_REQUEST');
});
