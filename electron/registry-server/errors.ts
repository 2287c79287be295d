// The registry's side of the error table (shared/oci-errors.ts): handlers throw ServedError;
// the server writes it as the spec's body {"errors":[{code,message,detail}]}.
import { ociError, type OciErrorCode } from '../../shared/oci-errors.js';

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

export interface ServedErrorOptions {
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

/** An error the registry answers to its client as the spec's error body. */
export class ServedError extends Error {
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string>;
  constructor(
    readonly code: OciErrorCode,
    opts: ServedErrorOptions = {},
  ) {
    super(opts.message ?? ociError(code).message);
    this.status = opts.status ?? ociError(code).status;
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
