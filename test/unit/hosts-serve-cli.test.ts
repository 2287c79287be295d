// `edge-registry serve`: argument errors are usage errors that say what to do; the help
// names every option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../electron/cli.js';

async function cli(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => (e += d.toString()));
  const code = await main(args, { stdout: out, stderr: err });
  return { code, out: o, err: e };
}

test('serve --help lists its options', async () => {
  const r = await cli(['serve', '--help']);
  assert.equal(r.code, 0);
  for (const option of ['--port N', '--demo', '--data DIR', '--no-open'])
    assert.ok(r.out.includes(option), option);
  assert.match(r.out, /127\.0\.0\.1 only/);
});

test('a bad port is a usage error that says what is allowed', async () => {
  for (const port of ['abc', '-1', '70000', '1.5']) {
    const r = await cli(['serve', `--port=${port}`]);
    assert.equal(r.code, 64, port);
    assert.match(r.err, /--port must be a number from 0 to 65535/);
  }
});

test('an unknown option is a usage error pointing to --help', async () => {
  const r = await cli(['serve', '--bind', '0.0.0.0']);
  assert.equal(r.code, 64);
  assert.match(r.err, /serve --help/);
});
