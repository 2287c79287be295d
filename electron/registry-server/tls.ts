// The device's TLS material, made with node-forge: a device CA and a server certificate
// whose SAN holds the endpoint name and its IP, signed by that CA. Persisted in the data
// dir and reused, so clients that trusted the CA once keep trusting it; when the name or
// IP changes only the server certificate is re-issued, under the same CA.
import forge from 'node-forge';
import { generateKeyPairSync, X509Certificate, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { makeDir } from '../fs/atomic-file.js';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { writeFileAtomic } from './storage/atomic.js';

export interface TlsMaterial {
  caCertPem: string;
  caCertPath: string;
  /** SHA-256 of the CA certificate's DER, colon-separated upper-case hex. */
  caFingerprint: string;
  serverCertPem: string;
  serverKeyPem: string;
}

// RSA keys come from node:crypto (native, milliseconds) rather than forge's pure-JS generator.
function newKeyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), pem };
}

function serial(): string {
  // Positive, 16 bytes: RFC 5280 wants a unique positive serial.
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

function makeCa(name: string) {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 60 * 60 * 1000);
  const subject = [
    { name: 'commonName', value: `Edge Registry Companion device CA (${name})` },
    { name: 'organizationName', value: 'Edge Registry Companion' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
}

function makeServerCert(caCertPem: string, caKeyPem: string, name: string, ip: string) {
  const ca = forge.pki.certificateFromPem(caCertPem);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem);
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  // 825 days: the longest lifetime Apple platforms accept for a TLS server certificate.
  cert.validity.notAfter = new Date(Date.now() + 825 * 24 * 60 * 60 * 1000);
  cert.setSubject([{ name: 'commonName', value: name }]);
  cert.setIssuer(ca.subject.attributes);
  const altNames: { type: number; value?: string; ip?: string }[] = [{ type: 2, value: name }];
  if (isIP(ip)) altNames.push({ type: 7, ip });
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function coversEndpoint(certPem: string, caPem: string, name: string, ip: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (Date.parse(cert.validTo) < Date.now() + 24 * 60 * 60 * 1000) return false;
    return cert.checkHost(name) !== undefined && (!isIP(ip) || cert.checkIP(ip) !== undefined);
  } catch {
    return false;
  }
}

/** Loads the TLS material from `tlsDir`, making the CA and/or server certificate when missing or stale. */
export async function loadOrCreateTls(
  tlsDir: string,
  tmpDir: string,
  name: string,
  ip: string,
): Promise<TlsMaterial> {
  // The folder stays readable: ca.crt is public (clients import it); the keys are 0600.
  await makeDir(tlsDir);
  const paths = {
    caCert: join(tlsDir, 'ca.crt'),
    caKey: join(tlsDir, 'ca.key'),
    cert: join(tlsDir, 'server.crt'),
    key: join(tlsDir, 'server.key'),
  };
  let caCertPem = await readOptional(paths.caCert);
  let caKeyPem = await readOptional(paths.caKey);
  if (!caCertPem || !caKeyPem) {
    const ca = makeCa(name);
    caCertPem = ca.certPem;
    caKeyPem = ca.keyPem;
    await writeFileAtomic(tmpDir, paths.caKey, caKeyPem, 0o600);
    await writeFileAtomic(tmpDir, paths.caCert, caCertPem, 0o644);
  }
  let serverCertPem = await readOptional(paths.cert);
  let serverKeyPem = await readOptional(paths.key);
  if (!serverCertPem || !serverKeyPem || !coversEndpoint(serverCertPem, caCertPem, name, ip)) {
    const s = makeServerCert(caCertPem, caKeyPem, name, ip);
    serverCertPem = s.certPem;
    serverKeyPem = s.keyPem;
    await writeFileAtomic(tmpDir, paths.key, serverKeyPem, 0o600);
    await writeFileAtomic(tmpDir, paths.cert, serverCertPem, 0o644);
  }
  return {
    caCertPem,
    caCertPath: paths.caCert,
    caFingerprint: new X509Certificate(caCertPem).fingerprint256,
    serverCertPem,
    serverKeyPem,
  };
}
