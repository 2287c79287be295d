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
