// The one place where a call from any UI host (Electron IPC, the web host) reaches the
// backend. It checks the method against the contract's table, checks the argument
// shape, and turns every outcome into data ({ ok, result } | { ok, error }), so a host
// only moves bytes and never decides anything about errors.
import {
  ApiErrorCode,
  isApiMethod,
  toErrorData,
  type ApiResult,
  type CompanionApi,
} from '../../shared/api.js';

export { toErrorData };

export type Dispatch = (method: unknown, args: unknown) => Promise<ApiResult<unknown>>;

/** Options for createDispatcher. */
export interface DispatcherOptions {
  /** Where unexpected errors (bugs) are reported with their stack; defaults to stderr. */
  logError?: (method: string, error: unknown) => void;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** A dispatcher over `api`: unknown methods and malformed arguments are rejected as data. */
export function createDispatcher(api: CompanionApi, options: DispatcherOptions = {}): Dispatch {
  const logError =
    options.logError ??
    ((method: string, error: unknown) => {
      console.error(`companion: ${method} failed:`, error);
    });

  return async (method, args) => {
    if (!isApiMethod(method)) {
      return {
        ok: false,
        error: {
          code: ApiErrorCode.unknownMethod,
          message: `'${String(method).slice(0, 64)}' is not a method of this app's API. Update the app so that its window and backend match.`,
        },
      };
    }
    const list = args === undefined ? [] : args;
    if (
      !Array.isArray(list) ||
      list.length > 1 ||
      (list.length === 1 && list[0] !== undefined && !isPlainObject(list[0]))
    ) {
      return {
        ok: false,
        error: {
          code: ApiErrorCode.badRequest,
          message: `${method} takes at most one argument, a plain object. This is a bug in the window's code.`,
        },
      };
    }
    try {
      const fn = api[method] as (arg?: unknown) => Promise<unknown>;
      const result = await fn.call(api, list[0]);
      return { ok: true, result: result === undefined ? null : result };
    } catch (e) {
      const error = toErrorData(e);
      // Errors with a stable code were written for users; only the others are bugs worth a stack in the log.
      if (error.code === ApiErrorCode.internal) logError(method, e);
      return { ok: false, error };
    }
  };
}
