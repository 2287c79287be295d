// Bearer-token auth against real CNCF Distribution configured for token auth: the registry
// verifies RS256 tokens (x5c chain to its root bundle) that a small token server here issues
// after checking Basic credentials, as Docker Hub / Harbor style registries do.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { createServer } from 'node:https';
import forge from 'node-forge';
import { createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  requireSandbox,
  tempDir,
  freePort,
  runOk,
  makeBusyboxImage,
  fileScope,
  startDistribution,
} from '../support/system.js';
import type { RegistryError } from '../../electron/registry-client/index.js';
import { makeSigned, type TestCert } from '../support/device-certs.js';
import { RegistryClient, pushTarball, deleteImage } from '../../electron/registry-client/index.js';

requireSandbox();

// File-wide resources (registries, temp dirs), released after the last test.
const suite = fileScope();

const user = 'bearer-user';
const password = 'bearer-' + randomUUID();
const service = 'edge-test-registry';
const issuer = 'edge-test-issuer';
let registry: string;
let caPem: Buffer;
let tar: string;
const scopesSeen: string[] = [];

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** The token service, over HTTPS (the client refuses to send a password to a plain HTTP realm). */
function tokenServer(keyPem: string, certPem: string): Server {
  const der = certPem.replace(/-----[^-]+-----|\s/g, '');
  const tls = makeSigned(
    { cert: forge.pki.certificateFromPem(certPem), key: forge.pki.privateKeyFromPem(keyPem) } as TestCert,
    { names: ['localhost'], ips: ['127.0.0.1'] },
  );
  return createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization ?? '';
    if (auth !== 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"details":"incorrect username or password"}');
      return;
    }
    const access = url.searchParams.getAll('scope').flatMap((s) => {
      scopesSeen.push(s);
      const [type, name, actions] = [
        s.slice(0, s.indexOf(':')),
        s.slice(s.indexOf(':') + 1, s.lastIndexOf(':')),
        s.slice(s.lastIndexOf(':') + 1),
      ];
      return [{ type, name, actions: actions === '*' ? ['*'] : actions.split(',') }];
    });
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [der] }));
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: user,
        aud: service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const sig = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(keyPem);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token: `${header}.${claims}.${b64url(sig)}`, expires_in: 300 }));
  });
}

before(async () => {
  const tokenPort = await freePort();
  const dist = await startDistribution(suite, {
    auth: { token: { realm: `https://127.0.0.1:${tokenPort}/token`, service, issuer } },
  });
  caPem = readFileSync(dist.caFile);
  const srv = tokenServer(readFileSync(dist.caKeyFile, 'utf8'), caPem.toString('utf8'));
  await new Promise<void>((r) => srv.listen(tokenPort, '127.0.0.1', r));
  suite.after(() => new Promise<void>((r) => srv.close(() => r())));
  registry = dist.host;
  const dir = tempDir(suite, 'bearer-');
  makeBusyboxImage(`bearer-src-${process.pid}:v1`);
  tar = join(dir, 'image.tar');
  runOk('docker', ['save', '-o', tar, `bearer-src-${process.pid}:v1`]);
});

test('login, push, list and delete through Bearer tokens scoped per repository', async () => {
  const c = new RegistryClient({ registry, credentials: { username: user, password }, ca: [caPem] });
  await c.checkAuth();
  const r = await pushTarball({
    file: tar,
    to: { endpoint: registry, repository: 'team/app', tag: 'v1' },
    client: c,
  });
  assert.ok(r.blobs.every((b) => b.outcome === 'pushed'));
  assert.deepEqual(await c.tags('team/app'), ['v1']);
  assert.ok((await c.catalog()).includes('team/app'));
  assert.ok(scopesSeen.includes('repository:team/app:pull,push'), scopesSeen.join(' '));
  assert.ok(scopesSeen.includes('registry:catalog:*'));
  const d = await deleteImage(c, 'team/app', 'v1');
  assert.equal(d.deleted, 'manifest');
  assert.ok(scopesSeen.includes('repository:team/app:delete'));
  assert.equal(await c.headManifest('team/app', 'v1'), null);
  c.close();
});

test('a wrong password is refused by the token server with a clear UNAUTHORIZED', async () => {
  const c = new RegistryClient({ registry, credentials: { username: user, password: 'nope' }, ca: [caPem] });
  await assert.rejects(
    c.checkAuth(),
    (e: RegistryError) => e.code === 'UNAUTHORIZED' && /edge-registry login/.test(e.message),
  );
  c.close();
  const anon = new RegistryClient({ registry, ca: [caPem] });
  await assert.rejects(anon.tags('team/app'), (e: RegistryError) => e.code === 'UNAUTHORIZED');
  anon.close();
});
