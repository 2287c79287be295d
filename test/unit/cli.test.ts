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
