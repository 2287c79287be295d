// The one error type of the registry client. `code` is the registry's own error code
// (OCI distribution-spec: UNAUTHORIZED, DENIED, MANIFEST_UNKNOWN, UNSUPPORTED, ...) or one
// of ours for what happens before a registry answers (UNREACHABLE, TLS, ...). `message`
// is written for the user: what happened and what to do next, as a catalog Text where a UI
// may show it (shared/i18n TextError), its English in `message`.
import { text, TextError, type MessageKey, type Text, type TextParam } from '../../shared/i18n/index.js';
import { ociCodeForStatus, type OciErrorCode } from '../../shared/oci-errors.js';

/** Codes a registry sends (shared/oci-errors.ts) plus the client's own transport codes. */
export type RegistryErrorCode =
  | OciErrorCode
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
  | 'CANCELLED';

/** An error a registry answered, or one that kept the request from reaching it; the client's one error type. */
export class RegistryError extends TextError {
  override name = 'RegistryError';
  constructor(
    readonly code: RegistryErrorCode | (string & {}),
    message: string | Text,
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

/** The catalog's words for the client's actions (ErrorContext.action), so a message reads in the UI's language. */
const actionKeys: Record<string, MessageKey> = {
  'the request': 'err.registry.action.request',
  login: 'err.registry.action.login',
  'login (token request)': 'err.registry.action.token',
  'listing repositories': 'err.registry.action.catalog',
  'listing tags': 'err.registry.action.tags',
  'reading the manifest': 'err.registry.action.manifest',
  'reading the image config': 'err.registry.action.config',
  'checking a layer': 'err.registry.action.checkLayer',
  'pushing a layer': 'err.registry.action.pushLayer',
  'pushing the manifest': 'err.registry.action.pushManifest',
  delete: 'err.registry.action.delete',
  'reading storage usage': 'err.registry.action.usage',
};

function actionText(action: string): TextParam {
  const key = actionKeys[action];
  return key ? text(key) : action;
}

/** The registry's own words, quoted after a message (`{said}`); nothing when it said none. */
export function registrySaid(detail: string | undefined): TextParam {
  return detail ? text('err.registry.said', { detail }) : '';
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
  const code = first?.code ?? ociCodeForStatus(status);
  const action = ctx.action ?? 'the request';
  const w = where(ctx);
  const said = registrySaid(wireMessage);
  const p = { registry: ctx.registry, action: actionText(action), where: w, status, said };
  let message: Text;
  switch (code) {
    case 'UNAUTHORIZED':
      message = text('err.registry.unauthorized', p);
      break;
    case 'DENIED':
      message = /quota|storage (is )?full|no space/i.test(wireMessage ?? '')
        ? text('err.registry.quota', p)
        : text('err.registry.denied', p);
      break;
    case 'UNSUPPORTED':
      message =
        status === 405 && /delete/i.test(action)
          ? text('err.registry.deleteDisabled', p)
          : text('err.registry.unsupported', p);
      break;
    case 'MANIFEST_UNKNOWN':
    case 'NAME_UNKNOWN':
      message = text('err.registry.notFound', {
        where: w,
        code,
        list: `${ctx.registry}${ctx.repository ? '/' + ctx.repository : ''}`,
      });
      break;
    case 'TOOMANYREQUESTS':
      message = text('err.registry.rateLimited', p);
      break;
    default:
      message = text('err.registry.failed', { ...p, code: first?.code ? ' ' + first.code : '' });
  }
  return new RegistryError(code, message, status, wireMessage);
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
    return new RegistryError('CANCELLED', text('err.registry.cancelled', { registry }));
  }
  if (err?.code && tlsCodes.has(err.code)) {
    return new RegistryError('TLS', text('err.registry.tls', { registry, code: err.code }));
  }
  const reason = err?.code ?? err?.message ?? String(e);
  return new RegistryError('UNREACHABLE', text('err.registry.unreachable', { registry, reason }));
}
