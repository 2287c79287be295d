// Parsing and validation of the four manifest formats the registry stores: OCI image
// manifest and index, Docker schema 2 manifest and manifest list.
import { ServedError } from './errors.js';
import { parseJsonStrict } from './json.js';
import { digestForm, parseDigest, type Digest } from './names.js';

export const mediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

const imageTypes = new Set<string>([mediaTypes.ociManifest, mediaTypes.dockerManifest]);
const indexTypes = new Set<string>([mediaTypes.ociIndex, mediaTypes.dockerList]);
/** Docker's foreign layers live elsewhere (urls); they need not be in the registry. */
const foreignLayerTypes = new Set([
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
]);

/** The manifest size limit (Distribution's and the spec's recommended 4 MiB). */
export const maxManifestBytes = 4 * 1024 * 1024;

export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface ParsedManifest {
  mediaType: string;
  kind: 'image' | 'index';
  /** Blobs the manifest needs in the repository (config and layers; foreign layers excluded). */
  blobs: Descriptor[];
  /** Manifests an index needs in the repository. */
  manifests: Descriptor[];
  subject?: Descriptor;
  /** For the referrers API: artifactType, else the config's media type. */
  artifactType?: string;
  annotations?: Record<string, string>;
}

function invalid(message: string, detail?: unknown): ServedError {
  return new ServedError('MANIFEST_INVALID', { message: `manifest invalid: ${message}`, detail });
}

/** A value from a request, for an error's detail: small scalars as they are, anything else by its kind. */
function brief(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length <= 200 ? v : `${v.slice(0, 200)}...`;
  return Array.isArray(v) ? '(an array)' : `(${typeof v})`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function annotationsOf(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw invalid(`${where}.annotations must map strings to strings`);
  }
  return v as Record<string, string>;
}

function descriptor(v: unknown, where: string): Descriptor {
  if (!isObject(v)) throw invalid(`${where} must be a descriptor object`);
  if (typeof v.mediaType !== 'string' || v.mediaType === '') throw invalid(`${where}.mediaType is missing`);
  const digest = typeof v.digest === 'string' ? parseDigest(v.digest) : undefined;
  if (!digest) throw invalid(`${where}.digest is not a digest (${digestForm})`, { digest: brief(v.digest) });
  if (typeof v.size !== 'number' || !Number.isSafeInteger(v.size) || v.size < 0) {
    throw invalid(`${where}.size must be a non-negative integer`);
  }
  const d: Descriptor = { mediaType: v.mediaType, digest, size: v.size };
  if (typeof v.artifactType === 'string') d.artifactType = v.artifactType;
  const annotations = annotationsOf(v.annotations, where);
  if (annotations) d.annotations = annotations;
  return d;
}

/** The media type given by Content-Type without parameters, or undefined for generic types. */
function headerType(contentType: string | undefined): string | undefined {
  const t = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!t || t === 'application/json' || t === 'application/octet-stream') return undefined;
  return t;
}

/**
 * Parses and validates a manifest being pushed; throws MANIFEST_INVALID with the reason. Its JSON
 * is read strictly (json.ts): UTF-8, bounded nesting, no duplicate keys.
 */
export function parsePushedManifest(bytes: Buffer, contentType?: string): ParsedManifest {
  let doc: unknown;
  try {
    doc = parseJsonStrict(bytes);
  } catch (e) {
    throw invalid(`the body ${(e as Error).message}`);
  }
  return manifestOf(doc, contentType);
}

/**
 * Parses and validates a stored manifest (or any manifest bytes); throws MANIFEST_INVALID with
 * the reason. Lenient about JSON that parsePushedManifest refuses: a manifest stored before
 * that was refused keeps its references (GC must not take its layers).
 */
export function parseManifest(bytes: Buffer, contentType?: string): ParsedManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw invalid(`not JSON (${(e as Error).message.slice(0, 120)})`);
  }
  return manifestOf(doc, contentType);
}

function manifestOf(doc: unknown, contentType: string | undefined): ParsedManifest {
  if (!isObject(doc)) throw invalid('not a JSON object');
  if (doc.schemaVersion !== 2) {
    throw invalid('schemaVersion must be 2 (Docker schema 1 is not supported; push with a current client)', {
      schemaVersion: brief(doc.schemaVersion),
    });
  }
  const bodyType = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
  const header = headerType(contentType);
  if (header && bodyType && header !== bodyType) {
    throw invalid(
      `Content-Type ${String(brief(header))} does not match the manifest's mediaType ${String(brief(bodyType))}`,
    );
  }
  const mediaType =
    bodyType ?? header ?? (Array.isArray(doc.manifests) ? mediaTypes.ociIndex : mediaTypes.ociManifest);
  const annotations = annotationsOf(doc.annotations, 'manifest');
  const subject = doc.subject === undefined ? undefined : descriptor(doc.subject, 'subject');
  if (imageTypes.has(mediaType)) {
    const config = descriptor(doc.config, 'config');
    if (!Array.isArray(doc.layers)) throw invalid('layers must be an array');
    const layers = doc.layers.map((l, i) => descriptor(l, `layers[${i}]`));
    return {
      mediaType,
      kind: 'image',
      blobs: [config, ...layers.filter((l) => !foreignLayerTypes.has(l.mediaType))],
      manifests: [],
      subject,
      artifactType: typeof doc.artifactType === 'string' ? doc.artifactType : config.mediaType,
      annotations,
    };
  }
  if (indexTypes.has(mediaType)) {
    if (!Array.isArray(doc.manifests)) throw invalid('manifests must be an array');
    const manifests = doc.manifests.map((m, i) => descriptor(m, `manifests[${i}]`));
    return {
      mediaType,
      kind: 'index',
      blobs: [],
      manifests,
      subject,
      artifactType: typeof doc.artifactType === 'string' ? doc.artifactType : undefined,
      annotations,
    };
  }
  throw invalid(`unsupported media type ${String(brief(mediaType))}`, { mediaType: brief(mediaType) });
}
