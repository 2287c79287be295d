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

test('login refuses a password on the command line, says why, and shows the forms that work (issue 19, 3)', async () => {
  for (const args of [
    ['login', 'ecr.x.local:31001', '-u', 'ase-ecr-user', '-p', 'hunter2-secret'],
    ['login', 'ecr.x.local:31001', '-u', 'ase-ecr-user', '--password', 'hunter2-secret'],
    ['login', 'ecr.x.local:31001', '-u', 'ase-ecr-user', '--password=hunter2-secret'],
    ['login', '-phunter2-secret', 'ecr.x.local:31001', '-u', 'ase-ecr-user'],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 64, args.join(' '));
    assert.match(r.err, /no password on the command line: other users of this computer can see it/);
    assert.match(r.err, /stays in your shell history/);
    assert.match(r.err, /\n {2}edge-registry login ecr\.x\.local:31001 -u ase-ecr-user\n/);
    assert.match(
      r.err,
      /edge-registry login ecr\.x\.local:31001 -u ase-ecr-user --password-stdin < password-file/,
    );
    assert.doesNotMatch(r.err + r.out, /hunter2/, 'the password is never echoed');
    assert.doesNotMatch(r.err, /Unknown option/);
  }
});

test('login without a terminal and without -u says the exact command to run', async () => {
  const before = process.env.DOCKER_CONFIG;
  process.env.DOCKER_CONFIG = '/nonexistent-docker-config';
  try {
    const r = await runCli(['login', 'ecr.x.local:31001']);
    assert.equal(r.code, 64);
    assert.match(
      r.err,
      /the user name is missing: pass it with -u \(the device's is ase-ecr-user\), e\.g\.\n {2}edge-registry login ecr\.x\.local:31001 -u ase-ecr-user --password-stdin < password-file/,
    );
    const noPassword = await runCli(['login', 'ecr.x.local:31001', '-u', 'me']);
    assert.equal(noPassword.code, 64);
    assert.match(
      noPassword.err,
      /no terminal to type the password on: .*\n {2}edge-registry login ecr\.x\.local:31001 -u me --password-stdin/,
    );
  } finally {
    if (before === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = before;
  }
});
