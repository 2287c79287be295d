// Device passwords: encrypted on disk only through the OS cipher, memory only without one;
// and the remembered devices, one of which the app opens with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretStore, type SecretCipher } from '../../electron/app/secret-store.js';
import {
  forgetRememberedDevice,
  loadRememberedDevice,
  loadRememberedDevices,
  rememberDevice,
  useRememberedDevice,
} from '../../electron/app/remembered-device.js';
import { tempDir } from '../support/system.js';

// Stands in for safeStorage: reversible, and the plain text never appears in its output.
const fakeCipher: SecretCipher = {
  async encrypt(text) {
    return Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a));
  },
  async decrypt(data) {
    return Buffer.from(data.map((b) => b ^ 0x5a)).toString();
  },
};

const device = {
  host: 'ecr.dev',
  port: 31001,
  ip: '10.0.0.5',
  caPem: 'PEM',
  caFingerprint: 'AA:BB',
  username: 'ase-ecr-user',
};

function tmp(t: { after(fn: () => void): void }) {
  return tempDir(t, 'secrets-');
}

test('with a cipher, a password survives a restart and is never on disk in plain text', async (t) => {
  const file = join(tmp(t), 'secrets.json');
  const password = 'Sup3r-Secret-Device-Password';
  await new SecretStore(file, fakeCipher).set('ecr.dev:31001', password);
  const onDisk = readFileSync(file, 'utf8');
  assert.doesNotMatch(onDisk, /Sup3r/);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(await new SecretStore(file, fakeCipher).get('ecr.dev:31001'), password);
  const store = new SecretStore(file, fakeCipher);
  await store.delete('ecr.dev:31001');
  assert.equal(await new SecretStore(file, fakeCipher).get('ecr.dev:31001'), undefined);
});

test('without a cipher, nothing is written: the password lives for this session only', async (t) => {
  const file = join(tmp(t), 'secrets.json');
  const store = new SecretStore(file);
  await store.set('ecr.dev:31001', 'pw');
  assert.equal(await store.get('ecr.dev:31001'), 'pw');
  assert.equal(existsSync(file), false);
  assert.equal(store.persistent, false);
  assert.equal(await new SecretStore(file).get('ecr.dev:31001'), undefined);
});

test('a secret the cipher cannot decrypt (another user, a new OS key) reads as absent', async (t) => {
  const file = join(tmp(t), 'secrets.json');
  writeFileSync(file, JSON.stringify({ 'ecr.dev:31001': Buffer.from('junk').toString('base64') }));
  const failing: SecretCipher = {
    encrypt: fakeCipher.encrypt,
    decrypt: async () => Promise.reject(new Error('bad key')),
  };
  assert.equal(await new SecretStore(file, failing).get('ecr.dev:31001'), undefined);
});

test('the remembered device round-trips without its password; damaged files read as none', async (t) => {
  const dir = tmp(t);
  assert.equal(await loadRememberedDevice(dir), undefined);
  await rememberDevice(dir, device);
  assert.deepEqual(await loadRememberedDevice(dir), device);
  assert.doesNotMatch(readFileSync(join(dir, 'known-devices.json'), 'utf8'), /password/i);
  writeFileSync(join(dir, 'known-devices.json'), '{"devices": 1');
  assert.equal(await loadRememberedDevice(dir), undefined);
  await forgetRememberedDevice(dir);
  assert.equal(await loadRememberedDevice(dir), undefined);
});

test('several devices are remembered: switch between them, back to the demo device, forget one', async (t) => {
  const dir = tmp(t);
  const other = { ...device, host: 'ecr.site-b', ip: '10.0.0.6', caFingerprint: 'CC:DD' };
  // Two set up at once: both stay (the writes are one at a time).
  await Promise.all([rememberDevice(dir, device), rememberDevice(dir, other)]);
  let state = await loadRememberedDevices(dir);
  assert.deepEqual(
    state.devices.map((d) => d.host),
    ['ecr.dev', 'ecr.site-b'],
  );
  assert.equal(state.current, 'ecr.site-b:31001');
  assert.equal(await useRememberedDevice(dir, 'ECR.DEV:31001'), true, 'the host is case-insensitive');
  assert.deepEqual(await loadRememberedDevice(dir), device);
  assert.equal(await useRememberedDevice(dir, 'ecr.unknown:31001'), false);
  await forgetRememberedDevice(dir); // open with the demo device, keep the list
  state = await loadRememberedDevices(dir);
  assert.equal(state.current, undefined);
  assert.equal(state.devices.length, 2);
  await useRememberedDevice(dir, 'ecr.site-b:31001');
  await forgetRememberedDevice(dir, 'ecr.site-b:31001'); // forgot the current one
  state = await loadRememberedDevices(dir);
  assert.deepEqual(state, { devices: [device] });
  // A device set up again replaces its entry.
  await rememberDevice(dir, { ...device, ip: '10.0.0.9' });
  assert.deepEqual((await loadRememberedDevices(dir)).devices, [{ ...device, ip: '10.0.0.9' }]);
});

test("an older version's current-device.json is read as a list of one, and replaced by the list", async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'current-device.json'), JSON.stringify(device));
  assert.deepEqual(await loadRememberedDevices(dir), { devices: [device], current: 'ecr.dev:31001' });
  const other = { ...device, host: 'ecr.site-b' };
  await rememberDevice(dir, other);
  assert.deepEqual(await loadRememberedDevices(dir), {
    devices: [device, other],
    current: 'ecr.site-b:31001',
  });
  assert.equal(existsSync(join(dir, 'current-device.json')), false);
});
