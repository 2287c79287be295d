// The `edge-registry` image commands end to end against our demo registry (in-process) and
// the private dockerd: login (stdin only), push of a tarball and of a local image with JSON
// progress, ls, rm with reclaimed space, k8s with the pull Secret, and the exit codes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  requireSandbox,
  tempDir,
  runOk,
  fileScope,
  dockerAsync,
  runAsync,
  startDistribution,
} from '../support/system.js';
import { repoRoot, startDemoRegistry, type DemoRegistry } from '../support/demo.js';
import { makeLayeredImage, trustForDocker } from '../support/images.js';
import { runCli, runCliOnTerminal } from '../support/cli.js';
import { fillTags } from '../support/fill-registry.js';
import { registryRequests } from '../support/count-requests.js';
import { RegistryClient } from '../../electron/registry-client/index.js';

requireSandbox();

// File-wide resources (registries, temp dirs), released after the last test.
const suite = fileScope();

let demo: DemoRegistry;
let host: string;
let saveTar: string;
const image = `cli-src-${process.pid}:v1`;

before(async () => {
  demo = await startDemoRegistry(suite, { name: 'localhost' });
  host = `localhost:${demo.port}`;
  trustForDocker(host, demo.caFile);
  // This file's own Docker config: the CLI stores and reads the login there.
  process.env.DOCKER_CONFIG = tempDir(suite, 'cli-docker-config-');
  makeLayeredImage(image, [1 << 20]);
  saveTar = join(tempDir(suite, 'cli-tar-'), 'image.tar');
  runOk('docker', ['save', '-o', saveTar, image]);
});

test('login reads the password from stdin only; a wrong one exits 77 and stores nothing', async () => {
  const bad = await runCli(['login', host, '-u', demo.info.username, '--password-stdin'], 'wrong\n');
  assert.equal(bad.code, 77, bad.err);
  assert.match(bad.err, /rejected the credentials/);
  // The hint after a wrong password runs as printed (issue 19, 2): on a terminal it asks.
  const hint = /`(edge-registry login [^`]+)`/.exec(bad.err)?.[1];
  assert.equal(hint, `edge-registry login ${host}`, bad.err);
  const asked = await runCliOnTerminal(hint.split(' ').slice(1), [
    [/Username \(ase-ecr-user\): $/, '\n'],
    [/Password: $/, `${demo.info.password}\n`],
  ]);
  assert.equal(asked.code, 0, asked.err);
  assert.match(asked.out, /Login Succeeded/);
  assert.doesNotMatch(asked.out + asked.err, new RegExp(demo.info.password));
  const noStdin = await runCli(['login', host, '-u', demo.info.username]);
  assert.equal(noStdin.code, 64);
  assert.match(noStdin.err, /--password-stdin/);
  const ok = await runCli(
    ['login', host, '-u', demo.info.username, '--password-stdin'],
    demo.info.password + '\n',
  );
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /Login Succeeded/);
  // No credential helper here: said plainly, with how to get one, as docker login does.
  assert.match(
    ok.err,
    /^Warning: with no credential helper configured, the password is stored unencrypted .*config\.json/,
  );
  assert.doesNotMatch(ok.out + ok.err, new RegExp(demo.info.password));
});

test('push a docker save tarball with JSON progress, then a local image through Docker', async () => {
  const r = await runCli(['push', saveTar, '--to', `${host}/cli/app:v1`, '--json']);
  assert.equal(r.code, 0, r.err);
  const lines = r.lines();
  const last = lines.at(-1)!;
  assert.equal(last.event, 'pushed');
  assert.match(String(last.digest), /^sha256:/);
  const layers = new Set(lines.filter((l) => l.event === 'progress').map((l) => l.layer));
  assert.equal(layers.size, 3, 'config + 2 layers');
  assert.ok(lines.some((l) => l.state === 'pushed'));

  const d = await runCli(['push', image, '--to', `${host}/cli/app:v2`, '--json']);
  assert.equal(d.code, 0, d.err);
  assert.equal(d.lines().at(-1)!.event, 'pushed');
  // Docker compresses layers (other digests than the tarball's raw layers): each one is pushed.
  assert.ok(d.lines().some((l) => l.event === 'progress' && l.state === 'pushed'));
});

test('on a terminal, push draws a progress bar per layer and a total, redrawn in place', async () => {
  // A real pseudo-terminal (`script` from bsdutils): the CLI sees isTTY as a user's shell gives it.
  const cmd = [
    process.execPath,
    '--import',
    'tsx',
    'test/support/cli-main.ts',
    'push',
    saveTar,
    '--to',
    `${host}/cli/tty:v1`,
  ]
    .map((a) => `'${a}'`)
    .join(' ');
  const r = await runAsync('script', ['-qefc', `cd '${repoRoot}' && ${cmd}`, '/dev/null']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const screen = r.stdout;
  // Each frame clears its lines (ESC[2K) and moves back up over the previous frame (ESC[<n>A).
  assert.ok(screen.includes('\x1b[2K'), 'lines cleared before they are drawn');
  assert.ok(screen.includes('\x1b[4A'), 'redrawn over the 3 layer lines and the total');
  const lastFrame = screen.slice(screen.lastIndexOf('\x1b[4A'));
  const layerLines =
    lastFrame.match(/[0-9a-f]{12}: pushed +\[={30}\] [\d.]+ (?:B|KiB|MiB)\/[\d.]+ (?:B|KiB|MiB)/g) ?? [];
  assert.equal(layerLines.length, 3, `three full bars in the last frame:\n${lastFrame}`);
  assert.match(lastFrame, /total: +100%/);
  assert.doesNotMatch(screen, /"event"/, 'no JSON on a terminal without --json');
});

test('push failures have exit codes scripts can use', async () => {
  const unknown = await runCli(['push', 'no-such-image:v9', '--to', `${host}/cli/x:v1`]);
  assert.equal(unknown.code, 65, unknown.err);
  assert.match(unknown.err, /no local image no-such-image:v9/);
  const usage = await runCli(['push', saveTar]);
  assert.equal(usage.code, 64);
  assert.match(usage.err, /--to is missing/);
  const down = await runCli(['push', saveTar, '--to', `localhost:1/cli/app:v1`]);
  assert.equal(down.code, 69, down.err);
  assert.match(down.err, /Cannot reach the registry at localhost:1/);
  // A path that names no file is a missing file, not an image name for Docker.
  for (const path of [`${saveTar}.typo`, './app.tar']) {
    const missing = await runCli(['push', path, '--to', `${host}/cli/x:v1`]);
    assert.equal(missing.code, 66, missing.err);
    assert.match(missing.err, /: no such file\. Check the path; an image archive is made by `docker save/);
  }
  const folder = await runCli(['push', dirname(saveTar), '--to', `${host}/cli/x:v1`]);
  assert.equal(folder.code, 66, folder.err);
  assert.match(folder.err, /is a folder; push an image archive/);
});

test('a --ca file that cannot be read is said so, for every command that takes one', async () => {
  const nope = join(dirname(saveTar), 'nope.crt');
  for (const args of [
    ['ls', host],
    ['rm', `${host}/cli/app:v1`],
    ['push', saveTar, '--to', `${host}/cli/x:v1`],
    ['login', host, '-u', 'someone', '--password-stdin'],
  ]) {
    const r = await runCli([...args, '--ca', nope], 'secret\n');
    assert.equal(r.code, 66, `${args[0]}: ${r.err}`);
    assert.match(r.err, /cannot read --ca .*nope\.crt: there is no such file\. Check the path/);
  }
});

test('ls lists repositories and tags with sizes', async () => {
  const repos = await runCli(['ls', host, '--json']);
  assert.equal(repos.code, 0, repos.err);
  assert.ok(repos.lines().some((l) => l.repository === 'cli/app'));
  const tags = await runCli(['ls', `${host}/cli/app`, '--json']);
  assert.equal(tags.code, 0, tags.err);
  const byTag = new Map(tags.lines().map((l) => [l.tag, l]));
  assert.deepEqual([...byTag.keys()].sort(), ['v1', 'v2']);
  assert.ok(Number(byTag.get('v1')!.size) > 1 << 20);
  const text = await runCli(['ls', `${host}/cli/app`]);
  assert.match(text.out, /^TAG\s+DIGEST\s+SIZE\s+CREATED\n/);
});

test('ls streams: --limit reads only the first page it needs, a manifest shared by many tags is read once', async () => {
  const client = new RegistryClient({
    registry: host,
    credentials: { username: demo.info.username, password: demo.info.password },
    ca: [readFileSync(demo.caFile)],
  });
  try {
    await fillTags(
      client,
      'cli/many',
      Array.from({ length: 250 }, (_, i) => `r${i + 1}`),
    );
  } finally {
    client.close();
  }
  let tags!: Awaited<ReturnType<typeof runCli>>;
  const requests = await registryRequests(async () => {
    tags = await runCli(['ls', `${host}/cli/many`, '--json', '--limit', '5']);
  });
  assert.equal(tags.code, 0, tags.err);
  assert.deepEqual(
    tags.lines().map((l) => l.tag),
    ['r1', 'r10', 'r100', 'r101', 'r102'],
  );
  // One short tag page (asked twice: the first answer is the auth challenge), a HEAD per tag
  // shown, and the one manifest and config they share.
  const lists = requests.filter((r) => r.includes('/tags/list'));
  assert.deepEqual([...new Set(lists)], ['GET /v2/cli/many/tags/list?n=5'], requests.join('\n'));
  assert.ok(lists.length <= 2);
  assert.equal(requests.filter((r) => r.startsWith('HEAD')).length, 5);
  assert.equal(requests.filter((r) => /^GET .*\/(manifests|blobs)\//.test(r)).length, 2);
  const text = await runCli(['ls', `${host}/cli/many`, '--limit', '3']);
  assert.equal(text.out.trimEnd().split('\n').length, 4, text.out);
  const repos = await runCli(['ls', host, '--json', '--limit', '1']);
  assert.equal(repos.lines().length, 1);
  const bad = await runCli(['ls', host, '--limit', '0']);
  assert.equal(bad.code, 64);
  assert.match(bad.err, /invalid --limit '0'/);
});

test('rm deletes, reports reclaimed space, and the tag is then manifest unknown', async () => {
  const r = await runCli(['rm', `${host}/cli/app:v1`, '--json']);
  assert.equal(r.code, 0, r.err);
  const res = r.lines().at(-1)!;
  assert.equal(res.event, 'deleted');
  assert.equal(typeof res.reclaimedBytes, 'number');
  const pull = await dockerAsync(['--config', process.env.DOCKER_CONFIG!, 'pull', `${host}/cli/app:v1`]);
  assert.notEqual(pull.status, 0);
  assert.match(pull.stderr, /manifest unknown|not found/i);
  const again = await runCli(['rm', `${host}/cli/app:v1`]);
  assert.equal(again.code, 1);
  assert.match(again.err, /not found/);
});

test('rm of a tag sharing its digest names the other tags', async () => {
  assert.equal((await runCli(['push', saveTar, '--to', `${host}/cli/pair:a`])).code, 0);
  assert.equal((await runCli(['push', saveTar, '--to', `${host}/cli/pair:b`])).code, 0);
  const r = await runCli(['rm', `${host}/cli/pair:a`, '--json']);
  const lines = r.lines();
  if (r.code === 0 && lines.at(-1)!.deleted === 'tag') {
    // The registry deletes tags alone: b stays.
    assert.deepEqual(lines.at(-1)!.siblings, ['b']);
    const left = await runCli(['ls', `${host}/cli/pair`, '--json']);
    assert.deepEqual(
      left.lines().map((l) => l.tag),
      ['b'],
    );
  } else {
    assert.equal(r.code, 1);
    assert.deepEqual(lines.find((l) => l.event === 'siblings')!.tags, ['b']);
    const all = await runCli(['rm', `${host}/cli/pair:a`, '--all-tags', '--json']);
    assert.equal(all.code, 0, all.err);
    assert.deepEqual((all.lines().at(-1)!.removedTags as string[]).sort(), ['a', 'b']);
  }
});

test('k8s prints a Deployment with imagePullSecrets and a Secret of ours from the stored login', async () => {
  const r = await runCli([
    'k8s',
    `${host}/cli/app:v2`,
    '--namespace',
    'edge',
    '--port',
    '80',
    '--with-secret',
  ]);
  assert.equal(r.code, 0, r.err);
  const [secret, deployment] = r.out.split('---\n');
  assert.match(secret!, /kind: Secret[\s\S]*type: kubernetes.io\/dockerconfigjson/);
  const b64 = /\.dockerconfigjson: (\S+)/.exec(secret!)![1]!;
  assert.equal(JSON.parse(Buffer.from(b64, 'base64').toString()).auths[host].password, demo.info.password);
  assert.match(
    deployment!,
    /kind: Deployment[\s\S]*image: "localhost:\d+\/cli\/app:v2"[\s\S]*imagePullSecrets:\n {8}- name: "edge-registry-credentials"/,
  );
  const pod = await runCli(['k8s', `${host}/cli/app:v2`, '--kind', 'pod', '--secret', 'other']);
  assert.match(pod.out, /kind: Pod[\s\S]*- name: "other"/);
  assert.equal((await runCli(['k8s', 'app:v2'])).code, 64);
});

test('ls of an emptied repository says it has no tags and what to do, on ours and on Distribution (issue 19, 7)', async (t) => {
  const dist = await startDistribution(t);
  const login = await runCli(
    ['login', dist.host, '-u', dist.username, '--password-stdin', '--ca', dist.caFile],
    dist.password + '\n',
  );
  assert.equal(login.code, 0, login.err);
  for (const [registry, ca] of [
    [host, []],
    [dist.host, ['--ca', dist.caFile]],
  ] as const) {
    const pushed = await runCli(['push', saveTar, '--to', `${registry}/cli/emptied:v1`, ...ca]);
    assert.equal(pushed.code, 0, pushed.err);
    const rm = await runCli(['rm', `${registry}/cli/emptied:v1`, ...ca]);
    assert.equal(rm.code, 0, rm.err);
    for (const json of [[], ['--json']]) {
      const r = await runCli(['ls', `${registry}/cli/emptied`, ...ca, ...json]);
      assert.equal(r.code, 0, `${registry}: ${r.err}`);
      assert.equal(r.out, '', 'stdout stays empty: no tags');
      assert.match(r.err, new RegExp(`^${registry}/cli/emptied has no tags: its images were deleted`));
      // What to do next, and not the command that was just run.
      assert.match(r.err, new RegExp(`See the repositories with \`edge-registry ls ${registry}\``));
      assert.ok(!r.err.includes(`\`edge-registry ls ${registry}/cli/emptied\``), r.err);
    }
  }
});
