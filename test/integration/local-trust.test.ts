// The demo device's trust material and data folder against other local users and other sites:
// its CA can sign only for the demo device (name constraints, checked by OpenSSL, Node and
// Go's verifier through skopeo), its keys and data are private (0600 files in 0700 folders,
// new and left by older versions), and an older, unconstrained CA is replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, lstatSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { createCompanion } from '../../electron/app/companion.js';
import { rememberDevice } from '../../electron/device/device-state.js';
import { startDemoRegistry } from '../support/demo.js';
import { pushImage } from '../support/registry-push.js';
import { run, runAsync, runOk, tempDir } from '../support/system.js';

/** A certificate for `san` signed by the CA in `tlsDir` (its real key), made by openssl. */
function signWithDemoCa(
  dir: string,
  tlsDir: string,
  name: string,
  san: string,
): { cert: string; key: string } {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.crt`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  runOk('openssl', [
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    key,
    '-out',
    csr,
  ]);
  runOk('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(tlsDir, 'ca.crt'),
    '-CAkey',
    join(tlsDir, 'ca.key'),
    '-CAcreateserial',
    '-CAserial',
    join(dir, 'serial'),
    '-days',
    '2',
    '-extfile',
    ext,
    '-out',
    cert,
  ]);
  return { cert, key };
}

/** Node's verdict on a TLS server presenting `cert` when trusting only `caPem`: 'ok' or the error (Node has no code for this one: UNSPECIFIED). */
async function nodeVerdict(cert: string, key: string, caPem: string, servername: string): Promise<string> {
  const server = createHttpsServer({ cert: readFileSync(cert), key: readFileSync(key) }, (_q, r) => r.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca: caPem, servername }, () => {
        socket.end();
        resolve('ok');
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(`${e.code}: ${e.message}`));
    });
  } finally {
    server.close();
  }
}

/** Every entry under `dir` (itself included) with its permission bits, as "mode path". */
function modes(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = lstatSync(p);
    out.push(`${(st.mode & 0o777).toString(8)} ${p.slice(dir.length) || '/'}${st.isDirectory() ? '/' : ''}`);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
  };
  walk(dir);
  return out;
}

const notPrivate = (list: string[]) => list.filter((l) => !(/^700 .*\/$/.test(l) || /^600 .*[^/]$/.test(l)));

test('the demo CA signs only for the demo device: OpenSSL, Node and Go (skopeo) refuse its certificate for github.com or another IP', async (t) => {
  const reg = await startDemoRegistry(t);
  const tlsDir = join(reg.dataDir, 'tls');
  const caPem = readFileSync(reg.caFile, 'utf8');
  const text = runOk('openssl', ['x509', '-in', reg.caFile, '-noout', '-text']);
  assert.match(
    text,
    /X509v3 Name Constraints: critical\s+Permitted:\s+DNS:ecr\.demo-edge\.local\s+IP:127\.0\.0\.1\/255\.255\.255\.255\s/,
  );
  assert.match(text, /X509v3 Extended Key Usage:\s+TLS Web Server Authentication\s/);
  assert.match(runOk('openssl', ['verify', '-CAfile', reg.caFile, join(tlsDir, 'server.crt')]), /: OK/);

  const dir = tempDir(t, 'nc-');
  // The attacker's pick: github.com, with the demo's own IP beside it so a client reaching
  // 127.0.0.1 would otherwise accept it; and an address that is not the demo's.
  const github = signWithDemoCa(dir, tlsDir, 'github', 'DNS:github.com,IP:127.0.0.1');
  const otherIp = signWithDemoCa(dir, tlsDir, 'other-ip', 'IP:10.9.8.7');
  const demoName = signWithDemoCa(dir, tlsDir, 'demo-name', 'DNS:ecr.demo-edge.local');
  for (const evil of [github, otherIp]) {
    const r = run('openssl', ['verify', '-CAfile', reg.caFile, evil.cert]);
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /permitted subtree violation/);
  }
  assert.match(runOk('openssl', ['verify', '-CAfile', reg.caFile, demoName.cert]), /: OK/);

  assert.match(
    await nodeVerdict(github.cert, github.key, caPem, 'github.com'),
    /permitted subtree violation/,
  );
  assert.match(await nodeVerdict(otherIp.cert, otherIp.key, caPem, 'x'), /permitted subtree violation/);
  assert.equal(await nodeVerdict(demoName.cert, demoName.key, caPem, 'ecr.demo-edge.local'), 'ok');

  // Go's verifier (skopeo, as Docker's): the demo itself is fine, github.com is refused.
  const certDir = join(dir, 'certs');
  runOk('mkdir', ['-m', '700', certDir]);
  writeFileSync(join(certDir, 'ca.crt'), caPem);
  const authFile = join(dir, 'auth.json');
  const login = await runAsync(
    'skopeo',
    [
      'login',
      '--authfile',
      authFile,
      '--cert-dir',
      certDir,
      '-u',
      reg.info.username,
      '--password-stdin',
      reg.host,
    ],
    reg.info.password,
  );
  assert.equal(login.status, 0, login.stderr);
  const fake = createHttpsServer(
    { cert: readFileSync(github.cert), key: readFileSync(github.key) },
    (_q, r) => r.end(),
  );
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  try {
    const port = (fake.address() as { port: number }).port;
    const go = await runAsync('skopeo', [
      'inspect',
      '--cert-dir',
      certDir,
      '--authfile',
      authFile,
      `docker://127.0.0.1:${port}/library/app:v1`,
    ]);
    assert.notEqual(go.status, 0);
    assert.match(
      go.stderr,
      /not (authorized|permitted) to sign for this name|x509: .*(constraint|not permitted)/i,
    );
  } finally {
    fake.close();
  }
});

test('keys and data are private: 0600 files in 0700 folders, the CA and server keys included', async (t) => {
  const reg = await startDemoRegistry(t);
  await pushImage(reg, 'private/app', 'v1', [randomBytes(3000)]);
  await reg.close();
  const list = modes(reg.dataDir);
  assert.ok(list.some((l) => l.endsWith('/tls/ca.key')) && list.some((l) => l.endsWith('/tls/server.key')));
  assert.ok(
    list.some((l) => /\/blobs\/.+\/data$/.test(l)),
    list.join('\n'),
  );
  assert.deepEqual(notPrivate(list), []);
});

test('a data folder an older version left readable (0755, 0644) is tightened, whole, at start', async (t) => {
  const dataDir = tempDir(t, 'old-layout-');
  const first = await startDemoRegistry(t, { dataDir });
  await pushImage(first, 'old/app', 'v1', [randomBytes(3000)]);
  await first.close();
  for (const l of modes(dataDir)) {
    const path = join(dataDir, l.slice(4).replace(/\/$/, ''));
    chmodSync(path, l.endsWith('/') ? 0o755 : 0o644);
  }
  assert.ok(notPrivate(modes(dataDir)).length > 10);
  const again = await startDemoRegistry(t, { dataDir });
  assert.deepEqual(notPrivate(modes(dataDir)), []);
  assert.equal(again.info.caFingerprint, first.info.caFingerprint, 'the same CA: it was constrained already');
});

test('a CA without name constraints (an older version made it) is replaced, its key deleted, and the start says so', async (t) => {
  const dataDir = tempDir(t, 'old-ca-');
  const first = await startDemoRegistry(t, { dataDir });
  await first.close();
  const tlsDir = join(dataDir, 'tls');
  // What older versions made: a CA that may sign for any name.
  runOk('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '30',
    '-subj',
    '/CN=Edge Registry Companion device CA (ecr.demo-edge.local)/O=Edge Registry Companion',
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    join(tlsDir, 'ca.key'),
    '-out',
    join(tlsDir, 'ca.crt'),
  ]);
  const oldCa = readFileSync(join(tlsDir, 'ca.crt'), 'utf8');
  const oldKey = readFileSync(join(tlsDir, 'ca.key'), 'utf8');
  const lines: string[] = [];
  const reg = await startDemoRegistry(t, { dataDir, log: (l) => lines.push(l) });
  const newCa = readFileSync(reg.caFile, 'utf8');
  assert.notEqual(reg.info.caFingerprint, new X509Certificate(oldCa).fingerprint256);
  assert.match(
    runOk('openssl', ['x509', '-in', reg.caFile, '-noout', '-text']),
    /Name Constraints: critical/,
  );
  assert.equal(readFileSync(join(tlsDir, 'ca-previous.crt'), 'utf8'), oldCa);
  for (const f of readdirSync(tlsDir))
    assert.ok(!readFileSync(join(tlsDir, f), 'utf8').includes(oldKey.trim().split('\n')[5]!), f);
  // The server certificate comes from the new CA, and the registry answers with it.
  const leaf = await new Promise<X509Certificate>((resolve, reject) => {
    const s = connect(
      { host: '127.0.0.1', port: reg.port, ca: newCa, servername: 'ecr.demo-edge.local' },
      () => {
        resolve(new X509Certificate(s.getPeerCertificate().raw));
        s.end();
      },
    );
    s.on('error', reject);
  });
  assert.ok(leaf.checkIssued(new X509Certificate(newCa)));
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(
    lines[0]!,
    /new device CA .* can sign only for ecr\.demo-edge\.local and 127\.0\.0\.1.*key is deleted.*run setup for this device again/,
  );
  // The next start keeps it.
  await reg.close();
  const later = await startDemoRegistry(t, { dataDir, log: (l) => lines.push(l) });
  assert.equal(later.info.caFingerprint, reg.info.caFingerprint);
  assert.equal(lines.length, 1);
});

test("the app's own data folder (device records, hosts backup, secrets) is tightened the same way at start", async (t) => {
  const dataDir = tempDir(t, 'old-app-');
  chmodSync(dataDir, 0o755);
  for (const f of ['devices.json', 'hosts.backup', 'secrets.json'])
    writeFileSync(join(dataDir, f), '{}\n', { mode: 0o644 });
  chmodSync(join(dataDir, 'hosts.backup'), 0o644);
  const companion = await createCompanion({ host: 'web', dataDir, demo: false });
  await companion.close();
  assert.deepEqual(notPrivate(modes(dataDir)), []);
});

test('a demo set up with a CA it no longer has shows as not set up, so the UI offers setup again', async (t) => {
  const dataDir = tempDir(t, 'app-ca-');
  const companion = await createCompanion({ host: 'web', dataDir, demo: { port: 0 } });
  t.after(() => companion.close());
  const demo = companion.demo!.info;
  const record = (caSha256: string) => ({
    endpoint: demo.endpoint,
    host: demo.endpoint.split(':')[0]!,
    port: Number(demo.endpoint.split(':')[1]),
    ip: demo.ipAddress,
    caSha256,
    caThumbprint: 'AA',
    caSubject: 'CN=old',
    platform: process.platform,
    applied: { steps: [], createdDirs: [], createdFiles: [] },
    setUpAt: new Date().toISOString(),
  });
  const setUp = async () => ((await companion.api.currentDevice()) as { setUp: boolean }).setUp;
  await rememberDevice(record(demo.caFingerprint), dataDir);
  assert.equal(await setUp(), true);
  await rememberDevice(record('00:'.repeat(31) + '00'), dataDir);
  assert.equal(await setUp(), false);
});
