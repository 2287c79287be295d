// Checks of argument content that the API's schemas leave to the grammar modules: a repository
// or tag is checked before it reaches a URL (`../../x` must never be a path).
import { ApiError, ApiErrorCode } from '../../../shared/api.js';
import { checkRepository, checkTag } from '../../../shared/image-name.js';

/** `check(v)`, its refusal answered as BAD_REQUEST. */
export function valid<T>(check: (v: unknown) => T, v: unknown): T {
  try {
    return check(v);
  } catch (e) {
    throw new ApiError(ApiErrorCode.badRequest, (e as Error).message);
  }
}

/** A required string argument; `what` names it in the refusal. */
export function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new ApiError(ApiErrorCode.badRequest, `${what} is missing.`);
  return v;
}

/** A repository name the registry takes. */
export const repo = (v: unknown): string => valid(checkRepository, str(v, 'The repository'));

/** A tag the registry takes. */
export const tagArg = (v: unknown): string => valid(checkTag, str(v, 'The tag'));

/** A push target the registry will take (a repository or tag left out is chosen later). */
export function checkTarget(repository: unknown, tag: unknown): void {
  if (repository !== undefined && repository !== '') valid(checkRepository, repository);
  if (tag !== undefined && tag !== '') valid(checkTag, tag);
}
