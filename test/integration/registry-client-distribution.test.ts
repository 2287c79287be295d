// The registry client against CNCF Distribution (TLS + htpasswd): tarball push (docker save
// and OCI archive) then a docker CLI pull, HEAD-skip, cross-repo mount, resume after a
// dropped connection, a registry stopped mid-push, sizes vs skopeo, delete semantics.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import {
  requireSandbox,
  startDistribution,
  tempDir,
  docker,
  runOk,
  run,
  skopeoAuthFile,
  type Distribution,
  fileScope,
} from '../support/system.js';
import { makeLayeredImage, saveImageArchives, trustForDocker } from '../support/images.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { manualDelete, registryRequest } from '../support/demo.js';
import {
  RegistryClient,
  RegistryError,
  pushTarball,
  imageInfo,
  deleteImage,
  type PushProgress,
} from '../../electron/registry-client/index.js';

requireSandbox();

// File-wide resources (registries, temp dirs), released after the last test.
const suite = fileScope();

let reg: Distribution;
let dir: string;
let saveTar: string;
let ociTar: string;
const image = `rc-dist-src-${process.pid}:v1`;

before(async () => {
  reg = await startDistribution(suite);
  dir = tempDir(suite, 'rc-dist-');
  makeLayeredImage(image, [3 << 20, 2 << 20]);
  ({ saveTar, ociTar } = saveImageArchives(image, dir));
  trustForDocker(reg.host, reg.caFile);
});

/** Pushes the saved test image to `repository:tag` on Distribution. */
const pushSaved = (c: RegistryClient, repository: string, tag: string) =>
  pushTarball({ file: saveTar, to: { endpoint: reg.host, repository, tag }, client: c });

function client(password = reg.password) {
  return new RegistryClient({
    registry: reg.host,
    credentials: { username: reg.username, password },
    ca: [readFileSync(reg.caFile)],
  });
}

/** A docker CLI with its own config dir, logged in to the registry. */
function dockerCli(t: { after: (fn: () => void) => void }) {
  const config = tempDir(t, 'docker-cli-');
  const r = docker(['--config', config, 'login', reg.host, '-u', reg.username, '--password-stdin'], {
    input: reg.password,
  });
  assert.equal(r.status, 0, r.stderr);
  return (args: string[]) => docker(['--config', config, ...args]);
}

test('docker save tarball pushes without Docker, with per-layer progress; docker pull gives the same image', async (t) => {
  const events: PushProgress[] = [];
  const result = await pushTarball({
    file: saveTar,
    to: { endpoint: reg.host, repository: 'tar/save', tag: 'v1' },
    credentials: { username: reg.username, password: reg.password },
    ca: reg.caFile,
    onProgress: (p) => events.push(p),
  });
  assert.equal(result.format, 'docker-save');
  assert.equal(result.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  assert.equal(result.blobs.length, 4, 'config + 3 layers');
  assert.ok(result.blobs.every((b) => b.outcome === 'pushed'));
  for (const b of result.blobs) {
    const states = events.filter((e) => e.layer.digest === b.digest).map((e) => e.layer.state);
    assert.ok(states.includes('pushing') && states.at(-1) === 'pushed', `${b.digest}: ${states.join(',')}`);
  }
  const last = events.at(-1)!;
  assert.equal(last.done, last.total);

  const cli = dockerCli(t);
  const ref = `${reg.host}/tar/save:v1`;
  const pull = cli(['pull', ref]);
  assert.equal(pull.status, 0, pull.stderr);
  const id = (r: string) => runOk('docker', ['image', 'inspect', '-f', '{{.Id}}', r]).trim();
  assert.equal(id(ref), id(image), 'the pulled image is the saved one (same config digest)');
  assert.match(
    cli(['image', 'inspect', '-f', '{{json .RepoDigests}}', ref]).stdout,
    new RegExp(result.digest),
  );
  docker(['rmi', ref]);
});

test('OCI archive pushes without Docker and pulls; a second push skips every blob (HEAD)', async (t) => {
  const opts = {
    file: ociTar,
    to: { endpoint: reg.host, repository: 'tar/oci', tag: 'v1' },
    credentials: { username: reg.username, password: reg.password },
    ca: reg.caFile,
  };
  const first = await pushTarball(opts);
  assert.equal(first.format, 'oci-archive');
  assert.equal(first.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  const index = JSON.parse(runOk('sh', ['-c', `tar -xOf ${ociTar} index.json`])) as {
    manifests: { digest: string }[];
  };
  assert.equal(first.digest, index.manifests[0]!.digest, 'the manifest bytes are pushed as they are');
  const again = await pushTarball(opts);
  assert.ok(again.blobs.every((b) => b.outcome === 'exists'));
  assert.equal(again.bytesSent, 0);
  const cli = dockerCli(t);
  const pull = cli(['pull', `${reg.host}/tar/oci:v1`]);
  assert.equal(pull.status, 0, pull.stderr);
  assert.equal(
    run('docker', ['run', '--rm', '--network', 'none', `${reg.host}/tar/oci:v1`, '/bin/busybox', 'true'])
      .status,
    0,
  );
  docker(['rmi', `${reg.host}/tar/oci:v1`]);
});

test("the manual's delete procedure (HEAD accepting only Docker schema 2, DELETE by digest) removes a pushed docker save archive", async () => {
  const c = client();
  const pushed = await pushSaved(c, 'manual/delete', 'v1');
  c.close();
  const target = {
    url: reg.url,
    caFile: reg.caFile,
    info: { username: reg.username, password: reg.password },
  };
  const r = await manualDelete(target, 'manual/delete', 'v1');
  assert.deepEqual(r, { head: 200, digest: pushed.digest, del: 202 });
  const gone = await registryRequest(target, 'HEAD', '/v2/manual/delete/manifests/v1', {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(gone.status, 404);
});

test('layers in another repository are mounted, not uploaded', async () => {
  await pushTarball({
    file: saveTar,
    to: { endpoint: reg.host, repository: 'mount/src', tag: 'v1' },
    credentials: { username: reg.username, password: reg.password },
    ca: reg.caFile,
  });
  const r = await pushTarball({
    file: saveTar,
    to: { endpoint: reg.host, repository: 'mount/dst', tag: 'v1' },
    credentials: { username: reg.username, password: reg.password },
    ca: reg.caFile,
    mountFrom: ['mount/src'],
  });
  assert.deepEqual(new Set(r.blobs.map((b) => b.outcome)), new Set(['mounted']));
  assert.equal(r.bytesSent, 0);
});

test('a dropped connection mid-layer resumes and the push completes', async (t) => {
  const proxy = await startTcpProxy(t, reg.port);
  const host = `localhost:${proxy.port}`;
  proxy.dropAfter(2.5 * (1 << 20));
  const states: string[] = [];
  const r = await pushTarball({
    file: saveTar,
    to: { endpoint: host, repository: 'tar/resume', tag: 'v1' },
    credentials: { username: reg.username, password: reg.password },
    ca: reg.caFile,
    chunkSize: 1 << 20,
    concurrency: 1,
    onProgress: (p) => states.push(p.layer.state),
  });
  assert.equal(proxy.drops, 1);
  assert.ok(r.resumes >= 1, 'the upload resumed');
  assert.ok(states.includes('retrying'));
  const size = statSync(saveTar).size;
  assert.ok(r.bytesSent < size * 2, `re-sent only part: ${r.bytesSent} of ${size}`);
  // Pulled straight from the registry: the proxy was only there to drop the connection.
  const cli = dockerCli(t);
  const pull = cli(['pull', `${reg.host}/tar/resume:v1`]);
  assert.equal(pull.status, 0, pull.stderr);
  docker(['rmi', `${reg.host}/tar/resume:v1`]);
});

test('a registry stopped mid-push fails clearly, and the next push finishes from what arrived', async (t) => {
  const proxy = await startTcpProxy(t, reg.port);
  const host = `localhost:${proxy.port}`;
  const opts = {
    file: saveTar,
    to: { endpoint: host, repository: 'tar/stopped', tag: 'v1' },
    credentials: { username: reg.username, password: reg.password },
    ca: reg.caFile,
    chunkSize: 1 << 20,
    concurrency: 1,
    maxAttempts: 2,
  };
  let stopping: Promise<void> | undefined;
  const err = await pushTarball({
    ...opts,
    onProgress: (p) => {
      // Stop once the first (largest) layer is done and the next one starts uploading.
      if (!stopping && p.layers.some((l) => l.state === 'pushed') && p.layer.state === 'pushing')
        stopping = proxy.stop();
    },
  }).then(
    () => assert.fail('the push should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RegistryError, String(err));
  assert.equal(err.code, 'UNREACHABLE');
  assert.match(err.message, /Cannot reach the registry at localhost:\d+ .*running/);
  const c = client();
  assert.equal(await c.headManifest('tar/stopped', 'v1'), null, 'no tag points at a half-pushed image');
  await stopping;
  await proxy.start();
  const r = await pushTarball(opts);
  assert.ok(
    r.blobs.some((b) => b.outcome === 'exists'),
    'layers that arrived before the stop are not sent again',
  );
  c.close();
});

test('wrong password and an untrusted CA are clear errors', async () => {
  const bad = client('wrong-password');
  await assert.rejects(
    bad.checkAuth(),
    (e: RegistryError) =>
      e.code === 'UNAUTHORIZED' && e.status === 401 && /edge-registry login/.test(e.message),
  );
  bad.close();
  const untrusted = new RegistryClient({
    registry: reg.host,
    credentials: { username: reg.username, password: reg.password },
  });
  await assert.rejects(
    untrusted.checkAuth(),
    (e: RegistryError) => e.code === 'TLS' && /--ca/.test(e.message),
  );
  untrusted.close();
  const good = client();
  await good.checkAuth();
  good.close();
});

test('catalog and tags page through Link headers; sizes match skopeo inspect', async () => {
  const c = client();
  await pushSaved(c, 'pages/app', 'a');
  await pushSaved(c, 'pages/app', 'b');
  await pushSaved(c, 'pages/app', 'c');
  assert.deepEqual((await c.tags('pages/app', { pageSize: 1 })).sort(), ['a', 'b', 'c']);
  const repos = await c.catalog({ pageSize: 1 });
  assert.ok(repos.includes('pages/app') && repos.includes('tar/save'), repos.join(','));

  const info = await imageInfo(c, 'pages/app', 'a');
  const auth = skopeoAuthFile(suite, reg.host, reg.username, reg.password);
  const certDir = `/etc/docker/certs.d/${reg.host}`;
  const sk = JSON.parse(
    runOk('skopeo', [
      'inspect',
      '--authfile',
      auth,
      '--cert-dir',
      certDir,
      `docker://${reg.host}/pages/app:a`,
    ]),
  ) as {
    Digest: string;
    Layers: string[];
    Created: string;
  };
  const raw = JSON.parse(
    runOk('skopeo', [
      'inspect',
      '--raw',
      '--authfile',
      auth,
      '--cert-dir',
      certDir,
      `docker://${reg.host}/pages/app:a`,
    ]),
  ) as {
    config: { size: number };
    layers: { digest: string; size: number }[];
  };
  const p = info.platforms[0]!;
  assert.equal(info.digest, sk.Digest);
  assert.deepEqual(
    p.layers.map((l) => l.digest),
    sk.Layers,
  );
  assert.deepEqual(
    p.layers.map((l) => [l.digest, l.size]),
    raw.layers.map((l) => [l.digest, l.size]),
  );
  assert.equal(info.size, raw.config.size + raw.layers.reduce((n, l) => n + l.size, 0));
  assert.equal(new Date(p.created!).getTime(), new Date(sk.Created).getTime());
  c.close();
});

test('delete: siblings are reported before a digest delete; then the tag is manifest unknown', async (t) => {
  const c = client();
  await pushSaved(c, 'del/app', 'v1');
  await pushSaved(c, 'del/app', 'latest');
  // Without a confirmation the registry's digest delete (Distribution 2.8 cannot delete a tag alone) is refused.
  await assert.rejects(
    deleteImage(c, 'del/app', 'v1'),
    (e: RegistryError) => e.code === 'SIBLINGS' && /latest/.test(e.message),
  );
  assert.ok(await c.headManifest('del/app', 'v1'));
  let reported: string[] = [];
  const r = await deleteImage(c, 'del/app', 'v1', { confirmSiblings: (s) => ((reported = s), true) });
  assert.deepEqual(reported, ['latest']);
  assert.equal(r.deleted, 'manifest');
  assert.deepEqual(r.removedTags.sort(), ['latest', 'v1']);
  assert.equal(r.reclaimedBytes, null, 'Distribution has no usage endpoint');
  const cli = dockerCli(t);
  const pull = cli(['pull', `${reg.host}/del/app:v1`]);
  assert.notEqual(pull.status, 0);
  assert.match(pull.stderr, /manifest unknown|not found/i);
  await assert.rejects(
    deleteImage(c, 'del/app', 'v1'),
    (e: RegistryError) => e.code === 'MANIFEST_UNKNOWN' && /edge-registry ls/.test(e.message),
  );
  c.close();
});

test('delete on a registry with deletes disabled says so (405 UNSUPPORTED)', async (t) => {
  const ro = await startDistribution(t, { deleteEnabled: false });
  const c = new RegistryClient({
    registry: ro.host,
    credentials: { username: ro.username, password: ro.password },
    ca: [readFileSync(ro.caFile)],
  });
  await pushTarball({ file: saveTar, to: { endpoint: ro.host, repository: 'ro/app', tag: 'v1' }, client: c });
  await assert.rejects(
    deleteImage(c, 'ro/app', 'v1'),
    (e: RegistryError) =>
      e.code === 'UNSUPPORTED' && e.status === 405 && /delete is disabled on this registry/.test(e.message),
  );
  assert.ok(await c.headManifest('ro/app', 'v1'), 'nothing was lost');
  c.close();
});
