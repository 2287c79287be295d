// The embedded registry's HTTP API, in process, against the spec: every bad input gets the
// spec's error code and stores nothing; auth, uploads (monolithic, chunked, resumable),
// manifests, tags, catalog, referrers, Range, mount, quota, GC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { startDemoRegistry, registryRequest, type DemoRegistry } from '../support/demo.js';
import { startRegistry, type RegistryOptions } from '../../electron/registry-server/index.js';
import { tempDir } from '../support/system.js';
import { fsck } from '../../electron/registry-server/fsck.js';
import { ociManifest, sha256 } from '../support/oci-layout.js';

function errorCode(r: { json: <T>() => T }): string {
  return r.json<{ errors: { code: string }[] }>().errors[0]!.code;
}

async function pushBlob(reg: DemoRegistry, repo: string, bytes: Buffer): Promise<string> {
  const d = sha256(bytes);
  const r = await registryRequest(reg, 'POST', `/v2/${repo}/blobs/uploads/?digest=${d}`, {
    body: bytes,
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  assert.equal(r.status, 201, r.body.toString());
  return d;
}

async function pushImage(reg: DemoRegistry, repo: string, tag: string, layerBytes = 1000) {
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', n: randomBytes(8).toString('hex') }),
  );
  const layer = randomBytes(layerBytes);
  await pushBlob(reg, repo, config);
  await pushBlob(reg, repo, layer);
  const manifest = ociManifest(config, [layer]);
  const r = await putManifest(reg, repo, tag, manifest);
  assert.equal(r.status, 201, r.body.toString());
  return { config, layer, manifest, digest: sha256(manifest) };
}

function putManifest(reg: DemoRegistry, repo: string, ref: string, body: Buffer | string, type?: string) {
  return registryRequest(reg, 'PUT', `/v2/${repo}/manifests/${ref}`, {
    body,
    headers: { 'Content-Type': type ?? 'application/vnd.oci.image.manifest.v1+json' },
  });
}

function storedBlobCount(reg: DemoRegistry): number {
  const root = join(reg.dataDir, 'registry', 'blobs', 'sha256');
  if (!existsSync(root)) return 0;
  let n = 0;
  for (const two of readdirSync(root)) n += readdirSync(join(root, two)).length;
  return n;
}

function uploadCount(reg: DemoRegistry): number {
  return readdirSync(join(reg.dataDir, 'registry', '_uploads')).length;
}

test('GET /v2/ answers the API version, and asks for Basic credentials without them', async (t) => {
  const reg = await startDemoRegistry(t);
  const anon = await registryRequest(reg, 'GET', '/v2/', { auth: false });
  assert.equal(anon.status, 401);
  assert.match(String(anon.headers['www-authenticate']), /^Basic realm=/);
  assert.equal(anon.headers['docker-distribution-api-version'], 'registry/2.0');
  assert.equal(errorCode(anon), 'UNAUTHORIZED');
  const ok = await registryRequest(reg, 'GET', '/v2/');
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['docker-distribution-api-version'], 'registry/2.0');
  const wrong = await registryRequest(reg, 'GET', '/v2/_catalog', {
    auth: { username: reg.info.username, password: reg.info.password + 'x' },
  });
  assert.equal(wrong.status, 401);
  assert.equal(errorCode(wrong), 'UNAUTHORIZED');
  assert.equal(reg.info.username, 'ase-ecr-user');
  assert.match(reg.info.caFingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
});

test('TLS: AES-128-GCM for clients that offer it, whatever their order; others still connect', async (t) => {
  const reg = await startDemoRegistry(t);
  const [host, port] = reg.host.split(':') as [string, string];
  const ca = readFileSync(reg.caFile);
  const cipherOf = (opts: { ciphers?: string; maxVersion?: 'TLSv1.2' }) =>
    new Promise<string>((resolve, reject) => {
      const s = connect({ host, port: Number(port), ca, servername: undefined, ...opts }, () => {
        resolve(s.getCipher().name);
        s.end();
      });
      s.on('error', reject);
    });
  // Node's own client (like OpenSSL's) lists AES-256-GCM first.
  assert.equal(await cipherOf({}), 'TLS_AES_128_GCM_SHA256');
  assert.equal(await cipherOf({ ciphers: 'TLS_CHACHA20_POLY1305_SHA256' }), 'TLS_CHACHA20_POLY1305_SHA256');
  assert.equal(await cipherOf({ maxVersion: 'TLSv1.2' }), 'ECDHE-RSA-AES128-GCM-SHA256');
});

test('every endpoint needs credentials, and wrong ones store nothing', async (t) => {
  const reg = await startDemoRegistry(t);
  const bad = { username: 'ase-ecr-user', password: 'nope' };
  const blob = randomBytes(100);
  for (const [method, path] of [
    ['POST', `/v2/a/blobs/uploads/?digest=${sha256(blob)}`],
    ['GET', '/v2/a/tags/list'],
    ['PUT', '/v2/a/manifests/v1'],
    ['GET', '/v2/_edge/usage'],
    ['POST', '/v2/_edge/gc'],
  ] as const) {
    const r = await registryRequest(reg, method, path, { auth: bad, body: blob });
    assert.equal(r.status, 401, `${method} ${path}`);
  }
  assert.equal(storedBlobCount(reg), 0);
  assert.equal(uploadCount(reg), 0);
});

test('wrong passwords are slowed down per address, and the right one is never refused or kept waiting', async (t) => {
  // Every local process shares 127.0.0.1: refusing the address would let any of them lock the
  // app's own client out.
  const reg = await startDemoRegistry(t, { loginThrottle: { maxFailures: 3, delayMs: 3000, maxWaiting: 2 } });
  const bad = { username: 'ase-ecr-user', password: 'guess' };
  for (let i = 0; i < 3; i++)
    assert.equal((await registryRequest(reg, 'GET', '/v2/', { auth: bad })).status, 401);
  const answered: string[] = [];
  const wrong = Array.from({ length: 5 }, () =>
    registryRequest(reg, 'GET', '/v2/', { auth: bad }).then((r) => {
      answered.push(`wrong ${r.status}`);
      return r;
    }),
  );
  // Two wrong answers wait their delay; the rest are refused at once, saying when to retry.
  const refused = (
    await Promise.all(wrong.map((p) => p.then((r) => (r.status === 429 ? r : undefined))))
  ).filter((r) => r !== undefined);
  assert.equal(refused.length, 3, answered.join(', '));
  assert.equal(errorCode(refused[0]!), 'TOOMANYREQUESTS');
  assert.ok(Number(refused[0]!.headers['retry-after']) >= 1);
  assert.deepEqual(
    answered.slice(-2),
    ['wrong 401', 'wrong 401'],
    'the waiting wrong answers come last, as 401 with the challenge',
  );
});

test('the right password gets through at once while wrong ones from the same address wait', async (t) => {
  const reg = await startDemoRegistry(t, { loginThrottle: { maxFailures: 1, delayMs: 3000, maxWaiting: 4 } });
  const bad = { username: 'ase-ecr-user', password: 'guess' };
  assert.equal((await registryRequest(reg, 'GET', '/v2/', { auth: bad })).status, 401);
  const order: string[] = [];
  const wrong = registryRequest(reg, 'GET', '/v2/', { auth: bad }).then((r) =>
    order.push(`wrong ${r.status}`),
  );
  const right = registryRequest(reg, 'GET', '/v2/_catalog').then((r) => order.push(`right ${r.status}`));
  await Promise.all([wrong, right]);
  assert.deepEqual(order, ['right 200', 'wrong 401']);
  // Many more failures change nothing for the right password.
  await Promise.all(Array.from({ length: 20 }, () => registryRequest(reg, 'GET', '/v2/', { auth: bad })));
  assert.equal((await registryRequest(reg, 'GET', '/v2/')).status, 200);
});

test('bad repository names are NAME_INVALID and never touch the disk', async (t) => {
  const reg = await startDemoRegistry(t);
  const blob = randomBytes(10);
  for (const name of ['../x', 'a/../../x', 'Upper', 'a'.repeat(256), 'a//b', '-a', 'a%2F..%2Fb', '_a']) {
    const r = await registryRequest(reg, 'POST', `/v2/${name}/blobs/uploads/?digest=${sha256(blob)}`, {
      body: blob,
    });
    assert.equal(r.status, 400, name);
    assert.equal(errorCode(r), 'NAME_INVALID', name);
    const m = await registryRequest(reg, 'GET', `/v2/${name}/manifests/latest`);
    assert.equal(errorCode(m), 'NAME_INVALID', name);
  }
  assert.equal(storedBlobCount(reg), 0);
  assert.equal(uploadCount(reg), 0);
  assert.deepEqual(readdirSync(join(reg.dataDir, 'registry', 'repositories')), []);
});

test('bad digests and digest mismatches are DIGEST_INVALID and store nothing', async (t) => {
  const reg = await startDemoRegistry(t);
  const blob = randomBytes(1000);
  for (const d of ['sha256:abc', 'md5:0123', 'sha256:' + 'G'.repeat(64), 'nodigest']) {
    const r = await registryRequest(reg, 'POST', `/v2/r/blobs/uploads/?digest=${d}`, { body: blob });
    assert.equal(r.status, 400, d);
    assert.equal(errorCode(r), 'DIGEST_INVALID', d);
    const h = await registryRequest(reg, 'GET', `/v2/r/blobs/${d}`);
    assert.equal(h.status, 400, d);
  }
  const mismatch = await registryRequest(reg, 'POST', `/v2/r/blobs/uploads/?digest=${sha256('other')}`, {
    body: blob,
  });
  assert.equal(mismatch.status, 400);
  assert.equal(errorCode(mismatch), 'DIGEST_INVALID');
  // Chunked session with the wrong digest at PUT.
  const start = await registryRequest(reg, 'POST', '/v2/r/blobs/uploads/');
  assert.equal(start.status, 202);
  const loc = String(start.headers.location);
  assert.equal((await registryRequest(reg, 'PATCH', loc, { body: blob })).status, 202);
  const put = await registryRequest(reg, 'PUT', `${loc}?digest=${sha256('not it')}`);
  assert.equal(errorCode(put), 'DIGEST_INVALID');
  assert.equal(storedBlobCount(reg), 0);
  assert.equal(uploadCount(reg), 0, 'the failed session was removed');
  assert.equal((await registryRequest(reg, 'GET', `/v2/r/blobs/${sha256(blob)}`)).status, 404);
  assert.equal((await reg.usage()).usedBytes, 0);
});

test('chunked upload: in-order chunks, status, 416 for out-of-order, resume from the reported offset', async (t) => {
  const reg = await startDemoRegistry(t);
  const blob = randomBytes(300_000);
  const start = await registryRequest(reg, 'POST', '/v2/chunky/app/blobs/uploads/');
  assert.equal(start.status, 202);
  assert.equal(start.headers.range, '0-0');
  const loc = String(start.headers.location);
  assert.match(loc, /^\/v2\/chunky\/app\/blobs\/uploads\/[0-9a-f-]{36}$/);
  const c1 = await registryRequest(reg, 'PATCH', loc, {
    body: blob.subarray(0, 100_000),
    headers: { 'Content-Range': '0-99999', 'Content-Type': 'application/octet-stream' },
  });
  assert.equal(c1.status, 202);
  assert.equal(c1.headers.range, '0-99999');
  const skip = await registryRequest(reg, 'PATCH', loc, {
    body: blob.subarray(200_000),
    headers: { 'Content-Range': '200000-299999' },
  });
  assert.equal(skip.status, 416);
  assert.equal(errorCode(skip), 'RANGE_INVALID');
  assert.equal(skip.headers.range, '0-99999');
  const status = await registryRequest(reg, 'GET', loc);
  assert.equal(status.status, 204);
  assert.equal(status.headers.range, '0-99999');
  const offset = Number(String(status.headers.range).split('-')[1]) + 1;
  const c2 = await registryRequest(reg, 'PATCH', loc, {
    body: blob.subarray(offset, 200_000),
    headers: { 'Content-Range': `${offset}-199999` },
  });
  assert.equal(c2.status, 202);
  const fin = await registryRequest(reg, 'PUT', `${loc}?digest=${sha256(blob)}`, {
    body: blob.subarray(200_000),
    headers: { 'Content-Range': '200000-299999' },
  });
  assert.equal(fin.status, 201, fin.body.toString());
  assert.equal(fin.headers['docker-content-digest'], sha256(blob));
  const got = await registryRequest(reg, 'GET', `/v2/chunky/app/blobs/${sha256(blob)}`);
  assert.equal(got.status, 200);
  assert.ok(got.body.equals(blob));
  assert.equal((await registryRequest(reg, 'GET', loc)).status, 404, 'a finished session is gone');
});

test('cancelling an upload frees its data; unknown sessions are BLOB_UPLOAD_UNKNOWN', async (t) => {
  const reg = await startDemoRegistry(t);
  const start = await registryRequest(reg, 'POST', '/v2/x/blobs/uploads/');
  const loc = String(start.headers.location);
  await registryRequest(reg, 'PATCH', loc, { body: randomBytes(5000) });
  assert.equal((await reg.usage()).usedBytes, 5000);
  assert.equal((await registryRequest(reg, 'DELETE', loc)).status, 204);
  assert.equal((await reg.usage()).usedBytes, 0);
  assert.equal(uploadCount(reg), 0);
  const unknown = await registryRequest(
    reg,
    'PATCH',
    '/v2/x/blobs/uploads/00000000-0000-4000-8000-000000000000',
    {
      body: 'x',
    },
  );
  assert.equal(unknown.status, 404);
  assert.equal(errorCode(unknown), 'BLOB_UPLOAD_UNKNOWN');
  const traversal = await registryRequest(reg, 'GET', '/v2/x/blobs/uploads/..%2F..%2Fcredentials.json');
  assert.equal(errorCode(traversal), 'BLOB_UPLOAD_UNKNOWN');
});

test('blob GET with Range, HEAD, DELETE, and cross-repository mount', async (t) => {
  const reg = await startDemoRegistry(t);
  const blob = randomBytes(10_000);
  const d = await pushBlob(reg, 'src/app', blob);
  const head = await registryRequest(reg, 'HEAD', `/v2/src/app/blobs/${d}`);
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '10000');
  assert.equal(head.headers['docker-content-digest'], d);
  const part = await registryRequest(reg, 'GET', `/v2/src/app/blobs/${d}`, {
    headers: { Range: 'bytes=100-199' },
  });
  assert.equal(part.status, 206);
  assert.equal(part.headers['content-range'], 'bytes 100-199/10000');
  assert.ok(part.body.equals(blob.subarray(100, 200)));
  const bad = await registryRequest(reg, 'GET', `/v2/src/app/blobs/${d}`, {
    headers: { Range: 'bytes=20000-' },
  });
  assert.equal(bad.status, 416);
  assert.equal(
    (await registryRequest(reg, 'HEAD', `/v2/other/blobs/${d}`)).status,
    404,
    'blobs are per repository',
  );
  const mount = await registryRequest(reg, 'POST', `/v2/other/blobs/uploads/?mount=${d}&from=src/app`);
  assert.equal(mount.status, 201);
  assert.equal(mount.headers.location, `/v2/other/blobs/${d}`);
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/other/blobs/${d}`)).status, 200);
  const noSource = await registryRequest(reg, 'POST', `/v2/third/blobs/uploads/?mount=${d}&from=nowhere`);
  assert.equal(noSource.status, 202, 'mount from a repository without the blob falls back to an upload');
  assert.equal((await registryRequest(reg, 'DELETE', `/v2/other/blobs/${d}`)).status, 202);
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/other/blobs/${d}`)).status, 404);
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/src/app/blobs/${d}`)).status, 200);
});

test('manifests: bad JSON, too large, unknown blobs, wrong digest, bad tag are refused and nothing is stored', async (t) => {
  const reg = await startDemoRegistry(t);
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  const layer = randomBytes(100);
  await pushBlob(reg, 'm', config);
  const before = storedBlobCount(reg);
  const cases: [string, Buffer | string, string, number?][] = [
    ['v1', 'not json', 'MANIFEST_INVALID'],
    ['v1', '{"schemaVersion":1}', 'MANIFEST_INVALID'],
    [
      'v1',
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json' }),
      'MANIFEST_INVALID',
    ],
    ['v1', ociManifest(config, [layer]), 'MANIFEST_BLOB_UNKNOWN'],
    ['v1', Buffer.alloc(4 * 1024 * 1024 + 1, 0x20), 'MANIFEST_INVALID', 413],
    [sha256('something else'), ociManifest(config, []), 'DIGEST_INVALID'],
    // The spec has no TAG_INVALID: a manifest cannot be stored under such a reference.
    ['bad!tag', ociManifest(config, []), 'MANIFEST_INVALID'],
    ['.hidden', ociManifest(config, []), 'MANIFEST_INVALID'],
  ];
  for (const [ref, body, code, status] of cases) {
    const r = await putManifest(reg, 'm', ref, body);
    assert.equal(errorCode(r), code, `${ref}: ${r.body.toString().slice(0, 200)}`);
    if (status) assert.equal(r.status, status);
    else assert.ok(r.status >= 400 && r.status < 500);
  }
  const wrongSize = JSON.parse(ociManifest(config, []).toString()) as { config: { size: number } };
  wrongSize.config.size = 1;
  assert.equal(errorCode(await putManifest(reg, 'm', 'v1', JSON.stringify(wrongSize))), 'MANIFEST_INVALID');
  const mismatch = await putManifest(
    reg,
    'm',
    'v1',
    ociManifest(config, []),
    'application/vnd.oci.image.index.v1+json',
  );
  assert.equal(errorCode(mismatch), 'MANIFEST_INVALID');
  assert.equal(storedBlobCount(reg), before);
  assert.deepEqual((await registryRequest(reg, 'GET', '/v2/m/tags/list')).json(), { name: 'm', tags: [] });
});

test('manifests by tag and digest, index referencing manifests, delete tag vs digest', async (t) => {
  const reg = await startDemoRegistry(t);
  const img = await pushImage(reg, 'app', 'v1');
  const get = await registryRequest(reg, 'GET', '/v2/app/manifests/v1', {
    headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' },
  });
  assert.equal(get.status, 200);
  assert.equal(get.headers['docker-content-digest'], img.digest);
  assert.equal(get.headers['content-type'], 'application/vnd.oci.image.manifest.v1+json');
  assert.ok(get.body.equals(img.manifest));
  const head = await registryRequest(reg, 'HEAD', `/v2/app/manifests/${img.digest}`);
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String(img.manifest.length));
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: img.digest,
          size: img.manifest.length,
          platform: { architecture: 'amd64', os: 'linux' },
        },
      ],
    }),
  );
  const missingChild = JSON.parse(index.toString()) as { manifests: { digest: string }[] };
  missingChild.manifests[0]!.digest = sha256('absent');
  assert.equal(
    errorCode(
      await putManifest(
        reg,
        'app',
        'multi',
        JSON.stringify(missingChild),
        'application/vnd.oci.image.index.v1+json',
      ),
    ),
    'MANIFEST_BLOB_UNKNOWN',
  );
  assert.equal(
    (await putManifest(reg, 'app', 'multi', index, 'application/vnd.oci.image.index.v1+json')).status,
    201,
  );
  const dockerList = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: img.digest,
          size: img.manifest.length,
        },
      ],
    }),
  );
  const listType = 'application/vnd.docker.distribution.manifest.list.v2+json';
  assert.equal((await putManifest(reg, 'app', sha256(dockerList), dockerList, listType)).status, 201);
  const listGet = await registryRequest(reg, 'GET', `/v2/app/manifests/${sha256(dockerList)}`);
  assert.equal(listGet.headers['content-type'], listType);
  await putManifest(reg, 'app', 'v1-copy', img.manifest);
  assert.deepEqual((await registryRequest(reg, 'GET', '/v2/app/tags/list')).json(), {
    name: 'app',
    tags: ['multi', 'v1', 'v1-copy'],
  });
  assert.equal((await registryRequest(reg, 'DELETE', '/v2/app/manifests/v1-copy')).status, 202);
  assert.equal(
    (await registryRequest(reg, 'GET', '/v2/app/manifests/v1')).status,
    200,
    'deleting a tag keeps the manifest',
  );
  assert.equal((await registryRequest(reg, 'DELETE', `/v2/app/manifests/${img.digest}`)).status, 202);
  const gone = await registryRequest(reg, 'GET', '/v2/app/manifests/v1');
  assert.equal(gone.status, 404);
  assert.equal(errorCode(gone), 'MANIFEST_UNKNOWN');
  assert.deepEqual((await registryRequest(reg, 'GET', '/v2/app/tags/list')).json<{ tags: string[] }>().tags, [
    'multi',
  ]);
  assert.equal(errorCode(await registryRequest(reg, 'GET', '/v2/nothing/tags/list')), 'NAME_UNKNOWN');
});

test('tags and catalog paginate with n, last and a Link header', async (t) => {
  const reg = await startDemoRegistry(t);
  const img = await pushImage(reg, 'p/one', 'a');
  for (const tag of ['b', 'c', 'd', 'e']) await putManifest(reg, 'p/one', tag, img.manifest);
  await pushImage(reg, 'p/two', 'x');
  await pushImage(reg, 'zeta', 'x');
  const page1 = await registryRequest(reg, 'GET', '/v2/p/one/tags/list?n=2');
  assert.deepEqual(page1.json<{ tags: string[] }>().tags, ['a', 'b']);
  assert.equal(page1.headers.link, '</v2/p/one/tags/list?n=2&last=b>; rel="next"');
  const page2 = await registryRequest(reg, 'GET', '/v2/p/one/tags/list?n=2&last=b');
  assert.deepEqual(page2.json<{ tags: string[] }>().tags, ['c', 'd']);
  const page3 = await registryRequest(reg, 'GET', '/v2/p/one/tags/list?n=2&last=d');
  assert.deepEqual(page3.json<{ tags: string[] }>().tags, ['e']);
  assert.equal(page3.headers.link, undefined);
  const cat = await registryRequest(reg, 'GET', '/v2/_catalog?n=2');
  assert.deepEqual(cat.json(), { repositories: ['p/one', 'p/two'] });
  assert.match(String(cat.headers.link), /last=p%2Ftwo/);
  assert.deepEqual((await registryRequest(reg, 'GET', '/v2/_catalog?n=2&last=p%2Ftwo')).json(), {
    repositories: ['zeta'],
  });
  assert.equal((await registryRequest(reg, 'GET', '/v2/_catalog?n=-1')).status, 400);
});

test('referrers: subject recorded, OCI-Subject header, artifactType filter', async (t) => {
  const reg = await startDemoRegistry(t);
  const img = await pushImage(reg, 'ref', 'v1');
  const empty = Buffer.from('{}');
  await pushBlob(reg, 'ref', empty);
  const sig = (artifactType: string) =>
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType,
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: 2 },
        layers: [{ mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: 2 }],
        subject: {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: img.digest,
          size: img.manifest.length,
        },
      }),
    );
  const a = sig('application/vnd.example.sbom');
  const b = sig('application/vnd.example.signature');
  const put = await putManifest(reg, 'ref', sha256(a), a);
  assert.equal(put.status, 201);
  assert.equal(put.headers['oci-subject'], img.digest);
  await putManifest(reg, 'ref', sha256(b), b);
  const all = await registryRequest(reg, 'GET', `/v2/ref/referrers/${img.digest}`);
  assert.equal(all.status, 200);
  assert.equal(all.headers['content-type'], 'application/vnd.oci.image.index.v1+json');
  const list = all.json<{ manifests: { digest: string; artifactType: string }[] }>().manifests;
  assert.deepEqual(list.map((m) => m.digest).sort(), [sha256(a), sha256(b)].sort());
  const filtered = await registryRequest(
    reg,
    'GET',
    `/v2/ref/referrers/${img.digest}?artifactType=application/vnd.example.sbom`,
  );
  assert.equal(filtered.headers['oci-filters-applied'], 'artifactType');
  assert.deepEqual(
    filtered.json<{ manifests: { digest: string }[] }>().manifests.map((m) => m.digest),
    [sha256(a)],
  );
  // The GC keeps referrers of a live subject.
  await reg.gc();
  assert.equal((await registryRequest(reg, 'GET', `/v2/ref/manifests/${sha256(a)}`)).status, 200);
});

test('quota: an upload that would pass it is DENIED with the figures, and its temp data is freed', async (t) => {
  const reg = await startDemoRegistry(t, { quotaBytes: 100_000 });
  await pushBlob(reg, 'q', randomBytes(60_000));
  const big = randomBytes(50_000);
  const r = await registryRequest(reg, 'POST', `/v2/q/blobs/uploads/?digest=${sha256(big)}`, { body: big });
  assert.equal(r.status, 403);
  assert.equal(errorCode(r), 'DENIED');
  const msg = r.json<{ errors: { message: string }[] }>().errors[0]!.message;
  assert.match(msg, /quota/);
  assert.match(msg, /58\.6 KiB of the 97\.7 KiB quota/);
  // Chunked without a length: refused while streaming, session removed.
  const start = await registryRequest(reg, 'POST', '/v2/q/blobs/uploads/');
  const patch = await registryRequest(reg, 'PATCH', String(start.headers.location), {
    body: big,
    chunked: true,
  });
  assert.equal(errorCode(patch), 'DENIED');
  assert.equal(uploadCount(reg), 0);
  const usage = await reg.usage();
  assert.equal(usage.usedBytes, 60_000);
  assert.equal(usage.quotaBytes, 100_000);
  const usageHttp = await registryRequest(reg, 'GET', '/v2/_edge/usage');
  // What more fits: the quota's rest (the test's disk has more room than that).
  assert.deepEqual(usageHttp.json(), {
    usedBytes: 60_000,
    quotaBytes: 100_000,
    reclaimableBytes: 0,
    availableBytes: 40_000,
    blockedBy: null,
  });
});

test('settings: a quota set live refuses the next upload that passes it; settings are kept for the next start', async (t) => {
  const dataDir = tempDir(t, 'demo-settings-');
  const logged: string[] = [];
  const start = (opts: Partial<RegistryOptions> = {}) =>
    startRegistry({ port: 0, dataDir, log: (l) => logged.push(l), ...opts });
  let reg = await start();
  assert.deepEqual(await reg.settings(), { quotaBytes: null, gcSchedule: { dailyAt: '03:00' } });
  const demo = { ...reg, caFile: reg.info.caCertPath, host: new URL(reg.url).host };
  await pushBlob(demo, 'q', randomBytes(60_000));
  await reg.configure({ quotaBytes: 100_000, gcSchedule: { dailyAt: '01:30' } });
  const big = randomBytes(50_000);
  const r = await registryRequest(demo, 'POST', `/v2/q/blobs/uploads/?digest=${sha256(big)}`, { body: big });
  assert.equal(errorCode(r), 'DENIED');
  // Invalid settings: a message that says what to use, and nothing changes.
  await assert.rejects(
    reg.configure({ quotaBytes: -5, gcSchedule: false }),
    /invalid quota -5: use a positive number/,
  );
  await assert.rejects(reg.configure({ quotaBytes: null, gcSchedule: { dailyAt: '25:00' } }), /use HH:MM/);
  assert.equal((await reg.usage()).quotaBytes, 100_000);
  await reg.close();

  // Kept for the next start; options given to one run override them for that run only.
  reg = await start();
  assert.deepEqual(await reg.settings(), { quotaBytes: 100_000, gcSchedule: { dailyAt: '01:30' } });
  await reg.close();
  reg = await start({ quotaBytes: null, gcSchedule: false });
  assert.deepEqual(await reg.settings(), { quotaBytes: null, gcSchedule: false });
  await reg.close();
  reg = await start();
  assert.equal((await reg.settings()).quotaBytes, 100_000);
  await reg.close();

  // A damaged settings file does not stop the device: defaults, a log line, the file untouched.
  writeFileSync(join(dataDir, 'settings.json'), '{"quotaBytes": "lots"');
  reg = await start();
  t.after(() => reg.close());
  assert.deepEqual(await reg.settings(), { quotaBytes: null, gcSchedule: { dailyAt: '03:00' } });
  assert.ok(
    logged.some((l) => l.includes('settings.json') && l.includes('using the defaults')),
    logged.join('\n'),
  );
  assert.equal(readFileSync(join(dataDir, 'settings.json'), 'utf8'), '{"quotaBytes": "lots"');
});

test('settings over HTTP: GET and PUT /v2/_edge/settings, a bad body answered 400 with what to send', async (t) => {
  const reg = await startDemoRegistry(t);
  const get = await registryRequest(reg, 'GET', '/v2/_edge/settings');
  assert.deepEqual(get.json(), { quotaBytes: null, gcSchedule: false });
  const next = { quotaBytes: 5 << 20, gcSchedule: { dailyAt: '04:00' } };
  const put = await registryRequest(reg, 'PUT', '/v2/_edge/settings', {
    body: Buffer.from(JSON.stringify(next)),
  });
  assert.equal(put.status, 200);
  assert.deepEqual(put.json(), next);
  assert.deepEqual(await reg.settings(), next);
  for (const [body, message] of [
    ['{"quotaBytes": 0}', /settings invalid: invalid quota 0: use a positive number of bytes, or none/],
    ['{"gcSchedule": {"dailyAt": "4am"}}', /invalid GC time '4am': use HH:MM/],
    ['quota please', /settings invalid: the body is not JSON \(.*\); send \{"quotaBytes"/],
    [
      '{"quotaBytes": 1, "quotaBytes": 2}',
      /settings invalid: the body has the key "quotaBytes" twice in one object/,
    ],
  ] as const) {
    const r = await registryRequest(reg, 'PUT', '/v2/_edge/settings', { body: Buffer.from(body) });
    assert.equal(r.status, 400, body);
    assert.equal(errorCode(r), 'SETTINGS_INVALID');
    assert.match(r.json<{ errors: { message: string }[] }>().errors[0]!.message, message);
  }
  const huge = await registryRequest(reg, 'PUT', '/v2/_edge/settings', { body: Buffer.alloc(10_000, 32) });
  assert.equal(huge.status, 413);
  assert.deepEqual(await reg.settings(), next);
});

// skopeo sends `Connection: close` (its transport does not keep connections alive), Docker does not.
for (const [framing, connection] of [
  ['length', 'keep-alive'],
  ['chunked', 'keep-alive'],
  ['length', 'close'],
  ['chunked', 'close'],
] as const) {
  test(`a refused upload (${framing === 'length' ? 'too large up front' : 'over the quota mid-stream'}, Connection: ${connection}) is answered while the client still sends, with no reset; the connection closes later`, async (t) => {
    const reg = await startDemoRegistry(t, { quotaBytes: 1 << 20 });
    const start = await registryRequest(reg, 'POST', '/v2/q/blobs/uploads/');
    const [host, port] = reg.host.split(':') as [string, string];
    const s = connect({ host, port: Number(port), ca: readFileSync(reg.caFile) });
    t.after(() => s.destroy());
    await new Promise((resolve) => s.once('secureConnect', resolve));
    const auth = Buffer.from(`${reg.info.username}:${reg.info.password}`).toString('base64');
    // 64 MiB announced: refused before any of it is read; chunked: refused once past 1 MiB.
    const framingHeader = framing === 'length' ? `Content-Length: ${64 << 20}` : 'Transfer-Encoding: chunked';
    s.write(
      `PATCH ${String(start.headers.location)} HTTP/1.1\r\nHost: ${reg.host}\r\nAuthorization: Basic ${auth}\r\n` +
        `Connection: ${connection}\r\nContent-Type: application/octet-stream\r\n${framingHeader}\r\n\r\n`,
    );
    let answer = '';
    let error: unknown;
    s.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    s.on('error', (e) => (error = e));
    const closed = new Promise((resolve) => s.once('close', resolve));
    // Go's transport (skopeo, Docker) goes on writing while the answer travels; 8 MiB of body
    // after the refusal must still be taken, or the client sees "broken pipe" instead of DENIED.
    const data = randomBytes(256 << 10);
    const chunk =
      framing === 'length'
        ? data
        : Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    let sent = 0;
    while (sent < 8 << 20 && !s.destroyed) {
      if (!s.write(chunk)) await Promise.race([once(s, 'drain'), closed]);
      sent += data.length;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(error, undefined);
    assert.equal(sent, 8 << 20);
    assert.match(answer, /^HTTP\/1\.1 403 /);
    assert.match(answer, /"code":"DENIED"/);
    // The rest never comes: the registry stops reading after a moment (bounded).
    await closed;
    assert.equal(uploadCount(reg), 0);
  });
}

test('GC reclaims deleted images and untagged manifests, keeps tagged ones and fresh uploads', async (t) => {
  const reg = await startDemoRegistry(t);
  const keep = await pushImage(reg, 'gc/app', 'keep', 5000);
  const drop = await pushImage(reg, 'gc/app', 'drop', 7000);
  const fresh = await pushBlob(reg, 'gc/app', randomBytes(3000)); // pushed, no manifest yet: kept (grace)
  assert.equal((await registryRequest(reg, 'DELETE', `/v2/gc/app/manifests/${drop.digest}`)).status, 202);
  const dry = await reg.gc({ dryRun: true });
  assert.equal(dry.blobsRemoved, 3);
  assert.equal((await reg.usage()).reclaimableBytes, dry.bytesReclaimed);
  const usedBefore = (await reg.usage()).usedBytes;
  const res = await reg.gc();
  assert.deepEqual(res, dry);
  assert.equal(res.bytesReclaimed, drop.layer.length + drop.config.length + drop.manifest.length);
  // The fresh blob is what the grace period kept, and the result says how much.
  assert.equal(res.bytesKeptRecent, 3000);
  assert.equal((await reg.usage()).usedBytes, usedBefore - res.bytesReclaimed);
  assert.equal((await registryRequest(reg, 'GET', `/v2/gc/app/blobs/${sha256(keep.layer)}`)).status, 200);
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/gc/app/blobs/${fresh}`)).status, 200);
  // Untag: the manifest becomes unreachable and goes with its blobs.
  await registryRequest(reg, 'DELETE', '/v2/gc/app/manifests/keep');
  const res2 = await reg.gc();
  assert.equal(res2.manifestsRemoved, 1);
  assert.equal(res2.blobsRemoved, 3);
  assert.equal((await registryRequest(reg, 'GET', `/v2/gc/app/manifests/${keep.digest}`)).status, 404);
  const http = await registryRequest(reg, 'POST', '/v2/_edge/gc?dryRun=true');
  assert.equal(http.status, 200);
  assert.deepEqual(Object.keys(http.json<object>()).sort(), [
    'blobsRemoved',
    'bytesKeptRecent',
    'bytesReclaimed',
    'manifestsRemoved',
    'uploadsRemoved',
  ]);
});

test("GC keeps a deleted image's layer that a client just checked (a push may be about to use it), and says how much", async (t) => {
  const reg = await startDemoRegistry(t);
  const img = await pushImage(reg, 'gc/kept', 'v1', 4000);
  // A client about to push another image with this layer asks whether the registry has it.
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/gc/kept/blobs/${sha256(img.layer)}`)).status, 200);
  assert.equal((await registryRequest(reg, 'DELETE', `/v2/gc/kept/manifests/${img.digest}`)).status, 202);
  const res = await reg.gc();
  assert.equal(res.bytesReclaimed, img.config.length + img.manifest.length);
  assert.equal(res.bytesKeptRecent, img.layer.length);
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/gc/kept/blobs/${sha256(img.layer)}`)).status, 200);
});

test('the usage figure follows each kind of change and the end of a grace period, with no GC run between', async (t) => {
  const graceMs = 1500;
  const reg = await startDemoRegistry(t, { gcGraceMs: graceMs });
  // Each step asks for usage twice (the second answer may be one kept from the first) and checks
  // both against a dry run, which always reads the whole store.
  const check = async (step: string, expected: number) => {
    const first = (await reg.usage()).reclaimableBytes;
    const second = (await reg.usage()).reclaimableBytes;
    const dry = (await reg.gc({ dryRun: true })).bytesReclaimed;
    assert.deepEqual([first, second, dry], [expected, expected, expected], step);
  };
  const kept = await pushImage(reg, 'usage/app', 'kept', 3000);
  const img = await pushImage(reg, 'usage/app', 'v1', 5000);
  const imgBytes = img.config.length + img.layer.length + img.manifest.length;
  await check('tagged images', 0);
  assert.equal((await registryRequest(reg, 'DELETE', '/v2/usage/app/manifests/v1')).status, 202);
  await check('after untagging', imgBytes);
  const fresh = randomBytes(2000);
  const freshAt = performance.now();
  await pushBlob(reg, 'usage/app', fresh);
  await check('a blob just pushed is kept for the grace period', imgBytes);
  // A client checks the untagged image's layer (a push may be about to use it): kept as well.
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/usage/app/blobs/${sha256(img.layer)}`)).status, 200);
  const headAt = performance.now();
  await check('after a HEAD of its layer', imgBytes - img.layer.length);
  // Nothing is written from here on: only time passes.
  await sleep(Math.max(freshAt, headAt) + graceMs + 100 - performance.now());
  await check('after the grace period', imgBytes + fresh.length);
  assert.equal((await reg.gc()).bytesReclaimed, imgBytes + fresh.length);
  await check('after GC', 0);
  assert.equal((await registryRequest(reg, 'DELETE', `/v2/usage/app/manifests/${kept.digest}`)).status, 202);
  await check('after deleting by digest', kept.config.length + kept.layer.length + kept.manifest.length);
});

/** Sets the mtime of every `pending` marker under the data dir to `when` (as a clock that moved would). */
function agePendingMarkers(reg: DemoRegistry, when: Date): number {
  let n = 0;
  const root = join(reg.dataDir, 'registry', 'repositories');
  for (const p of readdirSync(root, { recursive: true }).map(String)) {
    if (p.endsWith('pending')) {
      utimesSync(join(root, p), when, when);
      n++;
    }
  }
  return n;
}

test("GC and the device's clock jumping forward (NTP after a boot without RTC): a layer just uploaded is still kept", async (t) => {
  const reg = await startDemoRegistry(t);
  const layer = randomBytes(3000);
  await pushBlob(reg, 'gc/clock', layer);
  // The upload's marker now looks 3 hours old: as if the clock moved 3 hours ahead since.
  assert.equal(agePendingMarkers(reg, new Date(Date.now() - 3 * 3600_000)), 1);
  const res = await reg.gc();
  assert.equal(res.blobsRemoved, 0);
  assert.equal(res.bytesKeptRecent, layer.length);
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/gc/clock/blobs/${sha256(layer)}`)).status, 200);
});

test('GC and a clock that went back: a pending upload marked in the future is not kept for ever', async (t) => {
  const dataDir = tempDir(t, 'gc-clock-');
  const first = await startDemoRegistry(t, { dataDir });
  const layer = randomBytes(3000);
  await pushBlob(first, 'gc/clock', layer);
  await first.close();
  // Written when the clock was a year ahead; after a restart only the marker's time is known.
  const reg = await startDemoRegistry(t, { dataDir });
  assert.equal(agePendingMarkers(reg, new Date(Date.now() + 365 * 24 * 3600_000)), 1);
  const res = await reg.gc();
  assert.equal(res.bytesReclaimed, layer.length);
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/gc/clock/blobs/${sha256(layer)}`)).status, 404);
});

test('unknown paths and methods never give a 500', async (t) => {
  const reg = await startDemoRegistry(t);
  assert.equal((await registryRequest(reg, 'GET', '/v2/a/nothing/here')).status, 404);
  assert.equal((await registryRequest(reg, 'GET', '/other')).status, 404);
  assert.equal((await registryRequest(reg, 'POST', '/v2/a/tags/list')).status, 405);
  assert.equal((await registryRequest(reg, 'GET', '/v2/a/manifests/sha256:zz')).status, 400);
  assert.equal(
    (await registryRequest(reg, 'PUT', '/v2/a/blobs/uploads/not-a-uuid?digest=sha256:00')).status,
    404,
  );
});

test('scheduled GC reclaims a deleted image by itself', async (t) => {
  let reclaimed!: (line: string) => void;
  const ran = new Promise<string>((r) => (reclaimed = r));
  const reg = await startDemoRegistry(t, {
    gcSchedule: { everyMs: 50 },
    log: (line) => {
      if (/scheduled GC freed [1-9]/.test(line)) reclaimed(line);
    },
  });
  const img = await pushImage(reg, 'sched', 'v1', 4000);
  assert.equal((await registryRequest(reg, 'DELETE', `/v2/sched/manifests/${img.digest}`)).status, 202);
  assert.match(await ran, /scheduled GC freed \d+ bytes \(3 blobs\)/);
  assert.equal((await reg.usage()).usedBytes, 0);
});

test('a nightly GC missed while the registry was not running runs at its next start', async (t) => {
  const first = await startDemoRegistry(t);
  const img = await pushImage(first, 'missed', 'v1', 4000);
  assert.equal((await registryRequest(first, 'DELETE', `/v2/missed/manifests/${img.digest}`)).status, 202);
  await first.close();
  // As if it last served two days ago (its bookmark: the end of its last GC run, or its first start).
  const bookmark = join(first.dataDir, 'registry', 'gc-schedule.json');
  assert.ok(JSON.parse(readFileSync(bookmark, 'utf8')).settledUntil, 'the first start set the bookmark');
  const twoDaysAgo = Date.now() - 2 * 24 * 3600_000;
  writeFileSync(bookmark, JSON.stringify({ settledUntil: new Date(twoDaysAgo).toISOString() }));

  let reclaimed!: (line: string) => void;
  const ran = new Promise<string>((r) => (reclaimed = r));
  const again = await startDemoRegistry(t, {
    dataDir: first.dataDir,
    gcSchedule: { dailyAt: '03:00' },
    log: (line) => {
      if (/scheduled GC freed/.test(line)) reclaimed(line);
    },
  });
  assert.match(await ran, /scheduled GC freed \d+ bytes \(3 blobs\)/);
  assert.equal((await again.usage()).usedBytes, 0);
  const settled = Date.parse(JSON.parse(readFileSync(bookmark, 'utf8')).settledUntil);
  assert.ok(settled > twoDaysAgo, 'the run moved the bookmark on');
});

test('property: no request a client can make gives a 500 or a non-spec error body', async (t) => {
  const fc = await import('fast-check');
  const reg = await startDemoRegistry(t);
  const img = await pushImage(reg, 'fuzz/app', 'v1');
  const segment = fc.constantFrom(
    'fuzz',
    'app',
    'Fuzz',
    '..',
    '.',
    '%2e%2e',
    'a__b',
    'manifests',
    'blobs',
    'uploads',
    'tags',
    'list',
    'referrers',
    '_catalog',
    '_edge',
    'v1',
    img.digest,
    'sha256:zz',
    '00000000-0000-4000-8000-000000000000',
    '',
    'x'.repeat(300),
  );
  const request = fc.record({
    method: fc.constantFrom('GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'),
    path: fc.array(segment, { minLength: 0, maxLength: 6 }).map((s) => '/v2/' + s.join('/')),
    query: fc.constantFrom(
      '',
      '?n=2',
      '?n=-5',
      '?n=x',
      '?digest=sha256:00',
      `?digest=${img.digest}`,
      '?mount=x&from=..',
    ),
    body: fc.option(
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
      { nil: undefined },
    ),
    range: fc.option(fc.constantFrom('0-0', '5-2', 'bytes=0-1', 'x', '0-99999999999'), { nil: undefined }),
  });
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const res = await registryRequest(reg, r.method, r.path + r.query, {
        body: r.body,
        headers: r.range ? { 'Content-Range': r.range, Range: r.range } : {},
      });
      assert.notEqual(
        res.status,
        500,
        `${r.method} ${r.path}${r.query}: ${res.body.toString().slice(0, 200)}`,
      );
      if (res.status >= 400 && r.method !== 'HEAD') {
        const code = errorCode(res);
        assert.match(code, /^[A-Z_]+$/);
      }
    }),
    { numRuns: 300 },
  );
  await pullCheck(reg, img);
});

async function pullCheck(reg: DemoRegistry, img: { manifest: Buffer; digest: string }) {
  const r = await registryRequest(reg, 'GET', '/v2/fuzz/app/manifests/v1');
  // The fuzzer may have deleted the tag or manifest (that is allowed); if it is there, it is intact.
  if (r.status === 200) assert.ok(r.body.equals(img.manifest));
}

/**
 * Starts an upload session on `repo` and a PATCH of `blob` on its own connection, resolved once
 * the server's handler has the request and the session (100 Continue); the body is the caller's
 * to write, end or abandon.
 */
async function openPatch(reg: DemoRegistry, repo: string, blob: Buffer) {
  const { request } = await import('node:https');
  const start = await registryRequest(reg, 'POST', `/v2/${repo}/blobs/uploads/`);
  const loc = String(start.headers.location);
  const url = new URL(reg.url);
  const req = request({
    host: url.hostname,
    port: url.port,
    path: loc,
    method: 'PATCH',
    ca: readFileSync(reg.caFile),
    agent: false,
    headers: {
      Authorization: `Basic ${Buffer.from(`${reg.info.username}:${reg.info.password}`).toString('base64')}`,
      'Content-Length': blob.length,
      'Content-Range': `0-${blob.length - 1}`,
      Expect: '100-continue',
    },
  });
  req.on('error', () => {}); // a cut connection is what these tests make
  // Each write goes out at once: Nagle's algorithm held pieces back until earlier ones were
  // acknowledged, and the registry then got several at once (the slow-PATCH test's timing).
  req.setNoDelay(true);
  await new Promise<void>((resolve) => req.once('continue', resolve));
  return { loc, req };
}

/** A client's resume: asks for the offset, sends the rest of `blob` from there, finishes; the offset. */
async function resumeUpload(reg: DemoRegistry, loc: string, blob: Buffer): Promise<number> {
  const status = await registryRequest(reg, 'GET', loc);
  assert.equal(status.status, 204);
  // "0-0" is how the spec's Range says "nothing yet" (as Distribution does).
  const offset = status.headers.range === '0-0' ? 0 : Number(String(status.headers.range).split('-')[1]) + 1;
  const rest = await registryRequest(reg, 'PATCH', loc, {
    body: blob.subarray(offset),
    headers: { 'Content-Range': `${offset}-${blob.length - 1}` },
  });
  assert.equal(rest.status, 202, rest.body.toString());
  const put = await registryRequest(reg, 'PUT', `${loc}?digest=${sha256(blob)}`);
  assert.equal(put.status, 201, put.body.toString());
  return offset;
}

test('a PATCH cut off by a broken connection resumes from the offset the registry then reports', async (t) => {
  const reg = await startDemoRegistry(t);
  const blob = randomBytes(400_000);
  const { loc, req } = await openPatch(reg, 'flaky', blob);
  await new Promise<void>((resolve) => req.write(blob.subarray(0, 150_000), () => resolve()));
  req.destroy();
  const offset = await resumeUpload(reg, loc, blob);
  assert.ok(offset <= 150_000, `offset ${offset}`);
  const got = await registryRequest(reg, 'GET', `/v2/flaky/blobs/${sha256(blob)}`);
  assert.ok(got.body.equals(blob));
  t.diagnostic(`resumed at ${offset} of 150000 sent`);
});

test(
  'a PATCH whose connection went silent (half-open: the client is gone, no FIN) does not block the resume',
  { timeout: 30_000 },
  async (t) => {
    const reg = await startDemoRegistry(t, { uploadStallMs: 300 });
    const blob = randomBytes(400_000);
    const { loc, req } = await openPatch(reg, 'stalled', blob);
    t.after(() => req.destroy());
    await new Promise<void>((resolve) => req.write(blob.subarray(0, 150_000), () => resolve()));
    // The connection stays open and sends nothing more, as when the client's network dropped.
    // Its retry (a new connection) must get the offset, not wait behind the dead one forever.
    const offset = await resumeUpload(reg, loc, blob);
    assert.ok(offset > 0 && offset <= 150_000, `offset ${offset}`);
    assert.ok((await registryRequest(reg, 'GET', `/v2/stalled/blobs/${sha256(blob)}`)).body.equals(blob));
  },
);

test(
  'a PATCH that is slow but still sending is not cut off by a status request',
  { timeout: 30_000 },
  async (t) => {
    const reg = await startDemoRegistry(t, { uploadStallMs: 300 });
    const blob = randomBytes(200_000);
    const { loc, req } = await openPatch(reg, 'slow', blob);
    const answered = new Promise<number>((resolve, reject) => {
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.once('error', reject);
    });
    // A PATCH cut off fails the assertions below, which say why; not an unhandled rejection.
    answered.catch(() => {});
    // From here the registry's clock moves only as the test moves it, 100 ms between pieces
    // (under the 300 ms stall limit), and only once the registry has read the piece before: a
    // round trip on another connection, begun after the piece was sent, ends after the
    // registry read it. Moved as soon as a write returned (and with Nagle holding pieces back),
    // the clock ran ahead of the reads and three pieces in flight looked like 300 ms of
    // silence: half the runs failed on 2 vCPUs.
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const piece = 10_000;
    const send = async (at: number) => {
      await new Promise<void>((resolve) => req.write(blob.subarray(at, at + piece), () => resolve()));
      assert.equal((await registryRequest(reg, 'GET', '/v2/')).status, 200);
      t.mock.timers.tick(100);
    };
    let at = 0;
    for (; at < blob.length / 2; at += piece) await send(at);
    // The status request comes in the middle; it must wait for the chunk, not take the session.
    // It is in by the first round trip after it, and a registry that answered it without
    // waiting would have by the last.
    let statusAnswered = false;
    const status = registryRequest(reg, 'GET', loc).finally(() => (statusAnswered = true));
    for (; at < blob.length; at += piece) await send(at);
    assert.equal(statusAnswered, false, 'the status request waits while the chunk is still coming');
    req.end();
    // It waited for the chunk: the offset is the whole blob.
    assert.equal((await status).headers.range, `0-${blob.length - 1}`);
    assert.equal(await answered, 202);
    const put = await registryRequest(reg, 'PUT', `${loc}?digest=${sha256(blob)}`);
    assert.equal(put.status, 201, put.body.toString());
  },
);

test(
  'a body that goes silent is cut off after the idle timeout, and the upload resumes from what arrived',
  { timeout: 30_000 },
  async (t) => {
    // No other request comes for the session: the idle timeout alone frees the connection.
    const reg = await startDemoRegistry(t, { bodyIdleMs: 300 });
    const blob = randomBytes(400_000);
    const { loc, req } = await openPatch(reg, 'silent', blob);
    t.after(() => req.destroy());
    const closed = new Promise<void>((resolve) => req.once('close', resolve));
    await new Promise<void>((resolve) => req.write(blob.subarray(0, 150_000), () => resolve()));
    await closed;
    const offset = await resumeUpload(reg, loc, blob);
    assert.ok(offset > 0 && offset <= 150_000, `offset ${offset}`);
    assert.ok((await registryRequest(reg, 'GET', `/v2/silent/blobs/${sha256(blob)}`)).body.equals(blob));
    assert.equal(uploadCount(reg), 0);

    // A manifest body that stalls: cut off the same way, nothing stored.
    const { request } = await import('node:https');
    const url = new URL(reg.url);
    const put = request({
      host: url.hostname,
      port: url.port,
      path: '/v2/silent/manifests/v1',
      method: 'PUT',
      ca: readFileSync(reg.caFile),
      agent: false,
      headers: {
        Authorization: `Basic ${Buffer.from(`${reg.info.username}:${reg.info.password}`).toString('base64')}`,
        'Content-Type': 'application/vnd.oci.image.manifest.v1+json',
        'Content-Length': 1000,
      },
    });
    put.on('error', () => {});
    t.after(() => put.destroy());
    const putClosed = new Promise<void>((resolve) => put.once('close', resolve));
    put.write('{"schemaVersion"');
    await putClosed;
    assert.deepEqual((await registryRequest(reg, 'GET', '/v2/silent/tags/list')).json(), {
      name: 'silent',
      tags: [],
    });
  },
);

function sha512(bytes: Buffer | string): string {
  return `sha512:${createHash('sha512').update(bytes).digest('hex')}`;
}

test('sha512 digests: uploads (monolithic, chunked, streamed), GET/HEAD/DELETE, mount, manifests by digest', async (t) => {
  const reg = await startDemoRegistry(t);
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  const layer = randomBytes(300_000);
  // Monolithic: hashed with sha512 as it streams.
  const mono = await registryRequest(reg, 'POST', `/v2/s5/app/blobs/uploads/?digest=${sha512(config)}`, {
    body: config,
  });
  assert.equal(mono.status, 201, mono.body.toString());
  assert.equal(mono.headers['docker-content-digest'], sha512(config));
  assert.equal(mono.headers.location, `/v2/s5/app/blobs/${sha512(config)}`);
  // Chunked, announced with digest-algorithm (hashed as it streams), the last chunk in the PUT.
  const start = await registryRequest(reg, 'POST', '/v2/s5/app/blobs/uploads/?digest-algorithm=sha512');
  assert.equal(start.status, 202);
  const loc = String(start.headers.location);
  const c1 = await registryRequest(reg, 'PATCH', loc, {
    body: layer.subarray(0, 100_000),
    headers: { 'Content-Range': '0-99999' },
  });
  assert.equal(c1.status, 202);
  const fin = await registryRequest(reg, 'PUT', `${loc}?digest=${sha512(layer)}`, {
    body: layer.subarray(100_000),
    headers: { 'Content-Range': '100000-299999' },
  });
  assert.equal(fin.status, 201, fin.body.toString());
  assert.equal(fin.headers['docker-content-digest'], sha512(layer));
  // Streamed (no length), not announced: verified by reading the data once more at the end.
  const other = randomBytes(50_000);
  const s2 = await registryRequest(reg, 'POST', '/v2/s5/app/blobs/uploads/');
  const loc2 = String(s2.headers.location);
  assert.equal((await registryRequest(reg, 'PATCH', loc2, { body: other, chunked: true })).status, 202);
  const wrong = await registryRequest(reg, 'PUT', `${loc2}?digest=${sha512('not it')}`);
  assert.equal(errorCode(wrong), 'DIGEST_INVALID');
  assert.match(
    wrong.json<{ errors: { message: string }[] }>().errors[0]!.message,
    /are sha512:[0-9a-f]{128}, not/,
  );
  const s3 = await registryRequest(reg, 'POST', '/v2/s5/app/blobs/uploads/');
  const loc3 = String(s3.headers.location);
  assert.equal((await registryRequest(reg, 'PATCH', loc3, { body: other, chunked: true })).status, 202);
  assert.equal((await registryRequest(reg, 'PUT', `${loc3}?digest=${sha512(other)}`)).status, 201);
  // Algorithms the registry does not take are refused before any byte.
  const md5 = await registryRequest(reg, 'POST', '/v2/s5/app/blobs/uploads/?digest-algorithm=md5');
  assert.equal(md5.status, 400);
  assert.equal(errorCode(md5), 'DIGEST_INVALID');
  // GET, HEAD, Range by sha512: the digest asked for comes back.
  const got = await registryRequest(reg, 'GET', `/v2/s5/app/blobs/${sha512(layer)}`);
  assert.equal(got.status, 200);
  assert.ok(got.body.equals(layer));
  assert.equal(got.headers['docker-content-digest'], sha512(layer));
  const head = await registryRequest(reg, 'HEAD', `/v2/s5/app/blobs/${sha512(layer)}`);
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String(layer.length));
  const part = await registryRequest(reg, 'GET', `/v2/s5/app/blobs/${sha512(layer)}`, {
    headers: { Range: 'bytes=10-19' },
  });
  assert.equal(part.status, 206);
  assert.ok(part.body.equals(layer.subarray(10, 20)));
  assert.equal(
    (await registryRequest(reg, 'HEAD', `/v2/s5/app/blobs/${sha256(layer)}`)).status,
    404,
    'stored under the digest it was pushed with',
  );
  // Mount by sha512.
  const mount = await registryRequest(
    reg,
    'POST',
    `/v2/s5/copy/blobs/uploads/?mount=${sha512(layer)}&from=s5/app`,
  );
  assert.equal(mount.status, 201);
  assert.equal(mount.headers['docker-content-digest'], sha512(layer));
  // A manifest whose descriptors are sha512, pushed by its sha512 digest.
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha512(config),
        size: config.length,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha512(layer), size: layer.length },
      ],
    }),
  );
  const byDigest = await putManifest(reg, 's5/app', sha512(manifest), manifest);
  assert.equal(byDigest.status, 201, byDigest.body.toString());
  assert.equal(byDigest.headers['docker-content-digest'], sha512(manifest));
  assert.equal(byDigest.headers.location, `/v2/s5/app/manifests/${sha512(manifest)}`);
  const mismatch = await putManifest(reg, 's5/app', sha512('other'), manifest);
  assert.equal(errorCode(mismatch), 'DIGEST_INVALID');
  for (const method of ['GET', 'HEAD']) {
    const m = await registryRequest(reg, method, `/v2/s5/app/manifests/${sha512(manifest)}`);
    assert.equal(m.status, 200, method);
    assert.equal(m.headers['docker-content-digest'], sha512(manifest), method);
    if (method === 'GET') assert.ok(m.body.equals(manifest));
  }
  // By tag it is stored as sha256, the canonical algorithm; the tag answers that digest.
  assert.equal(
    (await putManifest(reg, 's5/app', 'v1', manifest)).headers['docker-content-digest'],
    sha256(manifest),
  );
  assert.equal(
    (await registryRequest(reg, 'GET', '/v2/s5/app/manifests/v1')).headers['docker-content-digest'],
    sha256(manifest),
  );
  assert.deepEqual((await fsck(reg.dataDir, { served: true })).problems, []);
  // DELETE by sha512; GC then reclaims the sha512 blobs no manifest uses.
  assert.equal(
    (await registryRequest(reg, 'DELETE', `/v2/s5/app/manifests/${sha512(manifest)}`)).status,
    202,
  );
  assert.equal(
    (await registryRequest(reg, 'DELETE', `/v2/s5/app/manifests/${sha256(manifest)}`)).status,
    202,
  );
  assert.equal((await registryRequest(reg, 'DELETE', `/v2/s5/copy/blobs/${sha512(layer)}`)).status, 202);
  assert.equal((await registryRequest(reg, 'HEAD', `/v2/s5/copy/blobs/${sha512(layer)}`)).status, 404);
  const gcReg = await startDemoRegistry(t, { dataDir: (await reg.close(), reg.dataDir), gcGraceMs: 0 });
  const gc = await gcReg.gc();
  assert.ok(gc.blobsRemoved >= 4, JSON.stringify(gc));
  assert.equal((await gcReg.usage()).usedBytes, 0);
  assert.deepEqual((await fsck(gcReg.dataDir, { served: true })).problems, []);
});

test('an upload session started for sha512 keeps hashing with it after a restart', async (t) => {
  const first = await startDemoRegistry(t);
  const blob = randomBytes(200_000);
  const start = await registryRequest(first, 'POST', '/v2/r5/blobs/uploads/?digest-algorithm=sha512');
  const loc = String(start.headers.location);
  await registryRequest(first, 'PATCH', loc, {
    body: blob.subarray(0, 120_000),
    headers: { 'Content-Range': '0-119999' },
  });
  await first.close();
  const again = await startDemoRegistry(t, { dataDir: first.dataDir });
  const fin = await registryRequest(again, 'PUT', `${loc}?digest=${sha512(blob)}`, {
    body: blob.subarray(120_000),
    headers: { 'Content-Range': '120000-199999' },
  });
  assert.equal(fin.status, 201, fin.body.toString());
  assert.ok((await registryRequest(again, 'GET', `/v2/r5/blobs/${sha512(blob)}`)).body.equals(blob));
});

test('GET, HEAD and DELETE of a manifest by a reference that is no valid tag: 404 MANIFEST_UNKNOWN', async (t) => {
  const reg = await startDemoRegistry(t);
  await pushImage(reg, 'refs', 'v1');
  for (const ref of ['.INVALID', '-x', 'a'.repeat(129), 'bad!tag', '%2e%2e']) {
    for (const method of ['GET', 'HEAD', 'DELETE']) {
      const r = await registryRequest(reg, method, `/v2/refs/manifests/${ref}`);
      assert.equal(r.status, 404, `${method} ${ref}`);
      if (method !== 'HEAD') assert.equal(errorCode(r), 'MANIFEST_UNKNOWN', `${method} ${ref}`);
    }
  }
  // A digest of an algorithm the registry does not take is a bad digest, as the spec says.
  assert.equal(
    errorCode(await registryRequest(reg, 'GET', `/v2/refs/manifests/md5:${'0'.repeat(32)}`)),
    'DIGEST_INVALID',
  );
});

test('PUT of a manifest by digest with tag parameters tags it with each, answering OCI-Tag per tag', async (t) => {
  const reg = await startDemoRegistry(t);
  const config = Buffer.from('{"architecture":"arm64","os":"linux"}');
  await pushBlob(reg, 'multi', config);
  const manifest = ociManifest(config, []);
  const d = sha256(manifest);
  const r = await putManifest(reg, 'multi', `${d}?tag=1.2.3&tag=1.2&tag=1&tag=latest`, manifest);
  assert.equal(r.status, 201, r.body.toString());
  assert.equal(r.headers['docker-content-digest'], d);
  assert.deepEqual(String(r.headers['oci-tag']).split(', ').sort(), ['1', '1.2', '1.2.3', 'latest']);
  assert.deepEqual((await registryRequest(reg, 'GET', '/v2/multi/tags/list')).json(), {
    name: 'multi',
    tags: ['1', '1.2', '1.2.3', 'latest'],
  });
  for (const tag of ['1', 'latest'])
    assert.equal(
      (await registryRequest(reg, 'GET', `/v2/multi/manifests/${tag}`)).headers['docker-content-digest'],
      d,
    );
  // One invalid tag: refused before anything is stored or tagged.
  const other = ociManifest(config, [], { extra: { annotations: { n: '2' } } });
  const bad = await putManifest(reg, 'multi', `${sha256(other)}?tag=ok&tag=.bad`, other);
  assert.equal(bad.status, 400);
  assert.equal(errorCode(bad), 'MANIFEST_INVALID');
  assert.equal((await registryRequest(reg, 'GET', `/v2/multi/manifests/${sha256(other)}`)).status, 404);
  assert.equal((await registryRequest(reg, 'GET', '/v2/multi/manifests/ok')).status, 404);
  // More than the registry takes in one request: 414, as the spec allows.
  const many = Array.from({ length: 101 }, (_, i) => `tag=t${i}`).join('&');
  assert.equal((await putManifest(reg, 'multi', `${sha256(other)}?${many}`, other)).status, 414);
  // Without tag parameters, no OCI-Tag.
  assert.equal((await putManifest(reg, 'multi', sha256(other), other)).headers['oci-tag'], undefined);
});

test('a Range of several ranges gets the whole blob (200), as RFC 9110 allows', async (t) => {
  const reg = await startDemoRegistry(t);
  const blob = randomBytes(1000);
  const d = await pushBlob(reg, 'ranges', blob);
  for (const range of ['bytes=0-1,3-4', 'bytes=0-1, 3-4', 'bytes=-1,0-0', 'bytes=0-1,5000-']) {
    const r = await registryRequest(reg, 'GET', `/v2/ranges/blobs/${d}`, { headers: { Range: range } });
    assert.equal(r.status, 200, range);
    assert.ok(r.body.equals(blob), range);
    assert.equal(r.headers['content-range'], undefined, range);
  }
  const none = await registryRequest(reg, 'GET', `/v2/ranges/blobs/${d}`, {
    headers: { Range: 'bytes=2000-,3000-' },
  });
  assert.equal(none.status, 416);
  assert.equal(none.headers['content-range'], 'bytes */1000');
});
