// `ENDPOINT/REPO:TAG` references as users type them (the device's endpoint always has
// a port, e.g. ecr.dbe-hw6h1t2.microsoftdatabox.com:31001/app:v1).
import { repositoryPattern as repoPattern, tagPattern } from '../../shared/image-name.js';

export interface ImageRef {
  /** host[:port] of the registry. */
  registry: string;
  repository: string;
  /** The tag, when the reference names one (default `latest` unless a digest is given). */
  tag?: string;
  digest?: string;
}

const digestPattern = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

// A DNS name, an IPv4 address or a bracketed IPv6 address, then an optional port.
const label = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const endpointPattern = new RegExp(`^(?:${label}(?:\\.${label})*|\\[[0-9a-fA-F:.]+\\])(?::(\\d{1,5}))?$`);

/** `registry` if it is HOST[:PORT] with a port from 1 to 65535; else an error that quotes `input`. */
function checkEndpoint(input: string, registry: string): string {
  const m = endpointPattern.exec(registry);
  const port = m?.[1];
  if (!m || (port !== undefined && !(+port >= 1 && +port <= 65535))) {
    throw new Error(
      `'${input}' has an invalid registry endpoint '${registry}': write HOST:PORT with a port from 1 to 65535 (e.g. ecr.example.com:31001).`,
    );
  }
  return registry;
}

/** True when the first path component names a registry host (it has a dot or a port, or is localhost). */
function looksLikeHost(s: string): boolean {
  return s.includes('.') || s.includes(':') || s === 'localhost';
}

/** Strips a scheme and trailing slashes: `https://host:port/` -> `host:port`. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

/**
 * Parses `REGISTRY/REPO[:TAG][@DIGEST]`. With `requireRegistry` false a reference without
 * a host part (e.g. `app:v1`) gets registry ''.
 */
export function parseImageRef(input: string, requireRegistry = true): ImageRef {
  const text = normalizeEndpoint(input.trim());
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest))
      throw new Error(`'${input}' has an invalid digest; expected sha256:<64 hex>.`);
  }
  const slash = rest.indexOf('/');
  let registry = '';
  if (slash > 0 && looksLikeHost(rest.slice(0, slash))) {
    registry = checkEndpoint(input, rest.slice(0, slash));
    rest = rest.slice(slash + 1);
  } else if (requireRegistry) {
    throw new Error(
      `'${input}' names no registry; write it as ENDPOINT/REPO:TAG (e.g. ecr.example.com:31001/app:v1).`,
    );
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagPattern.test(tag)) throw new Error(`'${input}' has an invalid tag '${tag}'.`);
  }
  if (!repoPattern.test(rest)) {
    throw new Error(
      `'${input}' has an invalid repository name '${rest}' (lower case letters, digits, . _ - and /).`,
    );
  }
  if (!tag && !digest) tag = 'latest';
  return { registry, repository: rest, tag, digest };
}

/** Parses `ENDPOINT[/REPO]` (for `ls`). */
export function parseEndpointAndRepo(input: string): { registry: string; repository?: string } {
  const text = normalizeEndpoint(input.trim());
  const slash = text.indexOf('/');
  if (slash < 0) return { registry: checkEndpoint(input, text) };
  const repository = text.slice(slash + 1);
  if (!repoPattern.test(repository))
    throw new Error(`'${input}' has an invalid repository name '${repository}'.`);
  return { registry: checkEndpoint(input, text.slice(0, slash)), repository };
}

/** Formats a reference back into `registry/repo:tag` (or `@digest`). */
export function formatImageRef(ref: ImageRef): string {
  const base = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
  return ref.digest && !ref.tag ? `${base}@${ref.digest}` : `${base}:${ref.tag ?? 'latest'}`;
}
