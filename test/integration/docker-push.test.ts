// electron/docker against the private dockerd: engine connection, login into a credential
// helper (then the docker CLI pushes without a password), tag + push with per-layer
// progress and a docker CLI pull of the same digest, against Distribution and our demo
// registry; failures (wrong password, unknown image, quota, registry stopped mid-push); load;
// run and stop.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import type Docker from 'dockerode';
import {
  requireSandbox,
  startDistribution,
  tempDir,
  docker,
  runOk,
  freePort,
  dockerAsync,
} from '../support/system.js';
import { makeLayeredImage, trustForDocker } from '../support/images.js';
import { installCredHelper } from '../support/cred-helper.js';
import { spawnDemoRegistry, startDemoRegistry, type SpawnedDemo } from '../support/demo.js';
import type { DockerError } from '../../electron/docker/index.js';
import {
  connectDocker,
  login,
  getCredentials,
  tagImage,
  pushImage,
  loadImage,
  listImages,
  runImage,
  stopContainer,
} from '../../electron/docker/index.js';
import type { RegistryError } from '../../electron/registry-client/index.js';
import { type PushProgress } from '../../electron/registry-client/index.js';

requireSandbox();

const image = `docker-push-src-${process.pid}:v1`;
let engine: Docker;

before(async () => {
  engine = await connectDocker();
  makeLayeredImage(image, [1 << 20, 1 << 20]);
});

interface Target {
  host: string;
  username: string;
  password: string;
  caFile: string;
}

async function roundTrip(t: { after: (fn: () => void) => void }, reg: Target, repo: string) {
  trustForDocker(reg.host, reg.caFile);
  const ref = `${reg.host}/${repo}:v1`;
  await tagImage(engine, image, ref);
  const events: PushProgress[] = [];
  const result = await pushImage(engine, ref, {
    credentials: { username: reg.username, password: reg.password },
    onProgress: (p) => events.push(p),
  });
  assert.match(result.digest, /^sha256:[a-f0-9]{64}$/);
  const layerIds = new Set(events.map((e) => e.layer.id));
  assert.equal(layerIds.size, 3, 'one entry per layer');
  for (const id of layerIds) {
    const states = events.filter((e) => e.layer.id === id).map((e) => e.layer.state);
    assert.ok(['pushed', 'exists', 'mounted'].includes(states.at(-1)!), `${id}: ${states.join(',')}`);
  }
  assert.ok(
    events.some((e) => e.layer.state === 'pushing' && e.layer.done > 0),
    'byte progress seen',
  );

  await pullBack(t, reg, ref, result.digest);
  docker(['rmi', ref]);
  return result;
}

/**
 * Pulls `ref` back with the docker CLI (its own config, logged in with `reg`'s credentials)
 * after removing the local tag: the registry serves `digest`, and the image is the same.
 */
async function pullBack(t: { after: (fn: () => void) => void }, reg: Target, ref: string, digest: string) {
  const config = tempDir(t, 'docker-cli-');
  const cli = (args: string[], input?: string) => dockerAsync(['--config', config, ...args], input);
  const loginCli = await cli(['login', reg.host, '-u', reg.username, '--password-stdin'], reg.password);
  assert.equal(loginCli.status, 0, loginCli.stderr);
  const id = () => runOk('docker', ['image', 'inspect', '-f', '{{.Id}}', ref]).trim();
  const local = id();
  runOk('docker', ['rmi', ref]);
  const pull = await cli(['pull', ref]);
  assert.equal(pull.status, 0, pull.stderr);
  assert.match(pull.stdout, new RegExp(`Digest: ${digest}`));
  assert.equal(id(), local);
}

test('connects to the engine named by DOCKER_HOST; a missing socket says Docker is not running', async () => {
  assert.ok(await engine.ping());
  await assert.rejects(
    connectDocker({ ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
    (e: DockerError) => e.code === 'NOT_RUNNING' && /Start Docker/.test(e.message),
  );
});

test('tag and push with dockerode to Distribution, progress per layer, docker pull gives the same digest', async (t) => {
  const reg = await startDistribution(t);
  await roundTrip(t, reg, 'dockerode/app');
});

test('tag and push with dockerode to our demo registry, same round trip', async (t) => {
  // Named localhost (in its certificate), as Distribution is: the docker CLI's login then
  // talks TLS to it the same way.
  const demo = await startDemoRegistry(t, { name: 'localhost' });
  await roundTrip(
    t,
    {
      host: `localhost:${demo.port}`,
      username: demo.info.username,
      password: demo.info.password,
      caFile: demo.caFile,
    },
    'dockerode/app',
  );
});

test('a wrong password fails the push with the registry message, and an unknown image says so', async (t) => {
  const reg = await startDistribution(t);
  trustForDocker(reg.host, reg.caFile);
  const ref = `${reg.host}/bad/app:v1`;
  await tagImage(engine, image, ref);
  await assert.rejects(
    pushImage(engine, ref, { credentials: { username: reg.username, password: 'wrong' } }),
    (e: RegistryError) => e.code === 'UNAUTHORIZED' && /edge-registry login/.test(e.message),
  );
  await assert.rejects(
    pushImage(engine, `${reg.host}/bad/none:v1`, { credentials: reg }),
    (e: DockerError) => e.code === 'IMAGE_NOT_FOUND',
  );
  await assert.rejects(
    tagImage(engine, 'no-such-image:v9', `${reg.host}/x:v1`),
    (e: DockerError) => e.code === 'IMAGE_NOT_FOUND' && /no local image/.test(e.message),
  );
  assert.ok(
    (await listImages(engine)).some((i) => i.repoTags.includes(ref)),
    'the local image is untouched',
  );
  docker(['rmi', ref]);
});

test('cancelling a push stops it with CANCELLED and keeps the local image', async (t) => {
  const reg = await startDistribution(t);
  trustForDocker(reg.host, reg.caFile);
  const ref = `${reg.host}/cancel/app:v1`;
  await tagImage(engine, image, ref);
  const ac = new AbortController();
  await assert.rejects(
    pushImage(engine, ref, { credentials: reg, signal: ac.signal, onProgress: () => ac.abort() }),
    (e: DockerError) => e.code === 'CANCELLED',
  );
  assert.ok((await listImages(engine)).some((i) => i.repoTags.includes(ref)));
  docker(['rmi', ref]);
});

test('quota exceeded on the demo registry fails the push with a clear DENIED message', async (t) => {
  const demo = await startDemoRegistry(t, { quotaBytes: 256 << 10 });
  trustForDocker(demo.host, demo.caFile);
  const ref = `${demo.host}/quota/app:v1`;
  await tagImage(engine, image, ref);
  await assert.rejects(
    pushImage(engine, ref, { credentials: demo.info }),
    (e: RegistryError) =>
      e.code === 'DENIED' && /quota/.test(e.message) && /edge-registry rm/.test(e.message),
  );
  docker(['rmi', ref]);
});

/**
 * Starts pushing `ref` to `reg` and SIGKILLs the registry once a layer is part-way up. Returns
 * the push's outcome (a promise), the layer states seen so far, and `retrying`, which resolves
 * when Docker says it retries.
 */
function pushAndKillMidway(reg: SpawnedDemo, ref: string) {
  const states: string[] = [];
  let killedAt: number | undefined;
  let sawRetry!: () => void;
  const retrying = new Promise<void>((resolve) => (sawRetry = resolve));
  const outcome = pushImage(engine, ref, {
    credentials: { username: reg.info.username, password: reg.info.password },
    onProgress: (p) => {
      states.push(p.layer.state);
      if (
        killedAt === undefined &&
        p.layer.state === 'pushing' &&
        p.layer.done > 0 &&
        p.layer.done < p.layer.total
      ) {
        killedAt = p.layer.done;
        reg.child.kill('SIGKILL');
      }
      if (p.layer.state === 'retrying') sawRetry();
    },
  });
  outcome.catch(() => {}); // awaited by the caller
  return { outcome, retrying, states, killedAt: () => killedAt };
}

test('registry stopped mid-push: Docker retries, and the push completes once it is back, nothing lost', async (t) => {
  const args = ['--port', String(await freePort()), '--data', tempDir(t, 'demo-stopped-')];
  const first = await spawnDemoRegistry(t, args);
  trustForDocker(first.host, first.caFile);
  const ref = `${first.host}/stopped/app:v1`;
  makeLayeredImage(ref, [48 << 20]);
  t.after(() => docker(['rmi', ref]));
  const push = pushAndKillMidway(first, ref);
  // The push must not end (either way) before Docker retries.
  await Promise.race([
    push.retrying,
    push.outcome.then(
      () => assert.fail('the push finished without a retry'),
      (e: Error) => assert.fail(`the push failed without a retry: ${e.message}`),
    ),
  ]);
  assert.ok(push.killedAt()! > 0, 'killed while a layer was part-way up');
  // Back on the same port and data, as after a power cut; Docker's retry then goes through.
  const again = await spawnDemoRegistry(t, args);
  const result = await push.outcome;
  assert.match(result.digest, /^sha256:[a-f0-9]{64}$/);
  assert.ok(push.states.includes('retrying') && push.states.at(-1) !== 'retrying');

  await pullBack(t, { ...again.info, host: again.host, caFile: again.caFile }, ref, result.digest);
});

test('registry stopped mid-push and not back: the push fails saying Docker cannot reach it', async (t) => {
  const reg = await spawnDemoRegistry(t);
  trustForDocker(reg.host, reg.caFile);
  const ref = `${reg.host}/gone/app:v1`;
  makeLayeredImage(ref, [48 << 20]);
  t.after(() => docker(['rmi', ref]));
  const push = pushAndKillMidway(reg, ref);
  await assert.rejects(
    push.outcome,
    (e: RegistryError) =>
      e.code === 'UNREACHABLE' &&
      e.message.includes(`cannot reach the registry at ${reg.host}`) &&
      /layers that arrived are kept/.test(e.message),
  );
  assert.ok(push.killedAt()! > 0, 'killed while a layer was part-way up');
  assert.ok(
    (await listImages(engine)).some((i) => i.repoTags.includes(ref)),
    'the local image is untouched',
  );
});

test('login stores into the configured credential helper; the docker CLI then pushes without a password', async (t) => {
  const reg = await startDistribution(t);
  trustForDocker(reg.host, reg.caFile);
  const helper = installCredHelper(t);
  const configDir = tempDir(t, 'docker-config-');
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ credsStore: helper.name }));

  await assert.rejects(
    login({
      registry: reg.host,
      credentials: { username: reg.username, password: 'wrong' },
      ca: [readFileSync(reg.caFile)],
      configDir,
    }),
    (e: RegistryError) => e.code === 'UNAUTHORIZED',
  );
  assert.deepEqual(helper.entries(), {}, 'nothing stored after a failed login');

  const r = await login({
    registry: reg.host,
    credentials: { username: reg.username, password: reg.password },
    ca: [readFileSync(reg.caFile)],
    configDir,
  });
  assert.match(r.store, /credential helper edgetest/);
  assert.deepEqual(helper.entries()[reg.host], { Username: reg.username, Secret: reg.password });
  assert.ok(!helper.argvLog().includes(reg.password), 'the secret never reaches a command line');
  assert.ok(
    !readFileSync(join(configDir, 'config.json'), 'utf8').includes(
      Buffer.from(`${reg.username}:${reg.password}`).toString('base64'),
    ),
  );
  assert.deepEqual(await getCredentials(reg.host, configDir), {
    username: reg.username,
    password: reg.password,
  });

  const ref = `${reg.host}/helper/app:v1`;
  runOk('docker', ['tag', image, ref]);
  const push = docker(['--config', configDir, 'push', ref], {
    env: { ...process.env, PATH: helper.path },
    input: '',
  });
  assert.equal(push.status, 0, push.stderr);
  assert.match(push.stdout, /digest: sha256:/);
  docker(['rmi', ref]);
});

test('without a helper, login writes auths in config.json (0600) as docker login does', async (t) => {
  const reg = await startDistribution(t);
  const configDir = tempDir(t, 'docker-config-');
  await login({
    registry: reg.host,
    credentials: { username: reg.username, password: reg.password },
    ca: [readFileSync(reg.caFile)],
    configDir,
  });
  const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as {
    auths: Record<string, { auth: string }>;
  };
  assert.equal(
    Buffer.from(config.auths[reg.host]!.auth, 'base64').toString(),
    `${reg.username}:${reg.password}`,
  );
  assert.equal(runOk('stat', ['-c', '%a', join(configDir, 'config.json')]).trim(), '600');
  assert.deepEqual(await getCredentials(reg.host, configDir), {
    username: reg.username,
    password: reg.password,
  });
});

test('load a docker save tarball returns its images', async (t) => {
  const dir = tempDir(t, 'load-');
  const tar = join(dir, 'img.tar');
  const name = `load-test-${process.pid}:v2`;
  runOk('docker', ['tag', image, name]);
  runOk('docker', ['save', '-o', tar, name]);
  runOk('docker', ['rmi', name]);
  assert.deepEqual(await loadImage(engine, tar), [name]);
  docker(['rmi', name]);
  writeFileSync(join(dir, 'junk.tar'), 'not a tarball');
  await assert.rejects(
    loadImage(engine, join(dir, 'junk.tar')),
    (e: DockerError) => e.code === 'LOAD_FAILED' && /docker save/.test(e.message),
  );
});

test('run an image, reach it over HTTP, then stop and remove it', async (t) => {
  const port = await freePort();
  const dir = tempDir(t, 'www-');
  assert.ok(existsSync(dir));
  const r = await runImage(engine, {
    image,
    network: 'host',
    command: [
      '/bin/busybox',
      'sh',
      '-c',
      `echo hello-edge > /index.html && exec /bin/busybox httpd -f -p 127.0.0.1:${port} -h /`,
    ],
  });
  t.after(() => stopContainer(engine, r.id).catch(() => {}));
  // httpd needs a moment after start: poll the container's port, bounded.
  let body = '';
  for (let i = 0; i < 50 && !body; i++) {
    body = await new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/index.html' }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d));
        res.on('end', () => resolve(b));
      });
      req.on('error', () => setTimeout(() => resolve(''), 100));
      req.end();
    });
  }
  assert.equal(body.trim(), 'hello-edge');
  await stopContainer(engine, r.id);
  assert.notEqual(docker(['inspect', r.id]).status, 0, 'the container is gone');
});
