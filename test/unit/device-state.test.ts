import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findDevice,
  forgetDevice,
  loadDevices,
  rememberDevice,
  stateFile,
  type DeviceRecord,
} from '../../electron/device/device-state.js';
import { backupHosts } from '../../electron/device/setup-device.js';
import { tempDir } from '../support/system.js';

function dir(t: { after: (fn: () => void) => void }) {
  return tempDir(t, 'edge-state-');
}

const record = (endpoint: string, ip = '10.0.0.5'): DeviceRecord => ({
  endpoint,
  host: endpoint.split(':')[0]!,
  port: Number(endpoint.split(':')[1]),
  ip,
  caSha256: 'AA:'.repeat(31) + 'AA',
  caThumbprint: 'BB'.repeat(20),
  caSubject: 'CN=Device CA',
  platform: 'linux',
  applied: { steps: ['hosts'], createdDirs: [], createdFiles: [] },
  setUpAt: '2026-11-26T00:00:00.000Z',
});

test('devices are remembered per endpoint (case-insensitive), replaced on setup again, dropped by forget', async (t) => {
  const d = dir(t);
  assert.deepEqual(loadDevices(d), []);
  await rememberDevice(record('ecr.a.local:31001'), d);
  await rememberDevice(record('ecr.b.local:31001'), d);
  await rememberDevice(record('ECR.A.local:31001', '10.0.0.9'), d);
  assert.deepEqual(
    loadDevices(d).map((r) => [r.endpoint, r.ip]),
    [
      ['ecr.b.local:31001', '10.0.0.5'],
      ['ECR.A.local:31001', '10.0.0.9'],
    ],
  );
  assert.equal(findDevice('ecr.a.local:31001', d)?.ip, '10.0.0.9');
  assert.equal(await forgetDevice('ecr.a.local:31001', d), true);
  assert.equal(await forgetDevice('ecr.a.local:31001', d), false);
  assert.deepEqual(
    loadDevices(d).map((r) => r.endpoint),
    ['ecr.b.local:31001'],
  );
  assert.doesNotMatch(readFileSync(stateFile(d), 'utf8'), /password/i, 'no secret is stored');
});

test('a damaged state file is reported with what to do', (t) => {
  const d = dir(t);
  writeFileSync(stateFile(d), '{not json');
  assert.throws(() => loadDevices(d), /devices\.json is damaged \(not JSON\)\. Move it aside/);
});

test('the hosts file as it was before a change is kept as hosts.backup; an unchanged one is not', async (t) => {
  const d = dir(t);
  const original = Buffer.from('127.0.0.1 localhost\r\n# caf\xe9\r\n', 'latin1');
  const changed = Buffer.concat([Buffer.from('# BEGIN block\r\n'), original]);
  const unchanged = await backupHosts(
    {
      staged: [
        { path: 'C:\\Temp\\stage\\hosts.before', bytes: original },
        { path: 'C:\\Temp\\stage\\hosts', bytes: original },
      ],
    },
    d,
  );
  assert.equal(unchanged, undefined);
  assert.equal(existsSync(join(d, 'hosts.backup')), false);
  const path = await backupHosts(
    {
      staged: [
        { path: '/tmp/stage/ca.crt', bytes: Buffer.from('not hosts') },
        { path: '/tmp/stage/hosts.before', bytes: original },
        { path: '/tmp/stage/hosts', bytes: changed },
      ],
    },
    d,
  );
  assert.equal(path, join(d, 'hosts.backup'));
  assert.deepEqual(readFileSync(path), original);
});
