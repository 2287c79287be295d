// Hostile request bodies against every route of the embedded registry that reads a body: the
// process survives, each is refused with a 4xx (never a 500), the server still answers, nothing
// half-stored is left (fsck is clean) and no prototype is polluted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startDemoRegistry, registryRequest, type DemoRegistry } from '../support/demo.js';
import { fsck } from '../../electron/registry-server/fsck.js';
import { ociManifest, sha256 } from '../support/oci-layout.js';

const manifestType = 'application/vnd.oci.image.manifest.v1+json';

function hostileBodies(config: Buffer): [string, Buffer][] {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const valid = JSON.parse(ociManifest(config, []).toString()) as Record<string, unknown>;
  const withConfig = (configJson: string) =>
    `{"schemaVersion":2,"mediaType":"${manifestType}","config":${configJson},"layers":[]}`;
  return [
    // The crash: ~12 KB, 6000 levels, echoed into the error body by the old code.
    ['deep schemaVersion', Buffer.from(`{"schemaVersion":${nest(6000)}}`)],
    ['deep descriptor digest', Buffer.from(withConfig(`{"mediaType":"x","digest":${nest(6000)},"size":1}`))],
    ['deep objects', Buffer.from('{"a":'.repeat(20000) + '1' + '}'.repeat(20000))],
    ['huge exponent', Buffer.from('{"schemaVersion":1e999999}')],
    [
      'huge size',
      Buffer.from(
        withConfig(`{"mediaType":"x","digest":"${sha256(config)}","size":1${'0'.repeat(100_000)}}`),
      ),
    ],
    ['huge quota', Buffer.from(`{"quotaBytes":9${'9'.repeat(400)}}`)],
    [
      'negative zero size',
      Buffer.from(withConfig(`{"mediaType":"x","digest":"${sha256(config)}","size":-0}`)),
    ],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from('{"schemaVersion":2,"annotations":{"a":"'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('"}}'),
      ]),
    ],
    ['4 MiB + 1', Buffer.alloc(4 * 1024 * 1024 + 1, '[')],
    ['duplicate keys', Buffer.from(JSON.stringify(valid).replace('{', '{"layers":[{"digest":"x"}],'))],
    ['duplicate escaped key', Buffer.from(JSON.stringify(valid).replace('{', '{"l\\u0061yers":7,'))],
    ['__proto__ key', Buffer.from(JSON.stringify(valid).replace('{', '{"__proto__":{"polluted":true},'))],
    ['__proto__ quota', Buffer.from('{"__proto__":{"quotaBytes":1,"polluted":true}}')],
    ['constructor.prototype', Buffer.from('{"constructor":{"prototype":{"polluted":true}}}')],
    ['empty', Buffer.alloc(0)],
    ['NUL bytes', Buffer.alloc(1000, 0)],
    ['random', randomBytes(64 * 1024)],
  ];
}

/** Every route that reads a request body, as [method, path] (uploads get a fresh session each). */
async function bodyRoutes(reg: DemoRegistry, body: Buffer): Promise<[string, string][]> {
  const session = async () =>
    String((await registryRequest(reg, 'POST', '/v2/hostile/blobs/uploads/')).headers.location);
  return [
    ['PUT', '/v2/hostile/manifests/v1'],
    ['PUT', `/v2/hostile/manifests/${sha256(body)}`],
    ['PUT', `/v2/hostile/manifests/${sha256(body)}?tag=t1&tag=t2`],
    ['PUT', '/v2/_edge/settings'],
    ['POST', `/v2/hostile/blobs/uploads/?digest=${sha256('something else')}`],
    ['PATCH', await session()],
    ['PUT', `${await session()}?digest=${sha256('something else')}`],
  ];
}

test('hostile bodies to every route that reads one: refused, never a 500, the server lives on, fsck clean', async (t) => {
  const logged: string[] = [];
  const reg = await startDemoRegistry(t, { log: (line) => logged.push(line) });
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  const blob = await registryRequest(reg, 'POST', `/v2/hostile/blobs/uploads/?digest=${sha256(config)}`, {
    body: config,
  });
  assert.equal(blob.status, 201);
  const settingsBefore = await reg.settings();
  for (const [what, body] of hostileBodies(config)) {
    for (const [method, path] of await bodyRoutes(reg, body)) {
      const r = await registryRequest(reg, method, path, {
        body,
        headers: { 'Content-Type': path.includes('/manifests/') ? manifestType : 'application/octet-stream' },
      });
      const where = `${what}: ${method} ${path.slice(0, 60)}`;
      assert.ok(r.status < 500, `${where} answered ${r.status}: ${r.body.toString().slice(0, 300)}`);
      assert.ok(r.body.length < 8192, `${where}: a ${r.body.length}-byte answer echoes the body`);
      // A __proto__ key is only a key: that manifest is valid, and stored as sent.
      if (what === '__proto__ key' && path.includes('/manifests/')) {
        assert.equal(r.status, 201, `${where}: ${r.body.toString().slice(0, 300)}`);
        const back = await registryRequest(reg, 'GET', `/v2/hostile/manifests/${sha256(body)}`);
        assert.ok(back.body.equals(body), where);
      } else if (path.includes('/manifests/') || path.includes('/_edge/')) {
        assert.ok(r.status >= 400, `${where} was accepted (${r.status})`);
      }
      // Still answering, between every two hostile requests.
      assert.equal((await registryRequest(reg, 'GET', '/v2/')).status, 200, where);
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
  assert.deepEqual(await reg.settings(), settingsBefore, 'no hostile settings body was applied');
  assert.deepEqual((await registryRequest(reg, 'GET', '/v2/hostile/tags/list')).json(), {
    name: 'hostile',
    tags: ['t1', 't2', 'v1'],
  });
  const report = await fsck(reg.dataDir, { served: true });
  assert.deepEqual(report.problems, []);
  assert.deepEqual(
    logged.filter((l) => / failed/.test(l)),
    [],
    'no handler failed',
  );
});

test('the refusals say what is wrong without echoing the body', async (t) => {
  const reg = await startDemoRegistry(t);
  const cases: [string, string | Buffer, RegExp][] = [
    ['deep', `{"schemaVersion":${'['.repeat(6000)}${']'.repeat(6000)}}`, /nested deeper than 64 levels/],
    ['dup', '{"schemaVersion":2,"schemaVersion":2}', /has the key "schemaVersion" twice in one object/],
    ['utf8', Buffer.from([0x7b, 0xff, 0x7d]), /is not valid UTF-8/],
  ];
  for (const [what, body, message] of cases) {
    const r = await registryRequest(reg, 'PUT', '/v2/x/manifests/v1', {
      body,
      headers: { 'Content-Type': manifestType },
    });
    assert.equal(r.status, 400, what);
    const e = r.json<{ errors: { code: string; message: string }[] }>().errors[0]!;
    assert.equal(e.code, 'MANIFEST_INVALID', what);
    assert.match(e.message, message, what);
  }
});
