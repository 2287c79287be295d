import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.js';

test('--help lists the commands and exits 0', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /Usage: edge-registry <command>/);
});

test('an unknown command is a usage error that says what to do', async () => {
  const r = await runCli(['frobnicate']);
  assert.equal(r.code, 64);
  assert.match(r.err, /unknown command 'frobnicate'.*--help/);
});

test('a registry endpoint that is not HOST:PORT is a usage error, said before any password is read', async () => {
  for (const [args, message] of [
    [['login', '127.0.0.1:', '-u', 'x', '--password-stdin'], /invalid registry endpoint '127\.0\.0\.1:'/],
    [['login', 'host:5000/repo', '-u', 'x', '--password-stdin'], /not a repository: give ENDPOINT/],
    [['ls', 'host:70000'], /port from 1 to 65535/],
    [['k8s', 'host:/app:v1'], /invalid registry endpoint 'host:'/],
  ] as const) {
    const r = await runCli([...args]);
    assert.equal(r.code, 64, r.err);
    assert.match(r.err, message);
    assert.doesNotMatch(r.err, /password is empty/);
  }
});
