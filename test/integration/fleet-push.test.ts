// Fleet push against real registries: ours (the demo registry) and CNCF Distribution, one of
// them refusing the password or stopped; the other still gets the image, each target ends
// with its own result, and progress is reported per target.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  requireSandbox,
  startDistribution,
  tempDir,
  fileScope,
  docker,
  type Distribution,
} from '../support/system.js';
import { startDemoRegistry, registryRequest, type DemoRegistry } from '../support/demo.js';
import { makeLayeredImage, saveImageArchives, trustForDocker } from '../support/images.js';
import { fleetPush, type FleetTarget } from '../../electron/app/fleet-push.js';
import { connectDocker } from '../../electron/docker/index.js';
import { RegistryError, type PushProgress } from '../../electron/registry-client/index.js';
import { runCli } from '../support/cli.js';

requireSandbox();

const suite = fileScope();

let demo: DemoRegistry;
let dist: Distribution;
let saveTar: string;
const image = `fleet-src-${process.pid}:v1`;

before(async () => {
  demo = await startDemoRegistry(suite, { name: 'localhost' });
  dist = await startDistribution(suite);
  trustForDocker(`localhost:${demo.port}`, demo.caFile);
  trustForDocker(dist.host, dist.caFile);
  makeLayeredImage(image, [1 << 20]);
  ({ saveTar } = saveImageArchives(image, tempDir(suite, 'fleet-')));
  // This file's own Docker config: the CLI stores and reads the logins there.
  process.env.DOCKER_CONFIG = tempDir(suite, 'fleet-docker-config-');
});

const ours = (repository: string): FleetTarget => ({
  registry: `localhost:${demo.port}`,
  repository,
  tag: 'v1',
  credentials: { username: demo.info.username, password: demo.info.password },
  ca: [readFileSync(demo.caFile)],
});

const distribution = (repository: string, password = dist.password): FleetTarget => ({
  registry: dist.host,
  repository,
  tag: 'v1',
  credentials: { username: dist.username, password },
  ca: [readFileSync(dist.caFile)],
});

/** The digest `repository:v1` has on a registry, or the HTTP status when it has none. */
async function tagDigest(
  reg: { url: string; caFile: string; info: { username: string; password: string } },
  repository: string,
) {
  const r = await registryRequest(reg, 'HEAD', `/v2/${repository}/manifests/v1`, {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  return r.status === 200 ? r.headers['docker-content-digest'] : r.status;
}

const distTarget = () => ({
  url: dist.url,
  caFile: dist.caFile,
  info: { username: dist.username, password: dist.password },
});

test('an archive to two registries, one refusing the password: the other gets the image, each says how it ended', async () => {
  const progress = new Map<number, PushProgress[]>();
  const ended: number[] = [];
  const results = await fleetPush(
    { file: saveTar },
    [distribution('fleet/tar', 'wrong-password'), ours('fleet/tar')],
    {
      // One at a time, the failing one first: the one after it must still run.
      concurrency: 1,
      onProgress: (i, p) => progress.set(i, [...(progress.get(i) ?? []), p]),
      onResult: (i) => ended.push(i),
    },
  );
  assert.equal(results.length, 2);
  const [bad, good] = results;
  assert.ok(!bad!.ok && bad!.error instanceof RegistryError, String(!bad!.ok && bad!.error));
  assert.equal((bad as { error: RegistryError }).error.code, 'UNAUTHORIZED');
  assert.ok(good!.ok, String(!good!.ok && good!.error));
  assert.equal(good!.ref, `localhost:${demo.port}/fleet/tar:v1`);
  assert.equal(await tagDigest(demo, 'fleet/tar'), good!.digest);
  assert.equal(await tagDigest(distTarget(), 'fleet/tar'), 404, 'nothing tagged where the login failed');
  assert.deepEqual(ended, [0, 1]);
  const last = progress.get(1)!.at(-1)!;
  assert.equal(last.done, last.total, 'the good target reported its own progress to the end');
});

test('a local image through Docker to two registries, one of them stopped: the other gets it, the stopped one fails as unreachable', async (t) => {
  const stopped = await startDistribution(t);
  trustForDocker(stopped.host, stopped.caFile);
  await stopped.stop();
  const engine = await connectDocker();
  const results = await fleetPush(
    { image },
    [
      {
        registry: stopped.host,
        repository: 'fleet/img',
        tag: 'v1',
        credentials: { username: 'u', password: 'p' },
      },
      distribution('fleet/img'),
    ],
    { docker: engine, concurrency: 2 },
  );
  const [down, up] = results;
  assert.ok(!down!.ok);
  assert.equal(
    (down as { error: RegistryError }).error.code,
    'UNREACHABLE',
    String((down as { error: Error }).error),
  );
  assert.ok(up!.ok, String(!up!.ok && up!.error));
  assert.equal(await tagDigest(distTarget(), 'fleet/img'), up!.digest);
  // The tags made for the pushes are gone again; the source image stays.
  const tags = docker(['image', 'inspect', '-f', '{{json .RepoTags}}', image]).stdout;
  assert.deepEqual(JSON.parse(tags), [image]);
});

test('the CLI: push FILE.tar --to A --to B; B has no login: A gets the image, a summary line each, exit 1', async () => {
  const a = `localhost:${demo.port}/fleet/cli:v1`;
  const b = `${dist.host}/fleet/cli:v1`;
  const login = await runCli(
    ['login', `localhost:${demo.port}`, '-u', demo.info.username, '--password-stdin', '--ca', demo.caFile],
    demo.info.password + '\n',
  );
  assert.equal(login.code, 0, login.err);
  const r = await runCli(['push', saveTar, '--to', a, '--to', b, '--ca', dist.caFile]);
  assert.equal(r.code, 1, r.err);
  const lines = r.out.trim().split('\n');
  assert.match(lines[0]!, new RegExp(`^Pushed ${a} \\(sha256:[0-9a-f]{64}\\)$`));
  assert.match(lines[1]!, new RegExp(`^Failed ${b}: .*(credentials|log in|login)`, 'i'));
  assert.equal(lines[2], '1 of 2 pushed; 1 failed (see above). Fix those and push to them again.');
  // Progress per device on a pipe: lines prefixed with the target.
  assert.match(r.err, new RegExp(`^${a}: [0-9a-f]{12}: pushed$`, 'm'));
  assert.equal(await tagDigest(demo, 'fleet/cli'), /\((sha256:[0-9a-f]+)\)/.exec(lines[0]!)![1]);

  const json = await runCli(['push', saveTar, '--to', a, '--to', b, '--ca', dist.caFile, '--json']);
  assert.equal(json.code, 1);
  const events = json.lines();
  assert.ok(events.some((e) => e.event === 'progress' && e.to === a));
  assert.deepEqual(
    events.filter((e) => e.event !== 'progress').map((e) => [e.event, e.ref, e.code]),
    [
      ['pushed', a, undefined],
      ['failed', b, 'UNAUTHORIZED'],
    ],
  );
  assert.equal((await runCli(['push', saveTar, '--to', a, '--to', a])).code, 64, 'the same target twice');
});
