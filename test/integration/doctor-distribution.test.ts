// `edge-registry doctor` against CNCF Distribution with deletes turned off, its CA trusted by
// the system (the sandbox's throw-away trust store) and the login stored by `edge-registry login`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { requireSandbox, runOk, startDistribution } from '../support/system.js';
import { cli, doctor, privateConfig, verdicts } from '../support/doctor-cli.js';

test('Distribution with deletes turned off: the doctor warns and says how to turn them on; its space is not reported', async (t) => {
  requireSandbox();
  privateConfig(t);
  const reg = await startDistribution(t, { deleteEnabled: false });
  // The system trusts its CA for this test (the sandbox's trust store is a throw-away copy).
  const anchor = '/usr/local/share/ca-certificates/edge-doctor-distribution.crt';
  runOk('cp', [reg.caFile, anchor]);
  runOk('update-ca-certificates', [], { stdio: 'ignore' });
  t.after(() => {
    rmSync(anchor, { force: true });
    runOk('update-ca-certificates', ['--fresh'], { stdio: 'ignore' });
  });
  const login = await cli(['login', reg.host, '-u', reg.username, '--password-stdin', '--ca', reg.caFile], {
    input: reg.password,
  });
  assert.equal(login.code, 0, login.stderr);

  const r = await doctor([reg.host, '--ca', reg.caFile]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(verdicts(r.checks), {
    name: 'warn', // no setup record: the address is not compared
    port: 'ok',
    certificate: 'warn', // the test's certificates last two days
    chain: 'warn', // verified with --ca, nothing pinned
    'os-trust': 'ok',
    credentials: 'ok',
    delete: 'warn',
    space: 'skipped',
    engine: 'ok',
  });
  const del = r.checks.get('delete')!;
  assert.equal(del.message, 'The registry refuses every delete (HTTP 405): deleting is turned off on it.');
  assert.match(del.fix!, /storage\.delete\.enabled: true/);
  assert.equal(r.checks.get('space')!.message, 'Not checked: this registry does not report its free space.');
  assert.match(r.checks.get('certificate')!.message, /ends on .*, within 30 days\.$/);
});
