// The one place where a call from any UI host (Electron IPC, the web host) reaches the
// backend. It checks the method against the contract's table, checks the argument against
// the method's schema (shared/api.ts apiMethods), and turns every outcome into data
// ({ ok, result } | { ok, error }), so a host only moves bytes and never decides anything
// about errors, and the backend only ever sees arguments of the declared types.
import * as v from 'valibot';
import {
  ApiError,
  ApiErrorCode,
  apiMethods,
  isApiMethod,
  toErrorData,
  type ApiMethod,
  type ApiResult,
  type CompanionApi,
} from '../../shared/api.js';
import { text, type MessageKey, type Text } from '../../shared/i18n/index.js';

export { toErrorData };

export type Dispatch = (method: unknown, args: unknown) => Promise<ApiResult<unknown>>;

/** Options for createDispatcher. */
export interface DispatcherOptions {
  /** Where unexpected errors (bugs) are reported with their stack; defaults to stderr. */
  logError?: (method: string, error: unknown) => void;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** A schema's type, or the kind its message names (where the schema's type does not say it all), as words. */
const expectedKinds: Record<string, MessageKey> = {
  string: 'err.api.type.string',
  stringOrNull: 'err.api.type.stringOrNull',
  number: 'err.api.type.number',
  numberOrNull: 'err.api.type.numberOrNull',
  boolean: 'err.api.type.boolean',
  array: 'err.api.type.array',
  object: 'err.api.type.object',
  strict_object: 'err.api.type.object',
};

/** What is wrong with the field an issue is about: missing, unknown, or of another type. */
function problemOf(issue: v.BaseIssue<unknown>): Text {
  if (issue.type === 'strict_object' && issue.expected === 'never') return text('err.api.arg.unknown');
  if (issue.received === 'undefined' || issue.type === 'non_empty') return text('err.api.arg.missing');
  if (issue.type === 'picklist') {
    const values = (issue.expected ?? '').replace(/^\(|\)$/g, '').split(' | ');
    return text('err.api.arg.type', { expected: text('err.api.type.oneOf', { values: values.join(', ') }) });
  }
  const kind = expectedKinds[issue.message] ?? expectedKinds[issue.type];
  return kind ? text('err.api.arg.type', { expected: text(kind) }) : text('err.api.arg.invalid');
}

/** The refusal of a call whose argument does not fit its schema, naming the field: "kubernetesYaml: namespace must be a string". */
export function badArgument(method: ApiMethod, issue: v.BaseIssue<unknown>): ApiError {
  const name = (issue.path ?? []).reduce<string>((path, item) => {
    const key = String(item.key as PropertyKey);
    return typeof item.key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  }, '');
  const field = name ? text('err.api.field', { name }) : text('err.api.wholeArgument');
  return new ApiError(
    ApiErrorCode.badRequest,
    text('err.api.badArgument', { method, field, problem: problemOf(issue) }),
  );
}

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
    const parsed = v.safeParse(apiMethods[method], list[0]);
    if (!parsed.success) return { ok: false, error: toErrorData(badArgument(method, parsed.issues[0])) };
    try {
      const fn = api[method] as (arg?: unknown) => Promise<unknown>;
      const result = await fn.call(api, parsed.output);
      return { ok: true, result: result === undefined ? null : result };
    } catch (e) {
      const error = toErrorData(e);
      // Errors with a stable code were written for users; only the others are bugs worth a stack in the log.
      if (error.code === ApiErrorCode.internal) logError(method, e);
      return { ok: false, error };
    }
  };
}
