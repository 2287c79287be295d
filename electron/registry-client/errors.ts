// The one error type of the registry client. `code` is the registry's own error code
// (OCI distribution-spec: UNAUTHORIZED, DENIED, MANIFEST_UNKNOWN, UNSUPPORTED, ...) or one
// of ours for what happens before a registry answers (UNREACHABLE, TLS, ...). `message`
// is written for the user: what happened and what to do next.

/** Codes a registry sends (OCI distribution-spec) plus the client's own transport codes. */
export type RegistryErrorCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOOMANYREQUESTS'
  /** Ours: the registry could not be reached (refused, reset, DNS, timeout). */
  | 'UNREACHABLE'
  /** Ours: the TLS certificate is not trusted or does not match the name. */
  | 'TLS'
  /** Ours: an answer that breaks the protocol. */
  | 'PROTOCOL'
  /** Ours: the registry sent the client (or its credentials) from HTTPS to plain HTTP; refused. */
  | 'INSECURE_REDIRECT'
  /** Ours: a tarball that is not a docker save / OCI archive. */
  | 'INVALID_ARCHIVE'
  /** Ours: the caller cancelled. */
  | 'CANCELLED'
  /** Ours: the registry answered with a status we have no better name for. */
  | 'UNKNOWN';

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly code: RegistryErrorCode | (string & {}),
    message: string,
    /** HTTP status when the registry answered. */
    readonly status?: number,
    /** The registry's own message, verbatim (for logs and --json). */
    readonly registryMessage?: string,
  ) {
    super(message);
  }

  /** True when the quota of the registry is what refused the write. */
  get isQuota(): boolean {
    return this.code === 'DENIED' && /quota|storage (is )?full|no space/i.test(this.registryMessage ?? '');
  }

  toJSON() {
    return {
      code: this.code,
      message: this.message,
      status: this.status,
      registryMessage: this.registryMessage,
    };
  }
}

/** What the request was about, for messages ("push to X/repo:tag"). */
export interface ErrorContext {
  registry: string;
  repository?: string;
  reference?: string;
  action?: string;
}

interface WireError {
  code?: string;
  message?: string;
  detail?: unknown;
}

function where(ctx: ErrorContext): string {
  if (!ctx.repository) return ctx.registry;
  const ref = !ctx.reference
    ? ''
    : /^[a-z0-9]+:[a-f0-9]{32,}$/.test(ctx.reference)
      ? `@${ctx.reference}`
      : `:${ctx.reference}`;
  return `${ctx.registry}/${ctx.repository}${ref}`;
}

/** Turns a registry's error answer (status + JSON body) into a RegistryError for users. */
export function errorFromResponse(status: number, body: string, ctx: ErrorContext): RegistryError {
  let first: WireError | undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: WireError[] };
    first = parsed.errors?.[0];
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status says enough.
  }
  const wireMessage = first?.message ?? (body.trim().slice(0, 200) || undefined);
  const code = first?.code ?? codeForStatus(status);
  const action = ctx.action ?? 'the request';
  const w = where(ctx);
  const said = wireMessage ? ` (registry said: ${wireMessage})` : '';
  let message: string;
  switch (code) {
    case 'UNAUTHORIZED':
      message = `${ctx.registry} rejected the credentials for ${action} (401)${said}. Check the user name and password, then run \`edge-registry login ${ctx.registry}\` again.`;
      break;
    case 'DENIED':
      message = /quota|storage (is )?full|no space/i.test(wireMessage ?? '')
        ? `${ctx.registry} refused ${action}: its storage quota is exhausted${said}. Delete images you no longer need (\`edge-registry rm\`) or raise the quota, then try again.`
        : `${ctx.registry} denied ${action} on ${w} (${status})${said}. Ask the registry's administrator for access, or log in as a user that has it.`;
      break;
    case 'UNSUPPORTED':
      message =
        status === 405 && /delete/i.test(action)
          ? `delete is disabled on this registry (${ctx.registry} answered 405 UNSUPPORTED). Ask its administrator to enable deletes (Distribution: storage.delete.enabled: true).`
          : `${ctx.registry} does not support ${action} (${status} UNSUPPORTED)${said}.`;
      break;
    case 'MANIFEST_UNKNOWN':
    case 'NAME_UNKNOWN':
      message = `${w} was not found on the registry (${code}). Check the repository and tag with \`edge-registry ls ${ctx.registry}${ctx.repository ? '/' + ctx.repository : ''}\`.`;
      break;
    case 'TOOMANYREQUESTS':
      message = `${ctx.registry} is rate-limiting requests (429). Wait a minute and try again.`;
      break;
    default:
      message = `${ctx.registry} failed ${action} on ${w} with HTTP ${status}${first?.code ? ' ' + first.code : ''}${said}.`;
  }
  return new RegistryError(code, message, status, wireMessage);
}

function codeForStatus(status: number): RegistryErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'DENIED';
  if (status === 404) return 'NAME_UNKNOWN';
  if (status === 405) return 'UNSUPPORTED';
  if (status === 429) return 'TOOMANYREQUESTS';
  return 'UNKNOWN';
}

const tlsCodes = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

/** Turns a socket-level failure into a RegistryError for users. */
export function errorFromNetwork(e: unknown, registry: string): RegistryError {
  if (e instanceof RegistryError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err?.name === 'AbortError' || err?.code === 'ABORT_ERR') {
    return new RegistryError('CANCELLED', `The operation on ${registry} was cancelled.`);
  }
  if (err?.code && tlsCodes.has(err.code)) {
    return new RegistryError(
      'TLS',
      `The TLS certificate of ${registry} is not trusted (${err.code}). Trust the device's CA (set the device up, or pass --ca FILE), then try again.`,
    );
  }
  const reason = err?.code ?? err?.message ?? String(e);
  return new RegistryError(
    'UNREACHABLE',
    `Cannot reach the registry at ${registry} (${reason}). Check that it is running and that the name resolves (hosts entry), then try again.`,
  );
}
