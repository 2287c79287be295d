// Discovery against real TLS servers on loopback (in-process, port 0): what the device
// sends, whether it answers like a registry, and every way it can be wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttps } from 'node:https';
import { createServer as createHttp, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRegistryInfo, RegistryInfoError } from '../../electron/device/registry-info.js';
import { confirmTrust, discoverDevice, SetupError } from '../../electron/device/setup-device.js';
import { rememberDevice } from '../../electron/device/device-state.js';
import { freePort, tempDir } from '../support/system.js';
import { makeCa, makeSigned, type TestCert } from '../support/device-certs.js';
import { say } from '../../shared/i18n/index.js';
import { startDemoRegistry } from '../support/demo.js';

const day = 86_400_000;
const name = 'ecr.dbe-hw6h1t2.microsoftdatabox.com';
const ca = makeCa({ cn: 'Device CA' });
const leaf = makeSigned(ca, { names: [name], ips: ['127.0.0.1'] });

type Handler = Parameters<typeof createHttp>[1];
const registryHandler: Handler = (req, res) => {
  if (req.url === '/v2/') {
    res.writeHead(401, {
      'Docker-Distribution-API-Version': 'registry/2.0',
      'WWW-Authenticate': 'Basic realm="registry"',
    });
  } else res.writeHead(404);
  res.end();
};

async function listen(t: { after: (fn: () => Promise<void>) => void }, server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as AddressInfo).port;
}

function tlsServer(
  t: { after: (fn: () => Promise<void>) => void },
  cert: TestCert,
  chain: string,
  handler = registryHandler,
) {
  return listen(t, createHttps({ key: cert.keyPem, cert: chain }, handler));
}

function expectSetupError(code: string, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof SetupError, `expected SetupError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  };
}

function dataDir(t: { after: (fn: () => void) => void }) {
  return tempDir(t, 'edge-devices-');
}

test('from the IP alone: the name comes from the SAN, the CA from the chain, /v2/ answers 401', async (t) => {
  const port = await tlsServer(t, leaf, leaf.certPem + ca.certPem);
  const device = await discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dataDir(t) });
  assert.equal(device.host, name);
  assert.equal(device.port, port);
  assert.equal(device.rootFrom, 'network');
  assert.equal(device.root.subject, 'CN=Device CA');
  assert.equal(device.chain.length, 2);
  assert.deepEqual(device.warnings, []);
});

test('a CA read over the network needs the fingerprint or a confirmation', async (t) => {
  const port = await tlsServer(t, leaf, leaf.certPem + ca.certPem);
  const device = await discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dataDir(t) });
  await assert.rejects(
    confirmTrust(device, {}),
    expectSetupError('fingerprint-unconfirmed', /--fingerprint/),
  );
  await assert.rejects(confirmTrust(device, { confirm: async () => false }), /not confirmed/);
  await confirmTrust(device, { confirm: async () => true });
  await confirmTrust(device, { fingerprint: device.root.sha256.toLowerCase() });
  await assert.rejects(
    confirmTrust(device, { fingerprint: 'AA'.repeat(32) }),
    expectSetupError('fingerprint-mismatch', /not the AA.* you gave/),
  );
});

test('pinning: a device that later presents another CA is reported', async (t) => {
  const dir = dataDir(t);
  const port = await tlsServer(t, leaf, leaf.certPem + ca.certPem);
  await rememberDevice(
    {
      endpoint: `${name}:${port}`,
      host: name,
      port,
      ip: '127.0.0.1',
      caSha256: 'AB:'.repeat(31) + 'AB',
      caThumbprint: 'AB'.repeat(20),
      caSubject: 'CN=Old CA',
      platform: 'linux',
      applied: { steps: [], createdDirs: [], createdFiles: [] },
      setUpAt: new Date().toISOString(),
    },
    dir,
  );
  const device = await discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dir });
  assert.equal(device.warnings.length, 1);
  assert.match(say('en', device.warnings[0]!), /now presents a different CA .*someone may be intercepting/);
  // The same warning in Russian, with the fingerprints as they are.
  assert.match(
    say('ru', device.warnings[0]!),
    /теперь предъявляет другой ЦС.*кто-то перехватывает соединение/,
  );
  assert.ok(say('ru', device.warnings[0]!).includes('AB:AB:AB'));
  // The remembered fingerprint does not confirm a new CA.
  await assert.rejects(confirmTrust(device, {}), /not confirmed/);
});

test('from pasted Get-HcsKubernetesContainerRegistryInfo output, with the CA given as a file', async (t) => {
  const port = await tlsServer(t, leaf, leaf.certPem);
  const text =
    `[10.128.44.40]: PS>Get-HcsKubernetesContainerRegistryInfo\r\n\r\n` +
    `Endpoint                                   IPAddress    Username     Password\r\n` +
    `--------                                   ---------    --------     --------\r\n` +
    `${name}:${port} 127.0.0.1 ase-ecr-user 3bbo2sOtDe8FouD\r\n\r\n`;
  const device = await discoverDevice(
    { kind: 'info', text },
    { caFile: { bytes: ca.der, name: 'device-ca.cer' }, dataDir: dataDir(t) },
  );
  assert.equal(device.host, name);
  assert.equal(device.rootFrom, 'file');
  assert.equal(device.username, 'ase-ecr-user');
  await confirmTrust(device, {});
});

test('a server that sends only its leaf needs its CA file', async (t) => {
  const port = await tlsServer(t, leaf, leaf.certPem);
  await assert.rejects(
    discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dataDir(t) }),
    expectSetupError(
      'no-ca-in-chain',
      /only its server certificate.*give that file as the device's CA certificate/,
    ),
  );
});

test('an IP that is not one (a name, a typo) is refused before anything is contacted', async (t) => {
  for (const ip of ['localhost', '999.1.1.1', '10.128.44']) {
    await assert.rejects(
      discoverDevice({ kind: 'ip', ip }, { dataDir: dataDir(t) }),
      expectSetupError('bad-ip', /is not an IP address\. Give the device's address/),
    );
  }
});

test('nothing listening', async (t) => {
  const port = await freePort();
  await assert.rejects(
    discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dataDir(t) }),
    expectSetupError(
      'unreachable',
      /Nothing is listening at 127\.0\.0\.1:\d+\. Check the IP address and port/,
    ),
  );
});

test('not TLS (plain HTTP on the port)', async (t) => {
  const port = await listen(t, createHttp(registryHandler));
  await assert.rejects(
    discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dataDir(t) }),
    expectSetupError('not-tls', /answers, but not with TLS/),
  );
});

test('HTTPS but not a registry', async (t) => {
  const port = await tlsServer(t, leaf, leaf.certPem + ca.certPem, (_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/html' });
    res.end('<html>router admin</html>');
  });
  await assert.rejects(
    discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dataDir(t) }),
    expectSetupError('not-registry', /not like a container registry \(GET \/v2\/ gave HTTP 404/),
  );
});

test('HTTPS that answers 200 with a web page to every path is not a registry', async (t) => {
  const port = await tlsServer(t, leaf, leaf.certPem + ca.certPem, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<html>device local UI</html>');
  });
  await assert.rejects(
    discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dataDir(t) }),
    expectSetupError(
      'not-registry',
      /not like a container registry \(GET \/v2\/ gave HTTP 200, no Docker-Distribution-API-Version header\)/,
    ),
  );
});

test('the certificate does not name the endpoint given', async (t) => {
  const port = await tlsServer(t, leaf, leaf.certPem + ca.certPem);
  await assert.rejects(
    discoverDevice(
      { kind: 'endpoint', host: 'ecr.other.local', port, ip: '127.0.0.1' },
      { dataDir: dataDir(t) },
    ),
    expectSetupError('name-mismatch', /not "ecr\.other\.local"/),
  );
});

test('clock skew: a certificate not valid yet says to fix the time', async (t) => {
  const future = makeSigned(ca, { names: [name], notBefore: new Date(Date.now() + 2 * day) });
  const port = await tlsServer(t, future, future.certPem + ca.certPem);
  await assert.rejects(
    discoverDevice({ kind: 'ip', ip: '127.0.0.1', port }, { dataDir: dataDir(t) }),
    expectSetupError('not-yet-valid', /not valid until .*clock/),
  );
});

test('a CA file that did not sign the server certificate is refused', async (t) => {
  const port = await tlsServer(t, leaf, leaf.certPem + ca.certPem);
  const other = makeCa({ cn: 'Other CA' });
  await assert.rejects(
    discoverDevice(
      { kind: 'ip', ip: '127.0.0.1', port },
      { caFile: { bytes: Buffer.from(other.certPem), name: 'other.crt' }, dataDir: dataDir(t) },
    ),
    expectSetupError('untrusted', /not signed by "CN=Other CA"/),
  );
});

test('pasted info: table, CRLF, wrapped row, list form, extra spaces', () => {
  const expected = {
    host: name,
    port: 31001,
    ip: '10.128.44.41',
    username: 'ase-ecr-user',
    password: 'p4ss',
  };
  const table =
    'Endpoint                                   IPAddress    Username     Password\n' +
    '--------                                   ---------    --------     --------\n' +
    `${name}:31001 10.128.44.41 ase-ecr-user p4ss\n`;
  assert.deepEqual(parseRegistryInfo(table), expected);
  assert.deepEqual(parseRegistryInfo(table.replace(/\n/g, '\r\n')), expected);
  const wrapped = table.replace(' 10.128.44.41', '\n   10.128.44.41\n');
  assert.deepEqual(parseRegistryInfo(wrapped), expected);
  const list = `\r\nEndpoint  : ${name}:31001\r\nIPAddress : 10.128.44.41\r\nUsername  : ase-ecr-user\r\nPassword  : p4ss\r\n`;
  assert.deepEqual(parseRegistryInfo(list), expected);
  assert.deepEqual(
    parseRegistryInfo(`   ${name.toUpperCase()}:31001     10.128.44.41   ase-ecr-user  p4ss  `),
    expected,
  );
});

test('pasted info that is cut off or incomplete says what to do', () => {
  assert.throws(
    () =>
      parseRegistryInfo(
        'Endpoint          IPAddress\n--------          ---------\necr.dbe-hw6h1t2.micros... 10.0.0.1\n',
      ),
    /cut off.*Format-List/,
  );
  assert.throws(
    () =>
      parseRegistryInfo(
        `Endpoint        IPAddress Username     Passw\r\n--------        --------- --------     -----\r\n${name}:31001 10.0.0.1 ase-ecr-user 3bb...\r\n`,
      ),
    /cut off \("3bb\.\.\."\).*Format-List/,
  );
  assert.throws(() => parseRegistryInfo(`${name}:31001\n`), /no IP address after it/);
  assert.throws(() => parseRegistryInfo('hello'), RegistryInfoError);
});

test('from the demo device: its CA file and fingerprint are known locally, no confirmation needed', async (t) => {
  const demo = await startDemoRegistry(t, { name: 'ecr.dbe-demo-source.local', ip: '127.0.0.1' });
  const device = await discoverDevice({ kind: 'demo', ...demo.info }, { dataDir: dataDir(t) });
  assert.equal(`${device.host}:${device.port}`, demo.info.endpoint);
  assert.equal(device.rootFrom, 'demo');
  assert.equal(device.root.sha256, demo.info.caFingerprint.toUpperCase());
  await confirmTrust(device, {});
});
