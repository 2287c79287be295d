import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import {
  CertificateError,
  fingerprintKind,
  fingerprintMatches,
  formatCert,
  normalizeFingerprint,
  parseCertificates,
  pickRoot,
  verifyServerChain,
} from '../../electron/device/certificates.js';
import { makeCa, makeSelfSignedLeaf, makeSigned } from '../support/device-certs.js';

const day = 86_400_000;
const ca = makeCa({ cn: 'DBE Device CA' });
const leaf = makeSigned(ca, { names: ['ecr.dbe-demo.local'], ips: ['127.0.0.1'] });

function throwsCert(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CertificateError, `expected CertificateError, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

test('PEM: subject, issuer, validity, CA flag, SHA-256 fingerprint and SHA-1 thumbprint', () => {
  const [c] = parseCertificates(Buffer.from(ca.certPem), 'ca.crt');
  assert.ok(c);
  assert.equal(c.subject, 'CN=DBE Device CA');
  assert.equal(c.issuer, 'CN=DBE Device CA');
  assert.equal(c.isCA, true);
  assert.equal(c.selfSigned, true);
  const sha256 = createHash('sha256').update(ca.der).digest('hex');
  const sha1 = createHash('sha1').update(ca.der).digest('hex');
  assert.equal(normalizeFingerprint(c.sha256), sha256);
  assert.match(c.sha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.equal(c.thumbprint, sha1.toUpperCase());
  assert.ok(c.notBefore < new Date() && c.notAfter > new Date());
});

test('DER, Windows .cer in Base64 (with and without BEGIN lines, CRLF) and bundles all parse', () => {
  const der = parseCertificates(ca.der, 'ca.cer');
  assert.equal(der.length, 1);
  const b64 = ca.der.toString('base64').replace(/(.{64})/g, '$1\r\n');
  const cerB64 = parseCertificates(
    Buffer.from(`-----BEGIN CERTIFICATE-----\r\n${b64}\r\n-----END CERTIFICATE-----\r\n`),
    'x.cer',
  );
  const bare = parseCertificates(Buffer.from(b64), 'bare.cer');
  assert.equal(cerB64[0]!.sha256, der[0]!.sha256);
  assert.equal(bare[0]!.sha256, der[0]!.sha256);
  const bundle = parseCertificates(
    Buffer.from(`subject=leaf\n${leaf.certPem}\n# CA\n${ca.certPem}`),
    'bundle.pem',
  );
  assert.equal(bundle.length, 2);
  assert.deepEqual(bundle[0]!.san, ['DNS:ecr.dbe-demo.local', 'IP Address:127.0.0.1']);
  assert.equal(pickRoot(bundle).sha256, der[0]!.sha256);
});

test('an empty file says it is empty', () => {
  throwsCert(() => parseCertificates(Buffer.alloc(0), 'empty.crt'), /empty\.crt is empty/);
  throwsCert(() => parseCertificates(Buffer.from(' \r\n'), 'blank.crt'), /is empty/);
});

test('truncated PEM and truncated DER say they are truncated', () => {
  const cut = ca.certPem.slice(0, ca.certPem.length / 2);
  throwsCert(() => parseCertificates(Buffer.from(cut), 'half.pem'), /truncated/);
  throwsCert(() => parseCertificates(ca.der.subarray(0, 300), 'half.der'), /truncated/);
});

test('a private key (PEM or DER) is named as such, never read as a certificate', () => {
  throwsCert(() => parseCertificates(Buffer.from(ca.keyPem), 'server.key'), /private key, not a certificate/);
  const derKey = Buffer.from(ca.keyPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  throwsCert(() => parseCertificates(derKey, 'server.der'), /private key/);
});

test('random text is not a certificate', () => {
  throwsCert(
    () => parseCertificates(Buffer.from('hello, world: not a cert'), 'notes.txt'),
    /not a certificate/,
  );
});

test('a server certificate whose issuer is missing is refused, naming the issuer to get', () => {
  const certs = parseCertificates(Buffer.from(leaf.certPem), 'server.crt');
  throwsCert(
    () => pickRoot(certs, new Date(), 'server.crt'),
    /issued by "CN=DBE Device CA", and server\.crt does not hold that issuer's certificate.*Get the certificate of "CN=DBE Device CA"/,
  );
});

test('a self-signed server certificate is its own trust anchor (issue 16, defect 8)', () => {
  const self = makeSelfSignedLeaf({ names: ['ecr.dbe-self.local'], ips: ['127.0.0.1'] });
  const [c] = parseCertificates(Buffer.from(self.certPem), 'server.crt');
  assert.ok(c && !c.isCA && c.selfSigned);
  const root = pickRoot([c], new Date(), 'server.crt');
  assert.equal(root.sha256, c.sha256);
  // The chain the device sends (the leaf alone) verifies against it, by name and by IP.
  verifyServerChain([c], root, 'ecr.dbe-self.local');
  verifyServerChain([c], root, '127.0.0.1');
  throwsCert(() => verifyServerChain([c], root, 'other.local'), /not "other\.local"/);
  assert.match(formatCert(root), /CA: {10}no \(self-signed: its own root\)/);
  // A CA in the same bundle still wins over the self-signed leaf.
  const both = parseCertificates(Buffer.from(self.certPem + ca.certPem));
  assert.equal(pickRoot(both).subject, 'CN=DBE Device CA');
});

test('an expired CA and a not-yet-valid CA are refused with the date and what to do', () => {
  const expired = makeCa({
    notBefore: new Date(Date.now() - 10 * day),
    notAfter: new Date(Date.now() - day),
  });
  throwsCert(() => pickRoot(parseCertificates(Buffer.from(expired.certPem))), /expired on .*Renew/);
  const future = makeCa({
    notBefore: new Date(Date.now() + 2 * day),
    notAfter: new Date(Date.now() + 10 * day),
  });
  throwsCert(() => pickRoot(parseCertificates(Buffer.from(future.certPem))), /not valid until .*clock/);
});

test('the chain must verify the server name and lead to the chosen root', () => {
  const chain = parseCertificates(Buffer.from(leaf.certPem + ca.certPem));
  const root = pickRoot(chain);
  verifyServerChain(chain, root, 'ecr.dbe-demo.local');
  verifyServerChain(chain, root, '127.0.0.1');
  throwsCert(() => verifyServerChain(chain, root, 'other.example.com'), /not "other\.example\.com"/);
  const stranger = pickRoot(parseCertificates(Buffer.from(makeCa({ cn: 'Stranger CA' }).certPem)));
  throwsCert(
    () => verifyServerChain(chain, stranger, 'ecr.dbe-demo.local'),
    /not signed by "CN=Stranger CA"/,
  );
});

test('an intermediate chain: the self-signed root is picked and verifies the leaf through the intermediate', () => {
  const mid = makeSigned(ca, { cn: 'Intermediate', ca: true });
  const leaf2 = makeSigned(mid, { names: ['r.example.com'] });
  const chain = parseCertificates(Buffer.from(leaf2.certPem + mid.certPem + ca.certPem));
  const root = pickRoot(chain);
  assert.equal(root.subject, 'CN=DBE Device CA');
  verifyServerChain(chain, root, 'r.example.com');
  // Without the root in the bundle, the top-most CA (the intermediate) is chosen.
  assert.equal(pickRoot(chain.slice(0, 2)).subject, 'CN=Intermediate');
});

test('fingerprints compare in any common spelling', () => {
  const c = parseCertificates(Buffer.from(ca.certPem))[0]!;
  const hex = new X509Certificate(ca.der).fingerprint256;
  assert.ok(fingerprintMatches(c, hex));
  assert.ok(fingerprintMatches(c, hex.replace(/:/g, '').toLowerCase()));
  assert.ok(fingerprintMatches(c, `sha256:${hex.replace(/:/g, '')}`));
  assert.ok(!fingerprintMatches(c, hex.replace(/^../, '00')));
});

test('the SHA-1 thumbprint as Windows shows it is accepted beside SHA-256 (issue 16, defect 7)', () => {
  const c = parseCertificates(Buffer.from(ca.certPem))[0]!;
  const sha1 = createHash('sha1').update(ca.der).digest('hex');
  const spaced = sha1.match(/../g)!.join(' '); // the certificate dialog's Details tab
  for (const spelling of [
    sha1,
    sha1.toUpperCase(), // certutil, Get-ChildItem Cert:\ Thumbprint
    spaced,
    sha1.match(/../g)!.join(':').toUpperCase(),
    `sha1:${sha1}`,
    `SHA-1 ${spaced}`,
    c.thumbprint,
  ]) {
    assert.equal(fingerprintKind(spelling), 'sha1', spelling);
    assert.ok(fingerprintMatches(c, spelling), spelling);
  }
  assert.equal(fingerprintKind(c.sha256), 'sha256');
  assert.ok(!fingerprintMatches(c, sha1.replace(/^../, '00')));
  // Another certificate's thumbprint, a SHA-1 cut short, and a hash of neither length do not match.
  assert.ok(!fingerprintMatches(c, parseCertificates(Buffer.from(leaf.certPem))[0]!.thumbprint));
  assert.equal(fingerprintKind(sha1.slice(2)), undefined);
  assert.ok(!fingerprintMatches(c, sha1.slice(2)));
  assert.equal(fingerprintKind(sha1 + 'ab'), undefined);
});
