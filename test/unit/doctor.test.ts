// The doctor's table and command line, without a device (test/integration/doctor.test.ts runs
// it against real registries): the table runs in the order shared/doctor.ts publishes, every
// check has a name in both catalogs, and the command's usage errors say what to give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { doctorCheckIds, doctorOrder } from '../../electron/device/doctor.js';
import { catalogs } from '../../shared/i18n/index.js';
import { runCli } from '../support/cli.js';
import { startDemoRegistry } from '../support/demo.js';
import { connectDevice } from '../../electron/app/active-device.js';
import { diagnoseDevice } from '../../electron/app/device-doctor.js';
import { say } from '../../shared/i18n/index.js';

test('the checks run in the published order, each named in every catalog', () => {
  assert.deepEqual([...doctorOrder], [...doctorCheckIds]);
  for (const id of doctorCheckIds) {
    for (const [locale, catalog] of Object.entries(catalogs))
      assert.ok(catalog[`doctor.check.${id}`], `${locale}: doctor.check.${id}`);
  }
});

test('doctor without ENDPOINT and no device set up, or with a bad --ip, is a usage error that says what to give', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
  process.env.EDGE_REGISTRY_DATA = dir;
  t.after(() => {
    delete process.env.EDGE_REGISTRY_DATA;
    rmSync(dir, { recursive: true, force: true });
  });
  const none = await runCli(['doctor']);
  assert.equal(none.code, 64);
  assert.match(none.err, /no device is set up on this computer: give its ENDPOINT \(host:port\)/);
  const badIp = await runCli(['doctor', 'ecr.dbe-x.local:31001', '--ip', '10.0.0']);
  assert.equal(badIp.code, 64);
  assert.match(badIp.err, /--ip 10\.0\.0 is not an IP address/);
  const two = await runCli(['doctor', 'a.local:1', 'b.local:2']);
  assert.equal(two.code, 64);
});

test("the app's re-check of the demo device: its address, the pinned CA from its view, and a missing Docker is 'not checked'", async (t) => {
  const reg = await startDemoRegistry(t, { name: 'ecr.dbe-doctor-unit.local', ip: '127.0.0.1' });
  const device = await connectDevice(reg.info, reg.url, 'demo');
  t.after(() => device.client.close());
  const report = await diagnoseDevice(device.view, {
    docker: () => Promise.reject(new Error('no engine in this test')),
  });
  assert.equal(report.endpoint, reg.info.endpoint);
  assert.equal(report.ip, '127.0.0.1');
  const verdict = (id: string) => report.checks.find((c) => c.id === id)!;
  assert.deepEqual(
    ['port', 'certificate', 'chain'].map((id) => verdict(id).verdict),
    ['ok', 'ok', 'ok'],
  );
  assert.match(say('en', verdict('chain').text), new RegExp(`SHA-256 ${reg.info.caFingerprint}`));
  // No hosts entry names it here: what reaches it by name is not checked, and says why.
  assert.equal(verdict('name').verdict, 'fail');
  assert.equal(say('en', verdict('engine').text), 'Not checked: it needs “Name”, which failed.');
  assert.equal(report.ok, false);
});
