import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { systemCertificates } from '../../electron/registry-client/transport.js';
import { parseChallenge } from '../../electron/registry-client/auth.js';
import { errorFromResponse, errorFromNetwork } from '../../electron/registry-client/errors.js';
import {
  parseImageRef,
  formatImageRef,
  parseEndpointAndRepo,
} from '../../electron/registry-client/reference.js';

test('Bearer and Basic challenges parse, quoted commas included', () => {
  assert.deepEqual(
    parseChallenge(
      'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push"',
    ),
    {
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example.com/token',
        service: 'registry.example.com',
        scope: 'repository:a/b:pull,push',
      },
    },
  );
  assert.deepEqual(parseChallenge('Basic realm="edge registry"'), {
    scheme: 'basic',
    params: { realm: 'edge registry' },
  });
  assert.equal(parseChallenge('Negotiate abc'), undefined);
  assert.equal(parseChallenge(undefined), undefined);
});

test('device references: endpoint with port, nested repos, tags, digests', () => {
  assert.deepEqual(parseImageRef('ecr.dbe-hw6h1t2.microsoftdatabox.com:31001/team/app:v1'), {
    registry: 'ecr.dbe-hw6h1t2.microsoftdatabox.com:31001',
    repository: 'team/app',
    tag: 'v1',
    digest: undefined,
  });
  assert.equal(parseImageRef('https://localhost:5000/app').tag, 'latest');
  const d = 'sha256:' + 'a'.repeat(64);
  assert.equal(parseImageRef(`host:1/app@${d}`).digest, d);
  assert.throws(() => parseImageRef('app:v1'), /names no registry.*ENDPOINT\/REPO:TAG/);
  assert.throws(() => parseImageRef('host:1/App:v1'), /invalid repository/);
  assert.deepEqual(parseEndpointAndRepo('host:31001/a/b'), { registry: 'host:31001', repository: 'a/b' });
  assert.deepEqual(parseEndpointAndRepo('host:31001'), { registry: 'host:31001' });
  assert.equal(parseImageRef('[::1]:5000/app:v1').registry, '[::1]:5000');
  assert.equal(parseImageRef('10.128.44.40:31001/app').registry, '10.128.44.40:31001');
  for (const bad of [
    '127.0.0.1:/app:v1',
    'host:0/app',
    'host:65536/app',
    'ho_st.local:1/app',
    'host..x:1/app',
  ]) {
    assert.throws(
      () => parseImageRef(bad),
      /invalid registry endpoint .*HOST:PORT with a port from 1 to 65535/,
      bad,
    );
  }
  assert.throws(() => parseEndpointAndRepo('127.0.0.1:'), /invalid registry endpoint '127\.0\.0\.1:'/);
  assert.throws(() => parseEndpointAndRepo('host:99999/a'), /invalid registry endpoint/);
});

test('format(parse(x)) is x for any valid reference', () => {
  const comp = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,4})?$/);
  fc.assert(
    fc.property(
      comp,
      fc.array(comp, { minLength: 1, maxLength: 3 }),
      fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,20}$/),
      fc.integer({ min: 1, max: 65535 }),
      (host, repo, tag, port) => {
        const text = `${host}.example:${port}/${repo.join('/')}:${tag}`;
        assert.equal(formatImageRef(parseImageRef(text)), text);
      },
    ),
  );
});

test('registry errors become messages that say what to do', () => {
  const ctx = { registry: 'ecr.example:31001', repository: 'app', reference: 'v1', action: 'delete' };
  const e405 = errorFromResponse(
    405,
    '{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}',
    ctx,
  );
  assert.equal(e405.code, 'UNSUPPORTED');
  assert.match(e405.message, /^delete is disabled on this registry/);
  const e401 = errorFromResponse(
    401,
    '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
    { ...ctx, action: 'push' },
  );
  assert.match(e401.message, /rejected the credentials.*edge-registry login ecr\.example:31001/);
  const quota = errorFromResponse(
    403,
    '{"errors":[{"code":"DENIED","message":"storage quota exceeded: 10 MiB used of 10 MiB"}]}',
    { ...ctx, action: 'push' },
  );
  assert.ok(quota.isQuota);
  assert.match(quota.message, /quota is exhausted.*edge-registry rm/);
  const denied = errorFromResponse(403, '', ctx);
  assert.equal(denied.code, 'DENIED');
  assert.ok(!denied.isQuota);
  const e404 = errorFromResponse(404, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', ctx);
  assert.match(
    e404.message,
    /ecr\.example:31001\/app:v1 was not found.*edge-registry ls ecr\.example:31001\/app/,
  );
  const html = errorFromResponse(502, '<html>bad gateway</html>', ctx);
  assert.equal(html.code, 'UNKNOWN');
  assert.match(html.message, /HTTP 502/);
});

test('network failures: TLS vs unreachable', () => {
  assert.equal(
    errorFromNetwork(Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'h:1').code,
    'TLS',
  );
  const e = errorFromNetwork(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'h:1');
  assert.equal(e.code, 'UNREACHABLE');
  assert.match(e.message, /Cannot reach the registry at h:1 \(ECONNREFUSED\)/);
});

test("the system trust store holds Node's roots and every certificate of the OS bundle, each once", () => {
  const body = (pem: string) => pem.replace(/-----[A-Z0-9 ]+-----|\s+/g, '');
  const held = systemCertificates().map(body);
  assert.equal(new Set(held).size, held.length, 'a certificate is in the list twice');
  const missing = (pems: readonly string[]) => pems.filter((p) => !held.includes(body(p))).length;
  assert.equal(missing(rootCertificates), 0);
  const bundle = '/etc/ssl/certs/ca-certificates.crt';
  if (existsSync(bundle)) {
    const pems =
      readFileSync(bundle, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ??
      [];
    assert.ok(pems.length > 0);
    assert.equal(missing(pems), 0);
  }
});
