// Every error the registry answers with, as a table of descriptors (code, message, HTTP
// status), after Distribution's errcode/register.go and the OCI distribution spec's error
// code table. Handlers throw RegistryError; the server writes {"errors":[{code,message,detail}]}.
// The codes down to TOOMANYREQUESTS are the spec's; wherever the spec names the code for a
// case, that code is answered. The others are for cases the spec gives no code to.

export interface ErrorDescriptor {
  code: string;
  message: string;
  status: number;
}

const table = {
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
  // Not in the spec either: the device's own settings endpoint (edge.ts).
  SETTINGS_INVALID: { message: 'invalid settings', status: 400 },
  UNKNOWN: { message: 'unknown error', status: 500 },
} as const satisfies Record<string, Omit<ErrorDescriptor, 'code'>>;

export type ErrorCode = keyof typeof table;

/**
 * What the storage's failures mean to a client, by errno: answered as DENIED with this message
 * (by the request handler, and by the store before it takes bytes it could not keep).
 */
export const storageRefusals = {
  ENOSPC: "the device's disk is full; delete images and run garbage collection",
  // The system remounts a disk read-only after I/O errors: pulls go on, changes cannot.
  EROFS:
    "the device's storage is read-only (after disk errors, or mounted so): images can be pulled, " +
    'but nothing can be pushed or deleted until its disk is checked and writable again',
} as const;

/** storageRefusals' message for an errno code, if it is one. */
export function storageRefusal(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(storageRefusals, code)
    ? storageRefusals[code as keyof typeof storageRefusals]
    : undefined;
}

/** The descriptor of one code. */
export function describe(code: ErrorCode): ErrorDescriptor {
  return { code, ...table[code] };
}

export interface RegistryErrorOptions {
  detail?: unknown;
  /** Replaces the descriptor's message; say what happened and what to do. */
  message?: string;
  headers?: Record<string, string>;
  /** Replaces the descriptor's status where the spec asks for another one (e.g. 413, 416). */
  status?: number;
}

/** Bounds on what an error body carries. */
const maxDetailChars = 4096;
const maxMessageChars = 2048;

/** An error answered to the client as the spec's error body. */
export class RegistryError extends Error {
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string>;
  constructor(
    readonly code: ErrorCode,
    opts: RegistryErrorOptions = {},
  ) {
    super(opts.message ?? table[code].message);
    this.status = opts.status ?? table[code].status;
    this.detail = opts.detail;
    this.headers = opts.headers ?? {};
  }

  /**
   * The JSON body the spec defines. Never throws, and stays small: a detail that cannot be
   * serialised, or would be large, is left out (details may hold what a client sent).
   */
  body(): string {
    let detail: string | undefined;
    try {
      detail = this.detail === undefined ? undefined : JSON.stringify(this.detail);
    } catch {
      detail = undefined;
    }
    if (detail !== undefined && detail.length > maxDetailChars) detail = undefined;
    const head = `{"errors":[{"code":${JSON.stringify(this.code)},"message":${JSON.stringify(this.message.slice(0, maxMessageChars))}`;
    return `${head}${detail === undefined ? '' : `,"detail":${detail}`}}]}`;
  }
}
