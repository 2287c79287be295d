// The spec's grammars for repository names, tags and digests. Anything that does not match
// is refused before it comes near a path, so no request can escape the storage root.

/** Repository name: path components of [a-z0-9] runs joined by '.', '_', '__' or '-'s (OCI distribution spec). */
const nameRe = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
/** Longest name accepted; Distribution's limit (hostname included) is 255. */
export const maxNameLength = 255;
const tagRe = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const digestRe = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

/** True when `name` is a valid repository name. */
export function isValidName(name: string): boolean {
  return name.length <= maxNameLength && nameRe.test(name);
}

/** True when `tag` is a valid tag. */
export function isValidTag(tag: string): boolean {
  return tagRe.test(tag);
}

/**
 * The digest algorithms the registry takes and stores (the OCI image spec's registered ones),
 * with the length of their lower-case hex encoding. The lengths differ, so a hex string alone
 * names one digest: sets keyed by hex never mix algorithms.
 */
export const digestAlgorithms = { sha256: 64, sha512: 128 } as const;

export type DigestAlgorithm = keyof typeof digestAlgorithms;

export interface Digest {
  algorithm: DigestAlgorithm;
  hex: string;
}

/** The algorithm named `s`, or undefined when the registry does not take it. */
export function parseAlgorithm(s: string): DigestAlgorithm | undefined {
  return Object.hasOwn(digestAlgorithms, s) ? (s as DigestAlgorithm) : undefined;
}

/** Parses "sha256:<64 lower hex>" or "sha512:<128 lower hex>"; any other algorithm or shape gives undefined. */
export function parseDigest(s: string): Digest | undefined {
  const m = digestRe.exec(s);
  const algorithm = m ? parseAlgorithm(m[1]!) : undefined;
  if (!algorithm) return undefined;
  const hex = m![2]!;
  if (hex.length !== digestAlgorithms[algorithm] || !/^[a-f0-9]+$/.test(hex)) return undefined;
  return { algorithm, hex };
}

/** True when `s` has the general digest shape (even with an algorithm we do not support). */
export function looksLikeDigest(s: string): boolean {
  return digestRe.test(s);
}

/** "<algorithm>:<hex>" of a parsed digest. */
export function digestString(d: Digest): string {
  return `${d.algorithm}:${d.hex}`;
}

/** What a digest must look like, for messages. */
export const digestForm = 'sha256:<64 lower-case hex digits> or sha512:<128 lower-case hex digits>';
