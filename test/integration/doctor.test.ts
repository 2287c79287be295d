// `edge-registry doctor` run for real, as a user would, inside npm test's private mount
// namespace: against the demo device after a hermetic setup (every check passes), the same
// with a wrong stored password, and against a device that cannot be reached in network
// namespaces this test makes. (Distribution: doctor-distribution.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnDemoRegistry } from '../support/demo.js';
import { requireSandbox, runOk } from '../support/system.js';
import { cli, doctor, privateConfig, verdicts } from '../support/doctor-cli.js';

test('the demo device after setup and login: every check passes; a wrong stored password fails the login only', async (t) => {
  requireSandbox();
  const dockerConfig = privateConfig(t);
  runOk('update-ca-certificates', ['--fresh'], { stdio: 'ignore' });
  // ::1, not 127.0.0.1: dockerd never verifies a registry in 127.0.0.0/8 (see engine-trust.test.ts).
  const demo = await spawnDemoRegistry(t, ['--name', 'ecr.dbe-doctor.local', '--ip', '::1']);
  const { endpoint, username, password, caFingerprint } = demo.info;

  const before = await doctor([endpoint]);
  assert.equal(before.code, 1, 'nothing is set up yet');
  assert.equal(before.checks.get('name')!.verdict, 'fail');
  assert.match(
    before.checks.get('name')!.fix!,
    /^Set the device up by its IP address .*`edge-registry setup --help` shows the form with `--endpoint ecr\.dbe-doctor\.local:\d+` and `--ip`/,
  );

  const setup = await cli([
    'setup',
    '--ip',
    '::1',
    '--port',
    String(demo.port),
    '--fingerprint',
    caFingerprint,
    '--yes',
  ]);
  t.after(async () => {
    await cli(['forget', '--endpoint', endpoint, '--yes']);
  });
  assert.equal(setup.code, 0, setup.stderr);
  const login = await cli(['login', endpoint, '-u', username, '--password-stdin'], { input: password });
  assert.equal(login.code, 0, login.stderr);

  const r = await doctor([endpoint]);
  assert.deepEqual(
    verdicts(r.checks),
    {
      name: 'ok',
      port: 'ok',
      certificate: 'ok',
      chain: 'ok',
      'os-trust': 'ok',
      credentials: 'ok',
      delete: 'ok',
      space: 'ok',
      engine: 'ok',
    },
    r.stdout + r.stderr,
  );
  assert.equal(r.code, 0);
  assert.deepEqual(r.result, { event: 'result', endpoint, ip: '::1', ok: true });
  assert.match(
    r.checks.get('name')!.message,
    /resolves to the device's address ::1 \(its first line in \/etc\/hosts/,
  );
  assert.match(r.checks.get('chain')!.message, new RegExp(`pinned at setup \\(SHA-256 ${caFingerprint}\\)`));
  assert.match(r.checks.get('space')!.message, /free \(.* used\)\.$/);
  assert.equal(r.checks.get('engine')!.message, `Docker trusts ${endpoint} and accepts the login.`);

  // Without ENDPOINT: every device set up here (this one).
  const all = await cli(['doctor']);
  assert.equal(all.code, 0, all.stdout + all.stderr);
  assert.match(all.stdout, new RegExp(`^${endpoint.replace(/\./g, '\\.')} \\(::1\\)\\n  ok    Name: `));

  // The password changed on the device: the login fails with the one fix, what needs it is skipped.
  const auth = Buffer.from(`${username}:not-the-password`).toString('base64');
  writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [endpoint]: { auth } } }));
  const wrong = await doctor([endpoint]);
  assert.equal(wrong.code, 1);
  assert.deepEqual(
    [
      wrong.checks.get('credentials')!.verdict,
      wrong.checks.get('delete')!.verdict,
      wrong.checks.get('space')!.verdict,
    ],
    ['fail', 'skipped', 'skipped'],
  );
  assert.equal(
    wrong.checks.get('credentials')!.message,
    `${endpoint} refuses the stored password of ${username}.`,
  );
  assert.match(
    wrong.checks.get('credentials')!.fix!,
    new RegExp(`edge-registry login ${endpoint} -u ${username} --password-stdin`),
  );
  assert.equal(wrong.checks.get('delete')!.message, 'Not checked: it needs “Login”, which failed.');
  assert.equal(wrong.checks.get('engine')!.verdict, 'fail', 'Docker refuses the same login');
});

test('a device that cannot be reached (network namespaces made here): the port fails, what needs it is skipped, exit 1', async () => {
  requireSandbox();
  const endpoint = 'ecr.dbe-doctor-unreachable.local:31001';
  // No route at all: the connection fails at once.
  const noRoute = await doctor([endpoint, '--ip', '192.0.2.2'], { netns: 'true' });
  assert.equal(noRoute.code, 1, noRoute.stderr);
  assert.deepEqual(verdicts(noRoute.checks), {
    name: 'fail',
    port: 'fail',
    certificate: 'skipped',
    chain: 'skipped',
    'os-trust': 'skipped',
    credentials: 'skipped',
    delete: 'skipped',
    space: 'skipped',
    engine: 'skipped',
  });
  assert.equal(
    noRoute.checks.get('port')!.message,
    '192.0.2.2:31001 cannot be reached from this computer (ENETUNREACH).',
  );
  assert.match(noRoute.checks.get('port')!.fix!, /^Check the network path to 192\.0\.2\.2/);
  assert.equal(noRoute.checks.get('certificate')!.message, 'Not checked: it needs “Port”, which failed.');
  assert.equal(
    noRoute.checks.get('delete')!.message,
    'Not checked: it needs “Login”, which was not checked.',
  );

  // A route whose packets go nowhere, as to a device that is off: no answer within the timeout.
  const silent = await doctor([endpoint, '--ip', '192.0.2.2', '--timeout', '1'], {
    netns: 'ip link set lo up && ip route add 192.0.2.0/24 dev lo',
  });
  assert.equal(silent.code, 1);
  assert.equal(silent.checks.get('port')!.message, '192.0.2.2:31001 did not answer within 1 s.');
});
