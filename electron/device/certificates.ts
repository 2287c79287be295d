// Reading the certificates a user has for a device: PEM, DER, Windows `.cer` (DER or
// Base64), and bundles of several. node-forge splits and classifies PEM blocks (so a
// private key pasted by mistake is named as such); node:crypto's X509Certificate reads
// each certificate (any key type, not only RSA) and checks names and signatures.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import forge from 'node-forge';

/** A certificate as the app shows it and as the trust steps need it. */
export interface CertInfo {
  subject: string;
  issuer: string;
  /** Subject alternative names, e.g. `DNS:ecr.dbe-x.local`, `IP Address:10.0.0.5`. */
  san: string[];
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER, upper-case hex pairs joined by ':' (as openssl and browsers show it). */
  sha256: string;
  /** SHA-1 of the DER, upper-case hex without separators: the "Thumbprint" Windows shows. */
  thumbprint: string;
  isCA: boolean;
  selfSigned: boolean;
  pem: string;
  der: Buffer;
  /** The parsed certificate, for name and signature checks. */
  x509: X509Certificate;
}

/** A certificate file or chain that cannot be used; the message says why and what to do. */
export class CertificateError extends Error {
  constructor(
    message: string,
    /** What is wrong, for callers that map it to a stable code; `unusable` covers bad files. */
    readonly problem:
      'unusable' | 'not-ca' | 'expired' | 'not-yet-valid' | 'name-mismatch' | 'untrusted' = 'unusable',
  ) {
    super(message);
    this.name = 'CertificateError';
  }
}

const certBlockTypes = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE']);

/** Reads every certificate in `bytes` (PEM, bundle, DER, Base64 .cer); throws CertificateError. */
export function parseCertificates(bytes: Buffer, source = 'the file'): CertInfo[] {
  const text = bytes.toString('latin1');
  if (text.trim().length === 0) {
    throw new CertificateError(
      `${source} is empty. Download the device's certificate again (Base-64 or DER) and retry.`,
    );
  }
  if (text.includes('-----BEGIN')) return parsePem(text, source);
  if (bytes[0] === 0x30) return [parseDer(bytes, source)];
  const compact = text.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    // A Base64 .cer saved without its BEGIN/END lines.
    const der = Buffer.from(compact, 'base64');
    if (der[0] === 0x30) return [parseDer(der, source)];
  }
  throw new CertificateError(
    `${source} is not a certificate (expected PEM "-----BEGIN CERTIFICATE-----", DER, or a Windows .cer). ` +
      `Export the device's root certificate again and choose it.`,
  );
}

function parsePem(text: string, source: string): CertInfo[] {
  const begins = text.match(/-----BEGIN [A-Z0-9 ]+-----/g) ?? [];
  const ends = text.match(/-----END [A-Z0-9 ]+-----/g) ?? [];
  if (ends.length < begins.length) {
    throw new CertificateError(
      `${source} is truncated: a "-----BEGIN" line has no matching "-----END" line. Download the certificate again.`,
    );
  }
  let blocks: forge.pem.ObjectPEM[];
  try {
    blocks = forge.pem.decode(text);
  } catch (e) {
    throw new CertificateError(
      `${source} is damaged PEM (${(e as Error).message}). Download the certificate again.`,
    );
  }
  const keys = blocks.filter((b) => /PRIVATE KEY/.test(b.type));
  const certs = blocks.filter((b) => certBlockTypes.has(b.type));
  if (certs.length === 0 && keys.length > 0) {
    throw new CertificateError(
      `${source} holds a private key, not a certificate. Never hand a private key around: ` +
        `choose the device's CA certificate (usually ca.crt or a .cer file) instead.`,
    );
  }
  if (certs.length === 0) {
    throw new CertificateError(
      `${source} has no certificate (found ${blocks.map((b) => b.type).join(', ') || 'nothing'}). ` +
        `Choose the device's CA certificate.`,
    );
  }
  return certs.map((b, i) =>
    parseDer(Buffer.from(b.body, 'binary'), certs.length > 1 ? `${source} (certificate ${i + 1})` : source),
  );
}

/** Length of a DER TLV from its header, or undefined if the header itself is incomplete. */
function derTotalLength(der: Buffer): number | undefined {
  if (der.length < 2) return undefined;
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
  return 2 + n + len;
}

function parseDer(der: Buffer, source: string): CertInfo {
  const total = derTotalLength(der);
  if (total === undefined || total > der.length) {
    throw new CertificateError(
      `${source} is truncated (${der.length} bytes of ${total ?? 'an unknown number of'}). Download the certificate again.`,
    );
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der.subarray(0, total));
  } catch {
    if (looksLikePrivateKey(der)) {
      throw new CertificateError(
        `${source} holds a private key, not a certificate. Never hand a private key around: ` +
          `choose the device's CA certificate (usually ca.crt or a .cer file) instead.`,
      );
    }
    throw new CertificateError(
      `${source} is not a readable X.509 certificate. Export it again as "DER encoded binary" or "Base-64 encoded X.509 (.CER)".`,
    );
  }
  return describe(x509);
}

function looksLikePrivateKey(der: Buffer): boolean {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this kind of key
    }
  }
  return false;
}

/** Builds the displayable summary of a parsed certificate. */
export function describe(x509: X509Certificate): CertInfo {
  const der = Buffer.from(x509.raw);
  return {
    subject: oneLineName(x509.subject),
    issuer: oneLineName(x509.issuer),
    san: x509.subjectAltName ? x509.subjectAltName.split(/,\s*/) : [],
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    sha256: x509.fingerprint256.toUpperCase(),
    thumbprint: x509.fingerprint.replace(/:/g, '').toUpperCase(),
    isCA: x509.ca,
    // Not checkIssued(x509): OpenSSL's issuer check wants keyCertSign, which a self-signed
    // server certificate usually lacks, yet it is still its own issuer and trust anchor.
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
    pem: x509.toString(),
    der,
    x509,
  };
}

function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/** Lower-case hex without separators, from "AB:CD..", "abcd..", "sha256:abcd..", "ab cd .." (as Windows shows it). */
export function normalizeFingerprint(fp: string): string {
  return fp
    .trim()
    .replace(/^sha-?(256|1)[:=]?/i, '')
    .replace(/[:\s-]/g, '')
    .toLowerCase();
}

/**
 * Which hash `fp` spells: `sha256` (64 hex digits, as openssl and browsers show it) or
 * `sha1` (40, the "Thumbprint" Windows' certificate dialog and certutil show); undefined
 * when it is neither. Colons, spaces and dashes between the digits are allowed.
 */
export function fingerprintKind(fp: string): 'sha256' | 'sha1' | undefined {
  const hex = normalizeFingerprint(fp);
  if (/^[0-9a-f]{64}$/.test(hex)) return 'sha256';
  if (/^[0-9a-f]{40}$/.test(hex)) return 'sha1';
  return undefined;
}

/** True when `fp` (any common spelling) is the SHA-256 fingerprint or the SHA-1 thumbprint of `cert`. */
export function fingerprintMatches(cert: CertInfo, fp: string): boolean {
  const kind = fingerprintKind(fp);
  if (!kind) return false;
  return normalizeFingerprint(kind === 'sha256' ? cert.sha256 : cert.thumbprint) === normalizeFingerprint(fp);
}

/**
 * Picks the certificate to trust from a chain or bundle: the self-signed CA, else the
 * top-most CA (one not issued by another in the set), else a self-signed server
 * certificate, which is its own trust anchor (Docker and the OS stores accept it so).
 * Throws when none of these is present, naming the issuer whose certificate is missing,
 * or when the chosen one is expired or not yet valid.
 */
export function pickRoot(certs: CertInfo[], now = new Date(), source = 'the file'): CertInfo {
  const cas = certs.filter((c) => c.isCA);
  const root =
    cas.find((c) => c.selfSigned) ??
    cas.find((c) => !cas.some((other) => other !== c && c.x509.checkIssued(other.x509))) ??
    certs.find((c) => c.selfSigned);
  if (!root) {
    const leaf = certs[0];
    throw new CertificateError(
      leaf
        ? `"${leaf.subject}" is a server certificate issued by "${leaf.issuer}", and ${source} does not hold ` +
            `that issuer's certificate, so nothing in it can be trusted as the root. Get the certificate of ` +
            `"${leaf.issuer}" (the device's root CA, e.g. from the device's local UI: Certificates, download the ` +
            `root/CA certificate) and use that file, or a bundle that holds it.`
        : `${source} holds no certificate. Download the device's root (CA) certificate and use that.`,
      'not-ca',
    );
  }
  checkValidity(root, now);
  return root;
}

/** Throws a clear error when `cert` is expired or not yet valid at `now`. */
export function checkValidity(cert: CertInfo, now = new Date()): void {
  if (now > cert.notAfter) {
    throw new CertificateError(
      `The certificate "${cert.subject}" expired on ${cert.notAfter.toISOString()}. ` +
        `Renew the device's certificates (on the device's local UI) and download the new one.`,
      'expired',
    );
  }
  if (now < cert.notBefore) {
    throw new CertificateError(
      `The certificate "${cert.subject}" is not valid until ${cert.notBefore.toISOString()}: this computer's clock ` +
        `(${now.toISOString()}) or the device's is wrong. Correct the time (enable automatic time sync) and retry.`,
      'not-yet-valid',
    );
  }
}

/**
 * Checks that `chain[0]` (the server's certificate) is for `host` and leads, through the
 * rest of `chain`, to `root`. Throws CertificateError saying which link fails.
 */
export function verifyServerChain(chain: CertInfo[], root: CertInfo, host: string, now = new Date()): void {
  const leaf = chain[0];
  if (!leaf) throw new CertificateError('The server sent no certificate. Check the address and port.');
  const isIp = /^[\d.]+$|:/.test(host);
  const nameOk = isIp ? leaf.x509.checkIP(host) !== undefined : leaf.x509.checkHost(host) !== undefined;
  if (!nameOk) {
    throw new CertificateError(
      `The registry's certificate is for ${leaf.san.join(', ') || leaf.subject}, not "${host}". ` +
        `Use the endpoint name the device shows (Get-HcsKubernetesContainerRegistryInfo), or regenerate the device's certificates with this name.`,
      'name-mismatch',
    );
  }
  checkValidity(leaf, now);
  let current = leaf;
  for (let hops = 0; hops <= chain.length; hops++) {
    if (current.x509.checkIssued(root.x509) && current.x509.verify(root.x509.publicKey)) return;
    if (current.sha256 === root.sha256) return;
    const issuer = chain.find(
      (c) => c !== current && current.x509.checkIssued(c.x509) && current.x509.verify(c.x509.publicKey),
    );
    if (!issuer) break;
    current = issuer;
  }
  throw new CertificateError(
    `The registry's certificate "${leaf.subject}" is not signed by "${root.subject}" (SHA-256 ${root.sha256}). ` +
      `Choose the CA certificate of this device, or download it again from the device's local UI.`,
    'untrusted',
  );
}

/** A human summary of a certificate, several lines, for the CLI and logs. */
export function formatCert(cert: CertInfo): string {
  return [
    `Subject:     ${cert.subject}`,
    `Issuer:      ${cert.issuer}`,
    ...(cert.san.length ? [`SAN:         ${cert.san.join(', ')}`] : []),
    `Valid:       ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}`,
    `CA:          ${cert.isCA ? 'yes' : 'no'}${cert.selfSigned ? (cert.isCA ? ' (self-signed root)' : ' (self-signed: its own root)') : ''}`,
    `SHA-256:     ${cert.sha256}`,
    `Thumbprint:  ${cert.thumbprint} (SHA-1, as Windows shows it)`,
  ].join('\n');
}
