// `edge-registry demo`, `gc` and `fsck` in process: --json's first line, the same device on
// restart, clean shutdown on the signal, usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { main } from '../../electron/cli.js';
import { tempDir } from '../support/system.js';
import { registryRequest } from '../support/demo.js';
import type { RegistryInfo } from '../../shared/api.js';

function startCli(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const controller = new AbortController();
  const lines = createInterface({ input: stdout });
  const all: string[] = [];
  lines.on('line', (l) => all.push(l));
  const exit = main(args, { stdout, stderr, signal: controller.signal });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exit.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  firstLine.catch(() => {}); // awaited by the tests that expect a line
  return { firstLine, exit, stop: () => controller.abort(), lines: all, stderr: () => err };
}

test('demo --json prints the info first, keeps the device across restarts, stops cleanly', async (t) => {
  const data = tempDir(t, 'demo-cli-');
  const run1 = startCli(['demo', '--json', '--port', '0', '--data', data, '--name', 'ecr.test-edge.local']);
  const info = JSON.parse(await run1.firstLine) as RegistryInfo & Record<string, unknown>;
  assert.deepEqual(Object.keys(info), [
    'endpoint',
    'ipAddress',
    'username',
    'password',
    'caCertPath',
    'caFingerprint',
  ]);
  assert.match(info.endpoint, /^ecr\.test-edge\.local:\d+$/);
  assert.equal(info.ipAddress, '127.0.0.1');
  const cert = new X509Certificate(readFileSync(info.caCertPath));
  assert.equal(cert.fingerprint256, info.caFingerprint);
  assert.equal(statSync(`${data}/credentials.json`).mode & 0o777, 0o600);
  const port = info.endpoint.split(':')[1];
  const target = { url: `https://127.0.0.1:${port}`, caFile: info.caCertPath, info };
  assert.equal((await registryRequest(target, 'GET', '/v2/')).status, 200);
  run1.stop();
  assert.equal(await run1.exit, 0, run1.stderr());
  assert.deepEqual(JSON.parse(run1.lines.at(-1)!), { event: 'stopped' });

  const run2 = startCli(['demo', '--json', '--port', '0', '--data', data, '--name', 'ecr.test-edge.local']);
  const again = JSON.parse(await run2.firstLine) as RegistryInfo;
  assert.equal(again.password, info.password);
  assert.equal(again.caFingerprint, info.caFingerprint);
  // A second registry on the same data dir is refused while the first runs.
  const busy = startCli(['demo', '--json', '--port', '0', '--data', data]);
  assert.equal(await busy.exit, 69);
  assert.match(busy.stderr(), /in use/);
  run2.stop();
  assert.equal(await run2.exit, 0);
});

test('a new name or IP gets a new CA constrained to it (the old one cannot sign for it), and the start says so', async (t) => {
  const data = tempDir(t, 'demo-cli-');
  const a = startCli(['demo', '--json', '--port', '0', '--data', data, '--name', 'one.local']);
  const infoA = JSON.parse(await a.firstLine) as RegistryInfo;
  a.stop();
  await a.exit;
  const b = startCli([
    'demo',
    '--json',
    '--port',
    '0',
    '--data',
    data,
    '--name',
    'two.local',
    '--ip',
    '127.0.0.2',
  ]);
  const infoB = JSON.parse(await b.firstLine) as RegistryInfo;
  b.stop();
  await b.exit;
  assert.notEqual(infoB.caFingerprint, infoA.caFingerprint);
  assert.match(b.stderr(), /made a new device CA .* can sign only for two\.local and 127\.0\.0\.2/);
  const server = new X509Certificate(readFileSync(`${data}/tls/server.crt`));
  assert.equal(server.checkHost('two.local'), 'two.local');
  assert.equal(server.checkIP('127.0.0.2'), '127.0.0.2');
  assert.ok(server.checkIssued(new X509Certificate(readFileSync(infoB.caCertPath))));
  // The same name and IP again: the same CA, nothing said.
  const c = startCli([
    'demo',
    '--json',
    '--port',
    '0',
    '--data',
    data,
    '--name',
    'two.local',
    '--ip',
    '127.0.0.2',
  ]);
  const infoC = JSON.parse(await c.firstLine) as RegistryInfo;
  c.stop();
  await c.exit;
  assert.equal(infoC.caFingerprint, infoB.caFingerprint);
  assert.doesNotMatch(c.stderr(), /new device CA/);
});

test('demo without --json prints the device table; --insecure-http serves plain HTTP', async (t) => {
  const data = tempDir(t, 'demo-cli-');
  const r = startCli(['demo', '--port', '0', '--data', data, '--insecure-http']);
  await r.firstLine;
  while (!r.lines.some((l) => l.startsWith('Serving http://'))) await new Promise((res) => setImmediate(res));
  assert.match(r.lines[0]!, /^Endpoint\s+IPAddress\s+Username\s+Password$/);
  const url = /Serving (http:\/\/\S+) /.exec(r.lines.find((l) => l.startsWith('Serving http://'))!)![1]!;
  const creds = JSON.parse(readFileSync(`${data}/credentials.json`, 'utf8')) as {
    username: string;
    password: string;
  };
  assert.equal((await registryRequest({ url, info: creds }, 'GET', '/v2/')).status, 200);
  r.stop();
  assert.equal(await r.exit, 0);
});

test('demo --quota and --gc-at hold for one run, or with --save for the next starts too', async (t) => {
  const data = tempDir(t, 'demo-cli-');
  const demoLines = async (args: string[]) => {
    const r = startCli(['demo', '--port', '0', '--data', data, ...args]);
    await r.firstLine;
    while (!r.lines.some((l) => l.startsWith('Serving '))) await new Promise((res) => setImmediate(res));
    r.stop();
    assert.equal(await r.exit, 0, r.stderr());
    return r.lines;
  };
  const table = async (args: string[]) =>
    (await demoLines(args)).filter((l) => /^(Storage quota|Garbage collection):/.test(l));
  // What is stored, and what more fits: the quota's rest here (the disk has more room than that).
  const inUse = async (args: string[]) =>
    (await demoLines(args)).find((l) => l.startsWith('Storage in use:'));
  assert.equal(await inUse(['--quota', '5MiB']), 'Storage in use:      0 B (5.0 MiB more fits)');
  assert.match((await inUse([]))!, /^Storage in use: {6}0 B \([\d.]+ [KMGT]iB more fits\)$/);
  assert.deepEqual(await table([]), ['Storage quota:       none', 'Garbage collection:  nightly at 03:00']);
  assert.deepEqual(await table(['--quota', '5MiB', '--gc-at', 'off']), [
    'Storage quota:       5.0 MiB',
    'Garbage collection:  on demand only',
  ]);
  assert.deepEqual(await table([]), ['Storage quota:       none', 'Garbage collection:  nightly at 03:00']);
  await table(['--quota', '1,5GiB', '--gc-at', '04:15', '--save']);
  assert.deepEqual(await table([]), [
    'Storage quota:       1.5 GiB',
    'Garbage collection:  nightly at 04:15',
  ]);
  assert.deepEqual(await table(['--quota', 'none']), [
    'Storage quota:       none',
    'Garbage collection:  nightly at 04:15',
  ]);
});

test('usage errors: bad --port, --quota, --ip, --name, each said before anything starts', async () => {
  for (const [args, message] of [
    [['demo', '--port', '70000'], /invalid --port '70000'/],
    [['demo', '--quota', 'lots'], /invalid --quota 'lots'/],
    [['demo', '--ip', '300.1.1.1'], /invalid --ip '300\.1\.1\.1': use an IPv4 or IPv6 address/],
    [['demo', '--name', 'bad name'], /invalid --name 'bad name': use a host name/],
    [['demo', '--name', 'ecr.x.local:31001'], /invalid --name/],
  ] as const) {
    const r = startCli([...args]);
    assert.equal(await r.exit, 64, args.join(' '));
    assert.match(r.stderr(), message);
  }
});

test('gc and fsck on a stopped data dir', async (t) => {
  const data = tempDir(t, 'demo-cli-');
  const d = startCli(['demo', '--json', '--port', '0', '--data', data]);
  await d.firstLine;
  // While the registry runs, gc goes through it.
  const live = startCli(['gc', '--data', data, '--json', '--dry-run']);
  assert.deepEqual(JSON.parse(await live.firstLine), {
    dryRun: true,
    blobsRemoved: 0,
    bytesReclaimed: 0,
    bytesKeptRecent: 0,
    manifestsRemoved: 0,
    uploadsRemoved: 0,
  });
  assert.equal(await live.exit, 0);
  d.stop();
  await d.exit;
  const gc = startCli(['gc', '--data', data]);
  assert.match(await gc.firstLine, /^Reclaimed 0 B \(0 blobs, 0 manifests, 0 upload sessions\)\.$/);
  assert.equal(await gc.exit, 0);
  const fsck = startCli(['fsck', '--data', data]);
  assert.match(await fsck.firstLine, /0 problems/);
  assert.equal(await fsck.exit, 0);
  const none = startCli(['fsck', '--data', `${data}/nothing`]);
  assert.equal(await none.exit, 64);
  // gc on a folder that is not a registry's refuses and creates nothing there.
  const elsewhere = tempDir(t, 'not-a-registry-');
  const gcNone = startCli(['gc', '--data', elsewhere]);
  assert.equal(await gcNone.exit, 64);
  assert.match(gcNone.stderr(), /no registry data in .*pass the folder the registry uses with --data/);
  assert.deepEqual(readdirSync(elsewhere), []);
  const gcMissing = startCli(['gc', '--data', `${data}/nothing`, '--dry-run']);
  assert.equal(await gcMissing.exit, 64);
  assert.equal(existsSync(`${data}/nothing`), false);
});
