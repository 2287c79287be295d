// `edge-registry serve`: argument errors are usage errors that say what to do; the help
// names every option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.js';

test('serve --help lists its options', async () => {
  const r = await runCli(['serve', '--help']);
  assert.equal(r.code, 0);
  for (const option of ['--port N', '--demo', '--data DIR', '--no-open'])
    assert.ok(r.out.includes(option), option);
  assert.match(r.out, /127\.0\.0\.1 only/);
});

test('a bad port is a usage error that says what is allowed', async () => {
  for (const port of ['abc', '-1', '70000', '1.5']) {
    const r = await runCli(['serve', `--port=${port}`]);
    assert.equal(r.code, 64, port);
    assert.match(
      r.err,
      new RegExp(
        `invalid --port '${port.replace('.', '\\.')}': use a number from 1 to 65535, or 0 for a free one`,
      ),
    );
  }
});

test('an unknown option is a usage error pointing to --help', async () => {
  const r = await runCli(['serve', '--bind', '0.0.0.0']);
  assert.equal(r.code, 64);
  assert.match(r.err, /serve --help/);
});
