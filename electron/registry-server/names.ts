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

export interface Digest {
  algorithm: 'sha256';
  hex: string;
}

/** Parses "sha256:<64 lower hex>"; any other algorithm or shape gives undefined. */
export function parseDigest(s: string): Digest | undefined {
  const m = digestRe.exec(s);
  if (!m || m[1] !== 'sha256' || !/^[a-f0-9]{64}$/.test(m[2]!)) return undefined;
  return { algorithm: 'sha256', hex: m[2]! };
}

/** True when `s` has the general digest shape (even with an algorithm we do not support). */
export function looksLikeDigest(s: string): boolean {
  return digestRe.test(s);
}

/** "sha256:<hex>" of a parsed digest. */
export function digestString(d: Digest): string {
  return `${d.algorithm}:${d.hex}`;
}
