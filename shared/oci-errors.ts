// The registry error codes as one table of descriptors (code, default message, HTTP status),
// after Distribution's errcode/register.go and the OCI distribution spec's error code table.
// The embedded registry answers with them (electron/registry-server/errors.ts: ServedError);
// the registry client reads them in any registry's answers (electron/registry-client/errors.ts:
// RegistryError). The codes down to TOOMANYREQUESTS are the spec's; wherever the spec names
// the code for a case, that code is answered. The others are for cases the spec gives no code to.

/** One error code: what it is called on the wire, its default message, and its HTTP status. */
export interface OciErrorDescriptor {
  code: string;
  message: string;
  status: number;
}

const ociErrors = {
  BLOB_UNKNOWN: { message: 'blob unknown to registry', status: 404 },
  BLOB_UPLOAD_INVALID: { message: 'blob upload invalid', status: 400 },
  BLOB_UPLOAD_UNKNOWN: { message: 'blob upload unknown to registry', status: 404 },
  DIGEST_INVALID: { message: 'provided digest did not match uploaded content', status: 400 },
  MANIFEST_BLOB_UNKNOWN: {
    message: 'manifest references a manifest or blob unknown to registry',
    status: 400,
  },
  MANIFEST_INVALID: { message: 'manifest invalid', status: 400 },
  MANIFEST_UNKNOWN: { message: 'manifest unknown to registry', status: 404 },
  NAME_INVALID: { message: 'invalid repository name', status: 400 },
  NAME_UNKNOWN: { message: 'repository name not known to registry', status: 404 },
  SIZE_INVALID: { message: 'provided length did not match content length', status: 400 },
  UNAUTHORIZED: { message: 'authentication required', status: 401 },
  DENIED: { message: 'requested access to the resource is denied', status: 403 },
  UNSUPPORTED: { message: 'the operation is unsupported', status: 405 },
  TOOMANYREQUESTS: { message: 'too many requests', status: 429 },
  // Distribution's, where the spec names only the status (416 for a chunk out of order, a
  // bad page size).
  PAGINATION_NUMBER_INVALID: { message: 'invalid number of results requested', status: 400 },
  RANGE_INVALID: { message: 'invalid content range', status: 416 },
  // Not in the spec's table: an unknown path (Distribution answers a bare 404 there).
  NOT_FOUND: { message: 'no such endpoint', status: 404 },
  // Not in the spec either: the device's own settings endpoint (registry-server/edge.ts).
  SETTINGS_INVALID: { message: 'invalid settings', status: 400 },
  UNKNOWN: { message: 'unknown error', status: 500 },
} as const satisfies Record<string, Omit<OciErrorDescriptor, 'code'>>;

/** A code of the table. */
export type OciErrorCode = keyof typeof ociErrors;

/** The descriptor of one code. */
export function ociError(code: OciErrorCode): OciErrorDescriptor {
  return { code, ...ociErrors[code] };
}

/**
 * The code an error answer without a body stands for, by its status (a proxy's page, an empty
 * 404): the spec's general code for that status, else UNKNOWN. A bare 404 is taken as
 * NAME_UNKNOWN, as the catalog and tags endpoints answer for a repository they do not know.
 */
export function ociCodeForStatus(status: number): OciErrorCode {
  return bareStatusCodes[status] ?? 'UNKNOWN';
}

const bareStatusCodes: Partial<Record<number, OciErrorCode>> = {
  401: 'UNAUTHORIZED',
  403: 'DENIED',
  404: 'NAME_UNKNOWN',
  405: 'UNSUPPORTED',
  429: 'TOOMANYREQUESTS',
};
