// Where the registry client sends the registry's credentials when the registry points it
// elsewhere (an upload's Location, a blob's redirect, a token realm): only to the origin that
// asked for them, as Docker does, and never from HTTPS down to plain HTTP. Small registries on
// loopback that answer with such Locations, and a second server that records what reaches it.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { Readable } from 'node:stream';
import { RegistryClient, uploadBlob, RegistryError } from '../../electron/registry-client/index.js';
import { makeCa, makeSigned } from '../support/device-certs.js';

const credentials = { username: 'ase-ecr-user', password: 'the-registry-password' };
const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
const blob = Buffer.from('a layer\n');
const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
const source = {
  digest,
  size: blob.length,
  open: (s: number, e: number) => Readable.from([blob.subarray(s, e)]),
};

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** A loopback server (HTTPS with `tls`) that records each request's method, path and Authorization. */
async function serve(t: TestContext, handler: Handler, tls?: { key: string; cert: string }) {
  const seen: { method: string; path: string; authorization?: string }[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization });
      handler(req, res, Buffer.concat(chunks));
    });
  };
  const server = tls ? createHttpsServer(tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as { port: number }).port, seen };
}

/** A registry that wants Basic auth and sends uploads to `uploadTo` (a full URL prefix). */
function registryHandler(uploadTo: () => string): Handler {
  return (req, res) => {
    if (req.headers.authorization !== basic) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="registry"' });
      return res.end();
    }
    if (req.method === 'HEAD') {
      res.writeHead(404);
      return res.end();
    }
    if (req.method === 'POST') {
      res.writeHead(202, { location: `${uploadTo()}/upload/session-1`, range: '0-0' });
      return res.end();
    }
    res.writeHead(404);
    res.end();
  };
}

/** Storage elsewhere that takes the upload without credentials (as a pre-signed URL would). */
const storageHandler: Handler = (req, res, body) => {
  if (req.method === 'PATCH') {
    res.writeHead(202, { location: req.url!, range: `0-${body.length - 1}` });
    return res.end();
  }
  if (req.method === 'PUT') {
    res.writeHead(201, { 'docker-content-digest': digest });
    return res.end();
  }
  res.writeHead(405);
  res.end();
};

test('an upload sent to another port gets no credentials (the registry itself does)', async (t) => {
  const storage = await serve(t, storageHandler);
  const registry = await serve(
    t,
    registryHandler(() => `http://127.0.0.1:${storage.port}`),
  );
  const client = new RegistryClient({ registry: `http://127.0.0.1:${registry.port}`, credentials });
  t.after(() => client.close());
  const result = await uploadBlob(client, 'team/app', source);
  assert.equal(result.outcome, 'pushed');
  assert.deepEqual(
    storage.seen.map((r) => [r.method, r.authorization]),
    [
      ['PATCH', undefined],
      ['PUT', undefined],
    ],
  );
  assert.ok(registry.seen.some((r) => r.authorization === basic));
});

test('another host that answers 401 with a challenge does not get the credentials either', async (t) => {
  const other = await serve(t, (_req, res) => {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="give me your password"' });
    res.end();
  });
  const registry = await serve(
    t,
    registryHandler(() => `http://localhost:${other.port}`),
  );
  const client = new RegistryClient({ registry: `http://127.0.0.1:${registry.port}`, credentials });
  t.after(() => client.close());
  await assert.rejects(uploadBlob(client, 'team/app', source, { maxAttempts: 1 }), RegistryError);
  assert.ok(other.seen.length > 0);
  assert.deepEqual(
    other.seen.filter((r) => r.authorization !== undefined),
    [],
  );
});

test('a Location from HTTPS down to plain HTTP is refused with a clear error, before anything is sent there', async (t) => {
  const ca = makeCa();
  const leaf = makeSigned(ca, { names: ['localhost'], ips: ['127.0.0.1'] });
  const plain = await serve(t, storageHandler);
  const registry = await serve(
    t,
    registryHandler(() => `http://127.0.0.1:${plain.port}`),
    { key: leaf.keyPem, cert: leaf.certPem },
  );
  const client = new RegistryClient({
    registry: `127.0.0.1:${registry.port}`,
    credentials,
    ca: [ca.certPem],
  });
  t.after(() => client.close());
  await assert.rejects(uploadBlob(client, 'team/app', source), (e: RegistryError) => {
    assert.equal(e.code, 'INSECURE_REDIRECT');
    assert.match(e.message, /from HTTPS to plain HTTP \(http:\/\/127\.0\.0\.1:\d+\); refused/);
    return true;
  });
  assert.deepEqual(plain.seen, []);
});

test('a Bearer realm on plain HTTP is refused for an HTTPS registry: the password would go in the clear', async (t) => {
  const ca = makeCa();
  const leaf = makeSigned(ca, { names: ['localhost'], ips: ['127.0.0.1'] });
  const realm = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: 'x' }));
  });
  const registry = await serve(
    t,
    (_req, res) => {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://127.0.0.1:${realm.port}/token",service="registry"`,
      });
      res.end();
    },
    { key: leaf.keyPem, cert: leaf.certPem },
  );
  const client = new RegistryClient({
    registry: `127.0.0.1:${registry.port}`,
    credentials,
    ca: [ca.certPem],
  });
  t.after(() => client.close());
  await assert.rejects(client.checkAuth(), (e: RegistryError) => {
    assert.equal(e.code, 'INSECURE_REDIRECT');
    assert.match(e.message, /asked for the credentials at http:\/\/127\.0\.0\.1:\d+, plain HTTP; refused/);
    return true;
  });
  assert.deepEqual(realm.seen, []);
});
