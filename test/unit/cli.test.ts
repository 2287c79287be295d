import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../electron/cli.js';

function capture() {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => (e += d.toString()));
  return { io: { stdout: out, stderr: err }, text: () => ({ out: o, err: e }) };
}

test('--help lists the commands and exits 0', async () => {
  const c = capture();
  assert.equal(await main(['--help'], c.io), 0);
  assert.match(c.text().out, /Usage: edge-registry <command>/);
});

test('an unknown command is a usage error that says what to do', async () => {
  const c = capture();
  assert.equal(await main(['frobnicate'], c.io), 64);
  assert.match(c.text().err, /unknown command 'frobnicate'.*--help/);
});
