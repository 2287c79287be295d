// The test sandbox itself (scripts/test.mjs): the system files tests may write are
// throw-away copies, and the private dockerd answers and can push to a real registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { docker, makeBusyboxImage, requireSandbox, startDistribution } from '../support/system.js';

test('system files the tests write are private copies', () => {
  const { root } = requireSandbox();
  // /etc/hosts is bind-mounted from the sandbox root: writing one shows in the other.
  assert.equal(readFileSync('/etc/hosts', 'utf8'), readFileSync(`${root}/hosts`, 'utf8'));
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  for (const target of ['/etc/hosts', '/etc/docker', '/usr/local/share/ca-certificates', '/etc/ssl/certs']) {
    assert.ok(
      mounts.split('\n').some((l) => l.split(' ')[4] === target),
      `${target} is a private mount`,
    );
  }
});

test('the private dockerd pushes to and pulls from Distribution over TLS', async (t) => {
  const reg = await startDistribution(t);
  mkdirSync(`/etc/docker/certs.d/${reg.host}`, { recursive: true });
  copyFileSync(reg.caFile, `/etc/docker/certs.d/${reg.host}/ca.crt`);
  const ref = `${reg.host}/sandbox/busybox:1`;
  makeBusyboxImage(ref);
  t.after(() => docker(['rmi', '-f', ref]));
  const login = docker(['login', reg.host, '-u', reg.username, '--password-stdin'], { input: reg.password });
  assert.equal(login.status, 0, login.stderr);
  const push = docker(['push', ref]);
  assert.equal(push.status, 0, push.stderr);
  assert.equal(docker(['rmi', ref]).status, 0);
  const pull = docker(['pull', ref]);
  assert.equal(pull.status, 0, pull.stderr);
  const out = docker(['run', '--rm', '--network', 'none', ref, 'echo', 'hello from the sandbox']);
  assert.equal(out.stdout.trim(), 'hello from the sandbox', out.stderr);
});
