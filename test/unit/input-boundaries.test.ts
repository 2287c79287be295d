// Endpoint and repository strings are checked where they come in (the demo's JSON, pasted
// device info, CLI options, the UI's calls), with one grammar (shared/endpoint.ts,
// shared/image-name.ts), and refused with an error that says what to write, before they
// reach a plan, a hosts line or a URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatcher, type Dispatch } from '../../electron/hosts/dispatcher.js';
import { createCompanion, type Companion } from '../../electron/app/companion.js';
import { parseRegistryInfo } from '../../electron/device/registry-info.js';
import { parseEndpoint, InputError } from '../../shared/endpoint.js';
import { checkRepository } from '../../shared/image-name.js';
import { runCli } from '../support/cli.js';

let dir: string;
let companion: Companion;
let dispatch: Dispatch;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'input-boundaries-'));
  companion = await createCompanion({ host: 'web', dataDir: dir, demo: { port: 0 } });
  dispatch = createDispatcher(companion.api);
});

after(async () => {
  await companion.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the endpoint grammar: a DNS name and a port from 1 to 65535, and it says what is wrong', () => {
  assert.deepEqual(parseEndpoint('ECR.dbe-hw6h1t2.microsoftdatabox.com:31001'), {
    host: 'ecr.dbe-hw6h1t2.microsoftdatabox.com',
    port: 31001,
  });
  assert.deepEqual(parseEndpoint(' https://ecr.x.local:1/ '), { host: 'ecr.x.local', port: 1 });
  for (const [text, why] of [
    ['127.0.0.1:31555', /"127\.0\.0\.1" is an IP address, not a name/],
    ['[::1]:31001', /port is missing|IP address/],
    ['x:NaN', /"NaN" is not a port: use a number from 1 to 65535/],
    ['ecr.x.local:0', /"0" is not a port/],
    ['ecr.x.local:65536', /"65536" is not a port/],
    ['ecr.x.local:+1', /"\+1" is not a port/],
    ['ecr.x.local:1e3', /not a port/],
    ['ecr.x.local', /the port is missing/],
    ['ecr x.local:31001', /"ecr x\.local" is not a host name/],
    ['-ecr.local:31001', /is not a host name/],
    ['ecr.local.123:31001', /is not a host name/],
    ['*.ecr.local:31001', /is not a host name/],
    ['', /is missing/],
  ] as const) {
    assert.throws(
      () => parseEndpoint(text),
      (e: Error) => e instanceof InputError && why.test(e.message),
      text,
    );
  }
  assert.throws(() => checkRepository('../../x'), /'\.\.\/\.\.\/x' is not a repository name/);
  assert.throws(() => checkRepository('a'.repeat(256)), /at most 255/);
  assert.equal(checkRepository('team/app'), 'team/app');
});

test('pasted device info whose Endpoint is an IP address is refused: it would map nothing in the hosts file', () => {
  assert.throws(
    () =>
      parseRegistryInfo('Endpoint  : 10.0.0.5:31001\nIPAddress : 10.0.0.5\nUsername  : u\nPassword  : p\n'),
    /is an IP address, not a name/,
  );
});

test('the demo\'s JSON with "endpoint":"127.0.0.1:31555" plans no hosts line: setup refuses it first', async () => {
  const demo = (await dispatch('demoDevice', [])) as { ok: true; result: Record<string, string> };
  const port = demo.result.endpoint!.split(':')[1];
  const json = JSON.stringify({ ...demo.result, endpoint: `127.0.0.1:${port}` });
  const r = await runCli(['setup', '--info-file', '-', '--dry-run', '--json'], json + '\n');
  assert.equal(r.code, 65, r.out + r.err);
  assert.match(
    r.err,
    /The demo device's endpoint "127\.0\.0\.1:\d+" is not HOST:PORT: "127\.0\.0\.1" is an IP address/,
  );
  assert.doesNotMatch(r.out, /"event":"plan"/);
  // The real one still plans.
  const ok = await runCli(
    ['setup', '--info-file', '-', '--dry-run', '--json'],
    JSON.stringify(demo.result) + '\n',
  );
  assert.equal(ok.code, 0, ok.err);
  assert.ok(ok.lines().some((l) => l.event === 'plan'));
});

test('forget x:NaN is refused, by the CLI and by the API, before a plan is made', async () => {
  const cli = await runCli(['forget', '--endpoint', 'x:NaN', '--dry-run']);
  assert.equal(cli.code, 64);
  assert.match(cli.err, /--endpoint "x:NaN" is not HOST:PORT: "NaN" is not a port/);
  const api = await dispatch('planForget', [{ endpoint: 'x:NaN' }]);
  assert.equal(api.ok, false);
  if (!api.ok) {
    assert.equal(api.error.code, 'SETUP_BAD_ENDPOINT');
    assert.match(api.error.message, /"NaN" is not a port: use a number from 1 to 65535/);
  }
  const ip = await dispatch('planForget', [{ endpoint: '127.0.0.1:31555' }]);
  assert.equal(ip.ok, false);
});

test('a repository ../../x is refused by every call that takes one, before a URL is built', async () => {
  for (const [method, args] of [
    ['previewDelete', { repository: '../../x', tag: 'v1' }],
    ['deleteTag', { repository: '../../x', tag: 'v1' }],
    ['deleteTag', { repository: 'team/app', tag: 'v1', confirmedSiblings: ['../x'] }],
    ['kubernetesYaml', { repository: '../../x', tag: 'v1', kind: 'deployment' }],
    ['pushImage', { image: 'busybox', repository: '../../x', tag: 'v1' }],
  ] as const) {
    const r = await dispatch(method, [args]);
    assert.equal(r.ok, false, method);
    if (!r.ok) {
      assert.equal(r.error.code, 'BAD_REQUEST', method);
      assert.match(r.error.message, /is not (a repository name|a tag)/, method);
    }
  }
  const ip = await dispatch('discoverDevice', [{ ip: '127.0.0.1', port: Number.NaN }]);
  assert.equal(ip.ok, false);
  if (!ip.ok) assert.match(ip.error.message, /not a port: use a number from 1 to 65535/);
});
