// The registry client against our embedded demo registry (in-process): tarball push of both
// archive kinds then a docker pull, resume mid-layer from the offset the registry confirms,
// quota, and delete with the space reclaimed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { requireSandbox, tempDir, docker, fileScope, dockerAsync, runOk } from '../support/system.js';
import { runCli } from '../support/cli.js';
import { pushArchive } from '../../electron/app/tarball-push.js';
import type { ActiveDevice } from '../../electron/app/active-device.js';
import { manualDelete, registryRequest, startDemoRegistry, type DemoRegistry } from '../support/demo.js';
import { makeLayeredImage, saveImageArchives, trustForDocker } from '../support/images.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import {
  RegistryClient,
  RegistryError,
  pushTarball,
  deleteImage,
  imageInfo,
} from '../../electron/registry-client/index.js';

requireSandbox();

// File-wide resources (registries, temp dirs), released after the last test.
const suite = fileScope();

let demo: DemoRegistry;
let host: string;
let saveTar: string;
let ociTar: string;
const image = `rc-demo-src-${process.pid}:v1`;

before(async () => {
  demo = await startDemoRegistry(suite, { name: 'localhost' });
  host = `localhost:${demo.port}`;
  trustForDocker(host, demo.caFile);
  makeLayeredImage(image, [3 << 20, 1 << 20]);
  const dir = tempDir(suite, 'rc-demo-');
  ({ saveTar, ociTar } = saveImageArchives(image, dir));
});

const creds = () => ({ username: demo.info.username, password: demo.info.password });

test('both archive kinds push to the demo registry and pull with the docker CLI', async (t) => {
  const a = await pushTarball({
    file: saveTar,
    to: { endpoint: host, repository: 'demo/save', tag: 'v1' },
    credentials: creds(),
    ca: demo.caFile,
  });
  const b = await pushTarball({
    file: ociTar,
    to: { endpoint: host, repository: 'demo/oci', tag: 'v1' },
    credentials: creds(),
    ca: demo.caFile,
  });
  assert.ok(a.blobs.every((x) => x.outcome === 'pushed'));
  assert.equal(b.format, 'oci-archive');
  const config = tempDir(t, 'docker-cli-');
  assert.equal(
    (
      await dockerAsync(
        ['--config', config, 'login', host, '-u', demo.info.username, '--password-stdin'],
        demo.info.password,
      )
    ).status,
    0,
  );
  for (const [repo, r] of [
    ['demo/save', a],
    ['demo/oci', b],
  ] as const) {
    const pull = await dockerAsync(['--config', config, 'pull', `${host}/${repo}:v1`]);
    assert.equal(pull.status, 0, pull.stderr);
    assert.match(pull.stdout, new RegExp(`Digest: ${r.digest}`));
    docker(['rmi', `${host}/${repo}:v1`]);
  }
});

test("the manual's delete procedure (HEAD accepting only Docker schema 2, DELETE by digest) removes a pushed docker save archive", async () => {
  const pushed = await pushTarball({
    file: saveTar,
    to: { endpoint: host, repository: 'manual/delete', tag: 'v1' },
    credentials: creds(),
    ca: demo.caFile,
  });
  assert.equal(pushed.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  const r = await manualDelete(demo, 'manual/delete', 'v1');
  assert.deepEqual(r, { head: 200, digest: pushed.digest, del: 202 });
  const gone = await registryRequest(demo, 'GET', '/v2/manual/delete/manifests/v1');
  assert.equal(gone.status, 404);
});

test('an archive of two images: the library and the CLI push the one named, the app pushes both', async (t) => {
  const second = `rc-demo-second-${process.pid}:v2`;
  makeLayeredImage(second, [1 << 20]);
  t.after(() => docker(['rmi', second]));
  const multi = join(tempDir(t, 'rc-multi-'), 'two.tar');
  runOk('docker', ['save', '-o', multi, image, second]);

  const unnamed = await pushTarball({
    file: multi,
    to: { endpoint: host, repository: 'multi/x', tag: 'v1' },
    credentials: creds(),
    ca: demo.caFile,
  }).catch((e: unknown) => e);
  assert.ok(unnamed instanceof RegistryError && unnamed.code === 'INVALID_ARCHIVE', String(unnamed));
  assert.match(
    unnamed.message,
    /holds 2 images \((?=.*rc-demo-src-)(?=.*rc-demo-second-).*\); say which one to push/,
  );

  const cli = await runCli(['push', multi, '--to', `${host}/multi/cli:v1`, '--ca', demo.caFile]);
  assert.equal(cli.code, 65, cli.err);
  assert.match(cli.err, /--image NAME/);
  const login = await runCli(
    ['login', host, '-u', demo.info.username, '--password-stdin', '--ca', demo.caFile],
    demo.info.password + '\n',
  );
  assert.equal(login.code, 0, login.err);
  const named = await runCli([
    'push',
    multi,
    '--to',
    `${host}/multi/cli:v1`,
    '--image',
    second,
    '--ca',
    demo.caFile,
    '--json',
  ]);
  assert.equal(named.code, 0, named.err);
  const alone = await pushTarball({
    file: saveTar,
    to: { endpoint: host, repository: 'multi/alone', tag: 'v1' },
    credentials: creds(),
    ca: demo.caFile,
  });
  // The second image, not the first: its digest differs from the first image pushed alone.
  assert.notEqual(named.lines().at(-1)!.digest, alone.digest);

  // The app's drop: every image of the archive, each where its name says.
  const client = new RegistryClient({
    registry: host,
    credentials: creds(),
    ca: [readFileSync(demo.caFile)],
  });
  t.after(() => client.close());
  const device = { client, isDemo: true, view: { endpoint: host } } as unknown as ActiveDevice;
  const done = await pushArchive(
    device,
    multi,
    'two.tar',
    {},
    { signal: new AbortController().signal, update: () => {} },
  );
  assert.equal(done.key, 'job.pushed');
  const refs = String(done.params!.refs).split(', ');
  assert.equal(refs.length, 2, String(done.params!.refs));
  for (const ref of refs) {
    const [repository, tag] = ref.slice(host.length + 1).split(':');
    assert.ok(await client.headManifest(repository!, tag!), `${ref} is on the registry`);
  }

  // Saved by ID, the images have no names: each still gets a tag of its own.
  const ids = [image, second].map((r) =>
    docker(['image', 'inspect', '--format', '{{.Id}}', r]).stdout.trim(),
  );
  const byId = join(tempDir(t, 'rc-multi-'), 'by-id.tar');
  runOk('docker', ['save', '-o', byId, ...ids]);
  const both = await pushArchive(
    device,
    byId,
    'by-id.tar',
    {},
    {
      signal: new AbortController().signal,
      update: () => {},
    },
  );
  const idRefs = String(both.params!.refs).split(', ');
  assert.equal(new Set(idRefs).size, 2, idRefs.join(', '));
  for (const ref of idRefs) {
    const [repository, tag] = ref.slice(host.length + 1).split(':');
    assert.equal(repository, 'by-id');
    assert.ok(await client.headManifest(repository!, tag!), `${ref} is on the registry`);
  }
});

test('a dropped connection resumes from the offset the demo registry confirms', async (t) => {
  const proxy = await startTcpProxy(t, demo.port);
  proxy.dropAfter(2.5 * (1 << 20));
  const r = await pushTarball({
    file: saveTar,
    to: { endpoint: `localhost:${proxy.port}`, repository: 'demo/resume', tag: 'v1' },
    credentials: creds(),
    ca: demo.caFile,
    chunkSize: 1 << 20,
    concurrency: 1,
  });
  assert.equal(proxy.drops, 1);
  assert.ok(r.resumes >= 1);
  // Only the chunk in flight is sent again: total sent stays under size + one chunk.
  assert.ok(r.bytesSent < statSync(saveTar).size + (1 << 20), `${r.bytesSent} bytes sent`);
  const c = new RegistryClient({ registry: host, credentials: creds(), ca: [readFileSync(demo.caFile)] });
  assert.equal((await imageInfo(c, 'demo/resume', 'v1')).digest, r.digest);
  c.close();
});

test('a connection gone silent mid-chunk (network dropped, no close seen): the client gives up on it after its chunk stall time, and resumes', async (t) => {
  // The registry lets a newer request take over an upload whose chunk has been silent for a while
  // (here 500 ms, 10 s by default); the client gives up on a chunk whose connection has been
  // silent for 1 s (15 s by default), long before its idle timeout (30 s here, 60 s by default).
  const reg = await startDemoRegistry(t, { name: 'localhost', uploadStallMs: 500 });
  const proxy = await startTcpProxy(t, reg.port);
  proxy.freezeAfter(2.5 * (1 << 20));
  const client = new RegistryClient({
    registry: `localhost:${proxy.port}`,
    credentials: { username: reg.info.username, password: reg.info.password },
    ca: [readFileSync(reg.caFile)],
    idleTimeoutMs: 30_000,
    sendStallMs: 1000,
  });
  t.after(() => client.close());
  const started = performance.now();
  const r = await pushTarball({
    file: saveTar,
    to: { endpoint: `localhost:${proxy.port}`, repository: 'demo/silent', tag: 'v1' },
    client,
    chunkSize: 1 << 20,
    concurrency: 1,
  });
  assert.equal(proxy.freezes, 1);
  assert.ok(r.resumes >= 1);
  const seconds = (performance.now() - started) / 1000;
  assert.ok(
    seconds < 30,
    `resumed only after ${seconds.toFixed(1)} s: the idle timeout, not the send stall, noticed`,
  );
  assert.ok(r.bytesSent < statSync(saveTar).size + (1 << 20), `${r.bytesSent} bytes sent`);
  assert.equal((await imageInfo(client, 'demo/silent', 'v1')).digest, r.digest);
});

test('a client parses its trust store once, not for every connection it opens', async (t) => {
  // Given the CAs, an https.Agent builds a TLS context per connection: ~300 certificates with
  // the OS bundle, 20-40 ms of blocked event loop each, which staggered parallel uploads.
  const connects = t.mock.method(tls, 'connect');
  const r = await pushTarball({
    file: saveTar,
    to: { endpoint: host, repository: 'demo/trust-once', tag: 'v1' },
    credentials: creds(),
    ca: demo.caFile,
  });
  assert.ok(r.blobs.every((x) => x.outcome === 'pushed'));
  const contexts = connects.mock.calls.map((c) => (c.arguments[0] as tls.ConnectionOptions).secureContext);
  assert.ok(contexts.length >= 3, `${contexts.length} connections: expected one per blob`);
  assert.ok(contexts[0], 'a connection built its own TLS context');
  assert.equal(new Set(contexts).size, 1, 'the connections did not share one TLS context');
});

test('quota: a push beyond it fails with DENIED naming the quota', async (t) => {
  const small = await startDemoRegistry(t, { quotaBytes: 1 << 20 });
  const err = await pushTarball({
    file: saveTar,
    to: { endpoint: small.host, repository: 'q/app', tag: 'v1' },
    credentials: small.info,
    ca: small.caFile,
  }).catch((e: unknown) => e);
  assert.ok(err instanceof RegistryError && err.isQuota, String(err));
  assert.match(err.message, /quota/);
});

test('delete on the demo registry reports the reclaimed space', async () => {
  const c = new RegistryClient({ registry: host, credentials: creds(), ca: [readFileSync(demo.caFile)] });
  const pushed = await pushTarball({
    file: saveTar,
    to: { endpoint: host, repository: 'demo/del', tag: 'v1' },
    client: c,
  });
  // The layers are shared with demo/save (pushed above): only what demo/del alone holds can go.
  const r = await deleteImage(c, 'demo/del', 'v1');
  assert.equal(r.digest, pushed.digest);
  assert.equal(typeof r.reclaimedBytes, 'number');
  assert.ok(r.usage && typeof r.usage.used === 'number');
  assert.equal(await c.headManifest('demo/del', 'v1'), null);
  c.close();
});
