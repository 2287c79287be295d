// Certificates for the device-setup tests, made in-process: RSA keys from node:crypto
// (native, fast), certificates signed by node-forge. No system tools needed.
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestCert {
  certPem: string;
  keyPem: string;
  der: Buffer;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

let serial = 1;

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    keyPem,
    key: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
    pub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

function finish(
  cert: forge.pki.Certificate,
  signer: forge.pki.rsa.PrivateKey,
  keyPem: string,
  key: forge.pki.rsa.PrivateKey,
): TestCert {
  cert.sign(signer, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { certPem, keyPem, der, cert, key };
}

const day = 86_400_000;

/** A self-signed CA. */
export function makeCa(opts: { cn?: string; notBefore?: Date; notAfter?: Date } = {}): TestCert {
  const { keyPem, key, pub } = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - day);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 30 * day);
  const attrs = [{ name: 'commonName', value: opts.cn ?? 'Test Device CA' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  return finish(cert, key, keyPem, key);
}

/** A certificate signed by `issuer`: a server leaf by default, an intermediate CA with `ca`. */
export function makeSigned(
  issuer: TestCert,
  opts: {
    cn?: string;
    names?: string[];
    ips?: string[];
    ca?: boolean;
    notBefore?: Date;
    notAfter?: Date;
  } = {},
): TestCert {
  const { keyPem, key, pub } = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - day);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 20 * day);
  cert.setSubject([{ name: 'commonName', value: opts.cn ?? opts.names?.[0] ?? 'server' }]);
  cert.setIssuer(issuer.cert.subject.attributes);
  const altNames = [
    ...(opts.names ?? []).map((value) => ({ type: 2, value })),
    ...(opts.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: opts.ca ?? false, critical: true },
    ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  return finish(cert, issuer.key, keyPem, key);
}

/** A self-signed server certificate (not a CA), as small devices and lab registries use. */
export function makeSelfSignedLeaf(opts: { names?: string[]; ips?: string[] } = {}): TestCert {
  const { keyPem, key, pub } = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = new Date(Date.now() - day);
  cert.validity.notAfter = new Date(Date.now() + 20 * day);
  const attrs = [{ name: 'commonName', value: opts.names?.[0] ?? 'self-signed server' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const altNames = [
    ...(opts.names ?? []).map((value) => ({ type: 2, value })),
    ...(opts.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  return finish(cert, key, keyPem, key);
}
