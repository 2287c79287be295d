// The Linux setup plan run for real, as root, inside npm test's private mount namespace
// (/etc/hosts, /etc/docker, /usr/local/share/ca-certificates and /etc/ssl/certs are
// throw-away copies; the private dockerd was started inside it). Against the demo device:
// `edge-registry setup --ip 127.0.0.1 --port P --fingerprint F --yes`, then the docker
// CLI logs in and pushes to the endpoint NAME with no other configuration; then
// `edge-registry forget` puts every one of those files back byte for byte.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, makeBusyboxImage, requireSandbox, run, runOk, tempDir } from '../support/system.js';
import { spawn } from 'node:child_process';
import { spawnDemoRegistry } from '../support/demo.js';
import { writeFileReplacing } from '../../electron/fs/atomic-file.js';
import { withHost } from '../../electron/device/hosts-file.js';

const watched = ['/etc/hosts', '/etc/docker', '/usr/local/share/ca-certificates', '/etc/ssl/certs'];

/** Every file, folder and link under `paths`: type, mode, and content hash or link target. */
function snapshot(paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (p: string) => {
    if (!existsSync(p) && !lstatSync(p, { throwIfNoEntry: false })) return;
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.set(p, `link ${readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.set(p, `dir ${st.mode.toString(8)}`);
      for (const name of readdirSync(p).sort()) visit(join(p, name));
    } else
      out.set(p, `file ${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
  };
  paths.forEach(visit);
  return out;
}

/**
 * What differs between two snapshots, allowing only what other test files running at
 * the same time in this namespace add (they append to /etc/hosts and put their own CAs
 * in /etc/docker/certs.d): everything that existed before must be unchanged, /etc/hosts
 * may only have grown at its end, and nothing added may mention `ours` (in its path or
 * its link target, which catches a hash link left in /etc/ssl/certs).
 */
function diff(
  before: Map<string, string>,
  after: Map<string, string>,
  hostsBefore: Buffer,
  ours: string,
): string[] {
  const problems: string[] = [];
  for (const [k, v] of before) {
    if (k === '/etc/hosts') continue;
    if (after.get(k) !== v) problems.push(`${k}: ${v} -> ${after.get(k)}`);
  }
  for (const k of after.keys()) {
    if (!before.has(k) && `${k} ${after.get(k)}`.includes(ours)) problems.push(`${k}: added and left behind`);
  }
  const hostsAfter = readFileSync('/etc/hosts');
  const grown = hostsAfter.subarray(0, hostsBefore.length).equals(hostsBefore);
  if (!grown || hostsAfter.subarray(hostsBefore.length).toString('latin1').includes(ours)) {
    problems.push(
      `/etc/hosts: ${JSON.stringify(hostsBefore.toString('latin1'))} -> ${JSON.stringify(hostsAfter.toString('latin1'))}`,
    );
  }
  return problems;
}

const repoRoot = new URL('../..', import.meta.url).pathname;

/** The demo device as its own process: the docker CLI runs through spawnSync, which would block a registry served from this process's event loop. */
function spawnDemo(t: TestContext, name: string) {
  return spawnDemoRegistry(t, ['--name', name, '--ip', '127.0.0.1']);
}

/** Runs `edge-registry ARGS` as its own process (from the sources), as a user would. */
async function cli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/cli-main.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let o = '';
  let e = '';
  child.stdout.on('data', (d: Buffer) => (o += d.toString()));
  child.stderr.on('data', (d: Buffer) => (e += d.toString()));
  const code = await new Promise<number>((r) => child.once('close', (c) => r(c ?? 1)));
  const events = o
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, events, stderr: e };
}

test('setup --ip --fingerprint --yes lets dockerd push to the endpoint name; forget restores every file', async (t) => {
  requireSandbox();
  process.env.EDGE_REGISTRY_DATA = tempDir(t, 'device-data-');
  t.after(() => delete process.env.EDGE_REGISTRY_DATA);
  // The sandbox's CA folder starts empty while /etc/ssl/certs is a copy of this machine's,
  // so the first update-ca-certificates would drop this machine's local CAs from the copy:
  // make the copy consistent first, so that "back to what it was" is well defined.
  runOk('update-ca-certificates', ['--fresh'], { stdio: 'ignore' });

  const demo = await spawnDemo(t, 'ecr.dbe-setup-test.local');
  const { endpoint, username, password, caFingerprint } = demo.info;
  const host = endpoint.slice(0, endpoint.lastIndexOf(':'));
  assert.notEqual(run('getent', ['hosts', host]).status, 0, 'the name must not resolve before setup');
  const before = snapshot(watched);
  const hostsBefore = readFileSync('/etc/hosts');

  // Setup by IP, confirmed by the fingerprint the user compared, without asking.
  const byIp = [
    'setup',
    '--ip',
    '127.0.0.1',
    '--port',
    String(demo.port),
    '--fingerprint',
    caFingerprint,
    '--yes',
  ];
  const setup = await cli([...byIp, '--json']);
  assert.equal(setup.code, 0, setup.stderr);
  const device = setup.events.find((e) => e.event === 'device')!;
  assert.equal(device.endpoint, endpoint, 'the name was read from the certificate');
  assert.deepEqual(
    setup.events.filter((e) => e.event === 'warning'),
    [],
    'the name resolves and the private dockerd answers',
  );
  const result = setup.events.find((e) => e.event === 'result')!;
  assert.deepEqual(result, { event: 'result', ok: true, endpoint, ipAddress: '127.0.0.1', resolves: true });
  assert.deepEqual(
    setup.events.filter((e) => e.event === 'step').map((e) => `${String(e.id)}:${String(e.status)}`),
    ['hosts:done', 'trust-root:done', 'docker-certs:done'],
  );
  assert.match(runOk('getent', ['hosts', host]), /^127\.0\.0\.1\s/);
  assert.ok(existsSync(`/etc/docker/certs.d/${endpoint}/ca.crt`));

  // The real docker CLI, against the dockerd started inside the namespace, by name only.
  const login = docker(['login', endpoint, '-u', username, '--password-stdin'], { input: password });
  assert.equal(login.status, 0, login.stderr);
  const ref = `${endpoint}/setup-test/busybox:1`;
  makeBusyboxImage(ref);
  t.after(() => docker(['rmi', '-f', ref]));
  const push = docker(['push', ref]);
  assert.equal(push.status, 0, push.stderr + push.stdout);
  assert.match(push.stdout, /digest: sha256:[0-9a-f]{64}/);
  docker(['logout', endpoint]);

  // Running setup again changes nothing: every step is already done.
  const again = await cli([
    'setup',
    '--ip',
    '127.0.0.1',
    '--port',
    String(demo.port),
    '--fingerprint',
    caFingerprint,
    '--yes',
    '--json',
  ]);
  assert.equal(again.code, 0, again.stderr);
  const plan = again.events.find((e) => e.event === 'plan') as { steps: { status: string }[] };
  assert.ok(plan.steps.every((s) => s.status === 'done'));

  // In words, setup ends with the next step: a docker login that runs as printed (issue 19, 2:
  // set up by IP, the user name is not in the device info, and docker refuses --password-stdin
  // without --username).
  const text = await cli(byIp);
  assert.equal(text.code, 0, text.stderr);
  const next = /Next: (docker login .*)$/m.exec(text.stderr)?.[1];
  assert.equal(next, `docker login ${endpoint} --username ${username} --password-stdin`, text.stderr);
  const hinted = docker(next.split(' ').slice(1), { input: password });
  assert.equal(hinted.status, 0, hinted.stderr);
  docker(['logout', endpoint]);

  const forget = await cli(['forget', '--endpoint', endpoint, '--yes', '--json']);
  assert.equal(forget.code, 0, forget.stderr);
  assert.deepEqual(
    diff(before, snapshot(watched), hostsBefore, host),
    [],
    'every file is back to what it was',
  );
  assert.ok(!readFileSync('/etc/hosts', 'latin1').includes('Edge Registry Companion'), 'the block is gone');
  assert.notEqual(run('getent', ['hosts', host]).status, 0);
});

test('--dry-run prints the plan as commands and changes nothing', async (t) => {
  requireSandbox();
  process.env.EDGE_REGISTRY_DATA = tempDir(t, 'device-data-');
  t.after(() => delete process.env.EDGE_REGISTRY_DATA);
  const demo = await spawnDemo(t, 'ecr.dbe-dry-run.local');
  const before = snapshot(watched);
  const hostsBefore = readFileSync('/etc/hosts');
  const r = await cli([
    'setup',
    '--endpoint',
    demo.info.endpoint,
    '--ip',
    '127.0.0.1',
    '--ca',
    demo.info.caCertPath,
    '--dry-run',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const plan = r.events.find((e) => e.event === 'plan') as {
    steps: { id: string; commands: string[][]; status: string }[];
  };
  assert.deepEqual(
    plan.steps.map((s) => `${s.id}:${s.status}`),
    ['hosts:pending', 'trust-root:pending', 'docker-certs:pending'],
  );
  assert.deepEqual(plan.steps[1]!.commands.at(-1), ['update-ca-certificates']);
  assert.deepEqual(diff(before, snapshot(watched), hostsBefore, 'ecr.dbe-dry-run.local'), []);
});

test('over a bind-mounted file (as /etc/hosts is in containers and here) the write falls back to in place', async (t) => {
  requireSandbox();
  // A mount of our own: /etc/hosts itself is shared with other test files running now.
  const dir = tempDir(t, 'bind-hosts-');
  const source = join(dir, 'source');
  const target = join(dir, 'hosts');
  writeFileSync(source, '127.0.0.1 localhost\n');
  writeFileSync(target, '');
  runOk('mount', ['--bind', source, target]);
  const entry = { ip: '127.0.0.9', name: 'ecr.dbe-bind-mount.local' };
  const next = withHost(readFileSync(target), entry);
  try {
    assert.equal(await writeFileReplacing(target, next, { inPlaceOnMountPoint: true }), 'in-place');
    assert.deepEqual(readFileSync(target), next);
  } finally {
    // Before tempDir's cleanup runs (after-hooks run in the order they were added).
    runOk('umount', [target]);
  }
  assert.deepEqual(readFileSync(source), next, 'written through the mount');
  assert.deepEqual(readdirSync(dir).sort(), ['hosts', 'source'], 'no temp file left beside it');
});
