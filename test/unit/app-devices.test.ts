// The devices the app knows, through its API: the demo device listed and current, the re-check
// (the doctor) kept per device, switching by id, and devices set up from the app earlier
// (their records and kept passwords) listed again after a restart; one whose password could not
// be kept is listed too, and used once the user logs in again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCompanion } from '../../electron/app/companion.js';
import { rememberDevice } from '../../electron/app/remembered-device.js';
import { SecretStore, type SecretCipher } from '../../electron/app/secret-store.js';
import { ApiError } from '../../shared/api.js';
import { join } from 'node:path';
import { tempDir } from '../support/system.js';
import { asSetUpDevice, startDemoRegistry } from '../support/demo.js';

const cipher: SecretCipher = {
  async encrypt(text) {
    return Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a));
  },
  async decrypt(data) {
    return Buffer.from(data.map((b) => b ^ 0x5a)).toString();
  },
};

test('the demo device is listed and current; its re-check is kept; an unknown id is refused', async (t) => {
  const dataDir = tempDir(t, 'app-devices-');
  const app = await createCompanion({ host: 'web', dataDir, demo: { port: 0 } });
  t.after(() => app.close());
  const [demo, ...others] = await app.api.listDevices();
  assert.deepEqual(others, []);
  assert.equal(demo!.id, 'demo');
  assert.equal(demo!.current, true);
  assert.equal(demo!.loginStored, true);
  assert.equal(demo!.lastCheck, undefined);
  const report = await app.api.doctor({ id: 'demo' });
  assert.equal(report.endpoint, demo!.endpoint);
  assert.equal(report.checks.find((c) => c.id === 'chain')!.verdict, 'ok');
  assert.deepEqual((await app.api.listDevices())[0]!.lastCheck, report);
  await assert.rejects(app.api.useDevice({ id: 'ecr.unknown.local:31001' }), (e: unknown) => {
    return e instanceof ApiError && e.code === 'DEVICE_UNKNOWN';
  });
  await assert.rejects(app.api.doctor({ id: 'ecr.unknown.local:31001' }), ApiError);
});

test('devices set up earlier, with kept passwords, are listed after a restart and can be switched to', async (t) => {
  const dataDir = tempDir(t, 'app-devices-');
  const secrets = new SecretStore(join(dataDir, 'secrets.json'), cipher);
  const base = { port: 31001, caPem: 'PEM', username: 'ase-ecr-user' };
  const a = { ...base, host: 'ecr.site-a.local', ip: '10.0.0.5', caFingerprint: 'AA' };
  const b = { ...base, host: 'ecr.site-b.local', ip: '10.0.0.6', caFingerprint: 'BB' };
  await rememberDevice(dataDir, a);
  await rememberDevice(dataDir, b);
  await secrets.set('ecr.site-a.local:31001', 'pw-a');
  await secrets.set('ecr.site-b.local:31001', 'pw-b');
  const app = await createCompanion({ host: 'electron', dataDir, demo: { port: 0 }, cipher });
  t.after(() => app.close());
  const list = await app.api.listDevices();
  assert.deepEqual(
    list.map((d) => [d.id, d.current]),
    [
      ['demo', false],
      ['ecr.site-a.local:31001', false],
      ['ecr.site-b.local:31001', true],
    ],
  );
  const used = await app.api.useDevice({ id: 'ecr.site-a.local:31001' });
  assert.equal(used.endpoint, 'ecr.site-a.local:31001');
  assert.equal(used.password, 'pw-a');
  assert.equal((await app.api.currentDevice()).endpoint, 'ecr.site-a.local:31001');
  await app.api.useDevice({ id: 'demo' });
  assert.equal((await app.api.currentDevice()).kind, 'demo');
});

test('a device whose password could not be kept (no keychain): listed after a restart, used after a login the device checks', async (t) => {
  const dataDir = tempDir(t, 'app-devices-');
  const reg = await startDemoRegistry(t, { name: 'localhost' });
  const id = `localhost:${reg.port}`;
  // The web host has no cipher: the password lives in memory for the run only.
  const first = await createCompanion({ host: 'web', dataDir, demo: false });
  await first.session.add(asSetUpDevice(reg, 'localhost'));
  await first.close();

  const app = await createCompanion({ host: 'web', dataDir, demo: { port: 0 } });
  t.after(() => app.close());
  const listed = (await app.api.listDevices()).find((d) => d.id === id);
  assert.ok(listed, 'listed again after the restart');
  assert.equal(listed.loginStored, false);
  assert.equal(listed.current, false);
  assert.equal(listed.username, reg.info.username);
  assert.equal((await app.api.currentDevice()).kind, 'demo', 'the app opens on a device it can use');
  const loginNeeded = (e: unknown) =>
    e instanceof ApiError &&
    e.code === 'LOGIN_NEEDED' &&
    e.message.includes(`password for ${id} was not kept`);
  await assert.rejects(app.api.useDevice({ id }), loginNeeded);
  await assert.rejects(
    app.api.pushToDevices({ fileId: 'none', repository: 'a/b', tag: 'v1', devices: [id] }),
    loginNeeded,
  );
  await assert.rejects(
    app.api.useDevice({ id, password: 'not-the-password' }),
    (e: unknown) =>
      e instanceof ApiError &&
      e.code === 'LOGIN_REFUSED' &&
      e.message === `${id} refused this password for ${reg.info.username}. Check it and try again.`,
  );
  assert.equal((await app.api.currentDevice()).kind, 'demo', 'a refused login changes nothing');
  assert.equal((await app.api.listDevices()).find((d) => d.id === id)!.loginStored, false);

  const used = await app.api.useDevice({ id, password: reg.info.password });
  assert.equal(used.endpoint, id);
  assert.equal((await app.api.listDevices()).find((d) => d.id === id)!.loginStored, true);
  assert.deepEqual(await app.api.listRepositoryNames({}), { names: [] });
});
