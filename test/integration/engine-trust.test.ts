// The engine trust check (electron/docker/engine-trust.ts) against the private dockerd and
// the demo registry reached by a NAME that maps to ::1. Not 127.0.0.1: dockerd treats a
// registry whose name resolves into 127.0.0.0/8 as insecure and never verifies its
// certificate (so a check there would pass whatever the trust). Before the CA is in certs.d the engine answers
// with Go's "x509: certificate signed by unknown authority", put in words; after, it
// trusts the registry, accepts the login and refuses a wrong password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connectDocker } from '../../electron/docker/engine.js';
import { checkEngineTrust } from '../../electron/docker/engine-trust.js';
import { trustForDocker } from '../support/images.js';
import { startDemoRegistry } from '../support/demo.js';
import { requireSandbox } from '../support/system.js';
import { say } from '../../shared/i18n/index.js';

test('the engine says whether it trusts the registry: unknown CA in words, then trusted with the login', async (t) => {
  requireSandbox();
  const name = 'ecr.dbe-engine-trust.local';
  const reg = await startDemoRegistry(t, { name, ip: '::1' });
  const registry = `${name}:${reg.port}`;
  // Test files run one at a time in this namespace: the hosts file is ours until we put it back.
  const hostsBefore = readFileSync('/etc/hosts');
  writeFileSync('/etc/hosts', Buffer.concat([hostsBefore, Buffer.from(`\n::1 ${name}\n`)]));
  t.after(() => {
    writeFileSync('/etc/hosts', hostsBefore);
    rmSync(`/etc/docker/certs.d/${registry}`, { recursive: true, force: true });
  });
  const docker = await connectDocker();
  const credentials = { username: reg.info.username, password: reg.info.password };

  const before = await checkEngineTrust(docker, registry, { credentials });
  assert.equal(before.trusted, false);
  assert.ok(!before.trusted && before.problem === 'unknown-authority', JSON.stringify(before));
  assert.match(before.detail, /x509: certificate signed by unknown authority/);
  assert.match(
    before.message,
    new RegExp(
      `^Docker does not trust ${registry}: its certificate is signed by a CA that Docker does not know`,
    ),
  );
  assert.match(say('ru', before.text), new RegExp(`^Docker не доверяет ${registry}: сертификат подписан ЦС`));

  trustForDocker(registry, reg.caFile);
  const after = await checkEngineTrust(docker, registry, { credentials });
  assert.deepEqual(
    { trusted: after.trusted, message: after.message },
    { trusted: true, message: `Docker trusts ${registry} and accepts the login.` },
  );
  const anonymous = await checkEngineTrust(docker, registry);
  assert.equal(anonymous.message, `Docker trusts the certificate of ${registry}.`);

  const wrong = await checkEngineTrust(docker, registry, {
    credentials: { username: credentials.username, password: 'not-the-password' },
  });
  assert.ok(!wrong.trusted && wrong.problem === 'credentials', JSON.stringify(wrong));
  assert.match(wrong.message, /the registry refused the user name or password/);
});

test('a name that does not resolve is "cannot reach", not a trust problem', async () => {
  requireSandbox();
  const docker = await connectDocker();
  const r = await checkEngineTrust(docker, 'ecr.dbe-no-such-name.invalid:31001');
  assert.ok(!r.trusted && r.problem === 'unreachable', JSON.stringify(r));
  assert.match(
    r.message,
    /^Docker cannot reach ecr\.dbe-no-such-name\.invalid:31001 \(.*\)\. Check that the name resolves/,
  );
});
