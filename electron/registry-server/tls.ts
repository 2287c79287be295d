// The device's TLS material, made with node-forge: a device CA and a server certificate
// whose SAN holds the endpoint name and its IP, signed by that CA. Persisted in the data
// dir and reused, so clients that trusted the CA once keep trusting it.
//
// Setup installs the CA system-wide, so the CA must not be able to vouch for anything else:
// it carries critical X.509 name constraints (RFC 5280 4.2.1.10) that permit only the demo
// device's DNS name (and names under it) and its one IP address, and an extended key usage of
// TLS server only; verifiers (OpenSSL, Go, Node, Windows CryptoAPI, macOS) then refuse a
// certificate it signed for github.com or for another address. Path length 0: no
// intermediates. Its key and the server's are 0600 in the 0700 data folder.
//
// A CA whose constraints do not cover the requested name and IP (one made before constraints
// existed, or after `--name`/`--ip` changed) is replaced by a new one, and its key deleted.
// Clients that trusted the old CA must trust the new one: re-running setup does that and
// removes the old one from the trust stores (docs/registry-server.md, "The demo CA").
import forge from 'node-forge';
import { generateKeyPairSync, X509Certificate, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
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
  /** Set when this start replaced a CA without (or with other) name constraints. */
  replacedCa?: { certPath: string; fingerprint: string };
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

/** An IP address's bytes followed by an all-ones mask of the same length: one address. */
function ipSubtree(ip: string): string {
  // In node-forge, missing from its type definitions.
  const bytes = (forge.util as unknown as { bytesFromIP(ip: string): string | null }).bytesFromIP(ip);
  if (!bytes) throw new Error(`${ip} is not an IP address`);
  return bytes + '\xff'.repeat(bytes.length);
}

/**
 * The DER of a NameConstraints value permitting `name` (dNSName) and `ip` (iPAddress) only.
 * node-forge reads this extension but cannot write it, so it is built here with forge.asn1:
 *   NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees }
 *   GeneralSubtree ::= SEQUENCE { base GeneralName }   (minimum 0 and no maximum: both left out)
 */
export function nameConstraintsValue(name: string, ip: string): forge.asn1.Asn1 {
  const { asn1 } = forge;
  const seq = (items: forge.asn1.Asn1[]) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
  const general = (tag: number, value: string) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, value);
  const permitted = [seq([general(2, name.toLowerCase())])];
  if (isIP(ip)) permitted.push(seq([general(7, ipSubtree(ip))]));
  return seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, permitted)]);
}

/** True when `caPem` is constrained to exactly `name` and `ip` (so it needs no replacing). */
export function caConstrainedTo(caPem: string, name: string, ip: string): boolean {
  try {
    const ext = forge.pki.certificateFromPem(caPem).getExtension('nameConstraints') as
      | {
          critical?: boolean;
          permittedSubtrees?: { type: number; value: string }[];
          excludedSubtrees?: unknown[];
        }
      | undefined;
    const permitted = ext?.permittedSubtrees;
    if (!ext?.critical || !permitted) return false;
    const want = [`2:${name.toLowerCase()}`, ...(isIP(ip) ? [`7:${ipSubtree(ip)}`] : [])].sort();
    const have = permitted.map((p) => `${p.type}:${p.type === 2 ? p.value.toLowerCase() : p.value}`).sort();
    return want.length === have.length && want.every((w, i) => w === have[i]);
  } catch {
    return false;
  }
}

function makeCa(name: string, ip: string) {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 60 * 60 * 1000);
  // The date tells apart a re-issued CA from the one it replaces in a trust store's list.
  const subject = [
    { name: 'commonName', value: `Edge Registry Companion device CA (${name})` },
    { name: 'organizationName', value: 'Edge Registry Companion' },
    { name: 'organizationalUnitName', value: `Only for ${name}, issued ${now.toISOString().slice(0, 10)}` },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    // RFC 5280 says conforming CAs mark name constraints critical: a verifier that cannot
    // apply them must refuse the CA rather than ignore them.
    { id: '2.5.29.30', name: 'nameConstraints', critical: true, value: nameConstraintsValue(name, ip) },
    // Not an RFC 5280 rule for CAs, but Windows, Go, macOS and OpenSSL restrict the chain by it.
    { name: 'extKeyUsage', serverAuth: true },
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
  // Private like the whole data folder (./core.ts): the keys are 0600 in a 0700 folder. ca.crt
  // is public, but setup and `edge-registry demo` hand it over by path to the same user.
  await makeDir(tlsDir, 0o700);
  const paths = {
    caCert: join(tlsDir, 'ca.crt'),
    caKey: join(tlsDir, 'ca.key'),
    cert: join(tlsDir, 'server.crt'),
    key: join(tlsDir, 'server.key'),
    previousCaCert: join(tlsDir, 'ca-previous.crt'),
  };
  let caCertPem = await readOptional(paths.caCert);
  let caKeyPem = await readOptional(paths.caKey);
  let replacedCa: TlsMaterial['replacedCa'];
  if (!caCertPem || !caKeyPem || !caConstrainedTo(caCertPem, name, ip)) {
    if (caCertPem) {
      // Kept for reference (which CA the trust stores may still hold); its key goes below.
      await writeFileAtomic(tmpDir, paths.previousCaCert, caCertPem, 0o600);
      replacedCa = {
        certPath: paths.previousCaCert,
        fingerprint: new X509Certificate(caCertPem).fingerprint256,
      };
    }
    const ca = makeCa(name, ip);
    caCertPem = ca.certPem;
    caKeyPem = ca.keyPem;
    // The key first: a crash in between leaves a CA that the next start replaces again.
    await writeFileAtomic(tmpDir, paths.caKey, caKeyPem, 0o600);
    await writeFileAtomic(tmpDir, paths.caCert, caCertPem, 0o600);
    await rm(paths.cert, { force: true }); // signed by the old CA
  }
  let serverCertPem = await readOptional(paths.cert);
  let serverKeyPem = await readOptional(paths.key);
  if (!serverCertPem || !serverKeyPem || !coversEndpoint(serverCertPem, caCertPem, name, ip)) {
    const s = makeServerCert(caCertPem, caKeyPem, name, ip);
    serverCertPem = s.certPem;
    serverKeyPem = s.keyPem;
    await writeFileAtomic(tmpDir, paths.key, serverKeyPem, 0o600);
    await writeFileAtomic(tmpDir, paths.cert, serverCertPem, 0o600);
  }
  return {
    caCertPem,
    caCertPath: paths.caCert,
    caFingerprint: new X509Certificate(caCertPem).fingerprint256,
    serverCertPem,
    serverKeyPem,
    ...(replacedCa ? { replacedCa } : {}),
  };
}
