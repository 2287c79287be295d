// `edge-registry setup` / `forget` on the command line: argument checks, --dry-run and
// --json against a loopback TLS registry stand-in. Nothing here changes the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { makeCa, makeSelfSignedLeaf, makeSigned } from '../support/device-certs.js';
import { startDemoRegistry } from '../support/demo.js';
import { freePort, tempDir } from '../support/system.js';
import { main } from '../../electron/cli.js';
import { runCli, runCliOnTerminal } from '../support/cli.js';
import { getCredentials, storeCredentials } from '../../electron/docker/credentials.js';

const name = 'ecr.dbe-cli-test.local';
const ca = makeCa({ cn: 'CLI Test CA' });
const leaf = makeSigned(ca, { names: [name], ips: ['127.0.0.1'] });

async function registry(
  t: { after: (fn: () => Promise<void>) => void },
  chain = leaf.certPem + ca.certPem,
  key = leaf.keyPem,
): Promise<number> {
  const server = createServer({ key, cert: chain }, (req, res) => {
    res.writeHead(req.url === '/v2/' ? 401 : 404, {
      'Docker-Distribution-API-Version': 'registry/2.0',
      'WWW-Authenticate': 'Basic realm="r"',
    });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

function withDataDir(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'edge-cli-'));
  const before = process.env.EDGE_REGISTRY_DATA;
  process.env.EDGE_REGISTRY_DATA = dir;
  t.after(() => {
    if (before === undefined) delete process.env.EDGE_REGISTRY_DATA;
    else process.env.EDGE_REGISTRY_DATA = before;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** `edge-registry setup --ip 127.0.0.1 --port PORT ...extra`. */
const setupAt = (port: number, ...extra: string[]) =>
  runCli(['setup', '--ip', '127.0.0.1', '--port', String(port), ...extra]);

test('setup needs exactly one way to find the device', async () => {
  const none = await runCli(['setup']);
  assert.equal(none.code, 64);
  assert.match(none.err, /give exactly one of --info-file FILE, --ip IP/);
  const both = await runCli(['setup', '--info-file', 'x', '--ip', '10.0.0.1']);
  assert.equal(both.code, 64);
  assert.equal((await runCli(['setup', '--ip', 'not-an-ip'])).code, 64);
  const port = await runCli(['setup', '--ip', '127.0.0.1', '--port', '70000']);
  assert.match(port.err, /invalid --port '70000': use a number from 1 to 65535\./);
  const ep = await runCli(['setup', '--endpoint', 'no-port.local', '--ip', '127.0.0.1']);
  assert.match(ep.err, /is not HOST:PORT/);
  const help = await runCli(['setup', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /--fingerprint HASH .*SHA-1 thumbprint/s);
});

test('setup --dry-run --json prints the device, its CA and the plan as JSON lines, changing nothing', async (t) => {
  const dir = withDataDir(t);
  const port = await registry(t);
  const hostsBefore = readFileSync('/etc/hosts');
  const bad = await setupAt(port, '--dry-run', '--fingerprint', 'AB:CD');
  assert.equal(bad.code, 64);
  assert.match(bad.err, /--fingerprint AB:CD is neither a SHA-256 fingerprint .* nor a SHA-1 thumbprint/);
  // Said before the device is contacted.
  assert.doesNotMatch(bad.err, /Looking for the registry/);
  const wrong = await setupAt(port, '--dry-run', '--fingerprint', 'AB'.repeat(32));
  assert.equal(wrong.code, 77);
  assert.match(wrong.err, /not the AB.* you gave/);
  // A dry run may show the plan before the CA is confirmed.
  const r = await setupAt(port, '--dry-run', '--json');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /"event":"warning","message":"The CA is not confirmed yet/);
  const fp = (JSON.parse(r.out.split('\n')[0]!) as { certificate: { sha256: string } }).certificate.sha256;
  const ok = await setupAt(port, '--dry-run', '--json', '--fingerprint', fp);
  assert.equal(ok.code, 0, ok.err);
  const events = ok.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
  assert.deepEqual(
    events.map((e) => e.event),
    ['device', 'plan'],
  );
  assert.equal(events[0]!.endpoint, `${name}:${port}`);
  const plan = events[1] as unknown as { steps: { id: string; commands: string[][]; writes: string[] }[] };
  assert.equal(plan.steps[0]!.id, 'hosts');
  assert.deepEqual(plan.steps[0]!.writes, ['/etc/hosts']);
  assert.deepEqual(readFileSync('/etc/hosts'), hostsBefore);
  assert.throws(() => readFileSync(join(dir, 'devices.json')), /ENOENT/);
});

test('without --yes and without a terminal, setup shows the plan and changes nothing', async (t) => {
  withDataDir(t);
  const port = await registry(t);
  const dir = tempDir(t, 'edge-cli-ca-');
  writeFileSync(join(dir, 'ca.cer'), ca.der);
  const r = await runCli([
    'setup',
    '--endpoint',
    `${name}:${port}`,
    '--ip',
    '127.0.0.1',
    '--ca',
    join(dir, 'ca.cer'),
  ]);
  assert.equal(r.code, 64);
  assert.match(r.err, /Plan \(linux\):\n1\. Map ecr\.dbe-cli-test\.local to 127\.0\.0\.1 in the hosts file/);
  assert.match(r.err, /nothing was changed: review the plan above, then run again with --yes/);
});

test('setup --dry-run writes the plan on stdout (for | less); progress and notes stay on stderr (issue 19, 7)', async (t) => {
  withDataDir(t);
  const port = await registry(t);
  const r = await setupAt(port, '--dry-run');
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /^\nPlan \(linux\):\n1\. Map ecr\.dbe-cli-test\.local to 127\.0\.0\.1 in the hosts file/,
  );
  assert.doesNotMatch(r.out, /Looking for the registry|CA certificate to trust|Dry run/);
  assert.match(r.err, /^Looking for the registry\.\.\.\n/);
  assert.match(r.err, /The CA is not confirmed yet/);
  assert.match(r.err, /Dry run: nothing was changed\./);
  assert.doesNotMatch(r.err, /Plan \(/);
  // The plan another OS would run, too, with the names of its scripts.
  const win = await setupAt(port, '--dry-run', '--platform', 'win32');
  assert.equal(win.code, 0, win.err);
  assert.match(win.out, /^\nPlan \(win32\):\n1\. /);
  assert.match(win.out, /\nScripts: .*\.ps1/);
  assert.doesNotMatch(win.err, /Plan \(|Scripts:/);
});

test('a CA read over the network is not trusted without --fingerprint when nobody can be asked', async (t) => {
  withDataDir(t);
  const port = await registry(t);
  const r = await setupAt(port, '--yes');
  assert.equal(r.code, 77);
  assert.match(r.err, /read over the network and is not confirmed.*--fingerprint/);
  assert.match(r.err, /SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
});

test('a device that sends only its leaf: setup says to pass its CA with --ca, and then works', async (t) => {
  withDataDir(t);
  const port = await registry(t, leaf.certPem);
  const r = await setupAt(port, '--dry-run');
  assert.equal(r.code, 65, r.err);
  assert.match(
    r.err,
    /sends only its server certificate.*as the device's CA certificate\. Pass it with --ca FILE\./,
  );
  const dir = tempDir(t, 'edge-cli-ca-');
  writeFileSync(join(dir, 'ca.crt'), ca.certPem);
  const ok = await setupAt(port, '--ca', join(dir, 'ca.crt'), '--dry-run');
  assert.equal(ok.code, 0, ok.err);
});

test('--fingerprint takes the SHA-1 thumbprint as Windows shows it (issue 16, defect 7)', async (t) => {
  withDataDir(t);
  const port = await registry(t);
  const thumb = createHash('sha1').update(ca.der).digest('hex').toUpperCase();
  const spaced = thumb.match(/../g)!.join(' ').toLowerCase(); // the certificate dialog's Details tab
  for (const given of [thumb, spaced]) {
    const r = await setupAt(port, '--dry-run', '--json', '--fingerprint', given);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /not confirmed/);
  }
  const wrong = await setupAt(port, '--dry-run', '--fingerprint', 'AB'.repeat(20));
  assert.equal(wrong.code, 77);
  assert.match(
    wrong.err,
    new RegExp(`CA has SHA-1 thumbprint ${thumb}, not the ${'AB'.repeat(20)} you gave`),
  );
});

test('a self-signed server certificate is accepted as its own root, from --ca or from the network (defect 8)', async (t) => {
  withDataDir(t);
  const self = makeSelfSignedLeaf({ names: [name], ips: ['127.0.0.1'] });
  const port = await registry(t, self.certPem, self.keyPem);
  const dir = tempDir(t, 'edge-cli-ca-');
  writeFileSync(join(dir, 'server.crt'), self.certPem);
  const r = await setupAt(port, '--ca', join(dir, 'server.crt'), '--dry-run', '--json');
  assert.equal(r.code, 0, r.err);
  const device = JSON.parse(r.out.split('\n')[0]!) as { certificate: { sha256: string; isCA: boolean } };
  assert.equal(device.certificate.isCA, false);
  const sha256 = createHash('sha256').update(self.der).digest('hex');
  assert.equal(device.certificate.sha256.replace(/:/g, '').toLowerCase(), sha256);
  const net = await setupAt(port, '--dry-run', '--json', '--fingerprint', sha256);
  assert.equal(net.code, 0, net.err);
  // A leaf signed by a CA the file lacks is refused, naming the CA to get.
  writeFileSync(join(dir, 'leaf.crt'), leaf.certPem);
  const missing = await setupAt(port, '--ca', join(dir, 'leaf.crt'), '--dry-run');
  assert.equal(missing.code, 65);
  assert.match(missing.err, /issued by "CN=CLI Test CA".*Get the certificate of "CN=CLI Test CA"/s);
});

test('setup with a CA file that is a private key, or missing, says so', async (t) => {
  withDataDir(t);
  const port = await registry(t);
  const dir = tempDir(t, 'edge-cli-ca-');
  writeFileSync(join(dir, 'server.key'), leaf.keyPem);
  const key = await setupAt(port, '--ca', join(dir, 'server.key'));
  assert.equal(key.code, 65);
  assert.match(key.err, /holds a private key, not a certificate/);
  const missing = await setupAt(port, '--ca', join(dir, 'nope.crt'));
  assert.equal(missing.code, 66);
  assert.match(missing.err, /cannot read --ca .*nope\.crt: there is no such file\. Check the path/);
});

test('forget needs --endpoint HOST:PORT; --dry-run of an unknown device plans nothing but the hosts entry', async (t) => {
  withDataDir(t);
  assert.equal((await runCli(['forget'])).code, 64);
  assert.match((await runCli(['forget', '--endpoint', 'x'])).err, /not HOST:PORT/);
  const r = await runCli(['forget', '--endpoint', `${name}:31001`, '--dry-run']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /No setup of ecr\.dbe-cli-test\.local:31001 is remembered here/);
  // The plan is a dry run's output (stdout); the notes stay on stderr.
  assert.match(r.out, /^\nPlan \(linux\):\n1\. Remove ecr\.dbe-cli-test\.local from the hosts file/);
  assert.doesNotMatch(r.out, /2\./);
  assert.match(r.err, /Dry run: nothing was changed/);
});

test('--info-file takes the JSON line of `edge-registry demo --json`: the demo CA needs no confirmation', async (t) => {
  withDataDir(t);
  const demo = await startDemoRegistry(t, { name: 'ecr.dbe-cli-demo.local', ip: '127.0.0.1' });
  const dir = tempDir(t, 'edge-cli-info-');
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(demo.info) + '\n');
  const r = await runCli(['setup', '--info-file', join(dir, 'demo.json'), '--dry-run', '--json']);
  assert.equal(r.code, 0, r.err);
  const device = JSON.parse(r.out.split('\n')[0]!) as { endpoint: string; caFrom: string };
  assert.deepEqual([device.endpoint, device.caFrom], [demo.info.endpoint, 'demo']);
  assert.doesNotMatch(r.out, /not confirmed/);
});

test('nothing listening at the address: exit 69 (unavailable) with what to check', async () => {
  const port = await freePort();
  const r = await setupAt(port, '--dry-run');
  assert.equal(r.code, 69);
  assert.match(r.err, /Nothing is listening at 127\.0\.0\.1:\d+/);
});

test('on a terminal, setup asks to confirm the fingerprint, then to apply the plan; "n" changes nothing', async (t) => {
  const dir = withDataDir(t);
  const port = await registry(t);
  const out = new PassThrough();
  const err = new PassThrough();
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  let e = '';
  const asked: string[] = [];
  err.on('data', (d: Buffer) => {
    e += d.toString();
    // Answer each question as it appears: yes to the fingerprint, no to the plan.
    if (/Trust this CA\? \[y\/N\] $/.test(e) && !asked.includes('trust')) {
      asked.push('trust');
      stdin.write('y\n');
    }
    if (/Apply this plan \(one administrator prompt\)\? \[y\/N\] $/.test(e) && !asked.includes('apply')) {
      asked.push('apply');
      stdin.write('n\n');
    }
  });
  out.resume();
  const hostsBefore = readFileSync('/etc/hosts');
  const code = await main(['setup', '--ip', '127.0.0.1', '--port', String(port)], {
    stdout: out,
    stderr: err,
    stdin,
  });
  assert.deepEqual(asked, ['trust', 'apply']);
  assert.equal(code, 64);
  assert.match(e, /Is ([0-9A-F]{2}:){31}[0-9A-F]{2} the fingerprint the device shows\?/);
  assert.match(e, /nothing was changed\./);
  assert.deepEqual(readFileSync('/etc/hosts'), hostsBefore);
  assert.throws(() => readFileSync(join(dir, 'devices.json')), /ENOENT/);
});

test('forget offers to log out: --logout removes Docker\u2019s login, a terminal is asked, otherwise the command is said (issue 19, 6)', async (t) => {
  withDataDir(t);
  const before = process.env.DOCKER_CONFIG;
  process.env.DOCKER_CONFIG = tempDir(t, 'edge-cli-docker-');
  t.after(() => {
    if (before === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = before;
  });
  // A device never set up here: its plan has nothing to do, so forget runs without a prompt.
  const endpoint = 'ecr.dbe-cli-logout.local:31001';
  const login = () => storeCredentials(endpoint, { username: 'ase-ecr-user', password: 'pw' });
  await login();

  const dry = await runCli(['forget', '--endpoint', endpoint, '--dry-run']);
  assert.equal(dry.code, 0, dry.err);
  assert.match(
    dry.err,
    /Docker still keeps a login for ecr\.dbe-cli-logout\.local:31001 \(user ase-ecr-user\)\. Add --logout/,
  );

  const kept = await runCli(['forget', '--endpoint', endpoint, '--yes']);
  assert.equal(kept.code, 0, kept.err);
  assert.match(
    kept.err,
    /To remove it: docker logout ecr\.dbe-cli-logout\.local:31001 \(or edge-registry forget --endpoint ecr\.dbe-cli-logout\.local:31001 --logout\)\./,
  );
  assert.ok(await getCredentials(endpoint), 'nothing removed without being asked');

  const out = await runCli(['forget', '--endpoint', endpoint, '--yes', '--logout', '--json']);
  assert.equal(out.code, 0, out.err);
  assert.deepEqual(out.lines().at(-1), { event: 'login', endpoint, stored: true, loggedOut: true });
  assert.equal(await getCredentials(endpoint), null);

  await login();
  const asked = await runCliOnTerminal(
    ['forget', '--endpoint', endpoint],
    [[/Log out \(remove it\)\? \[y\/N\] $/, 'y\n']],
  );
  assert.equal(asked.code, 0, asked.err);
  assert.match(asked.err, /Logged out of ecr\.dbe-cli-logout\.local:31001/);
  assert.equal(await getCredentials(endpoint), null);
});
