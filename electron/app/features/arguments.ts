// Checks of argument content that the API's schemas (shared/api.ts) leave to the grammar
// modules: the dispatcher has checked types and presence; a repository or tag is checked here
// before it reaches a URL (`../../x` must never be a path).
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

/** A repository name the registry takes. */
export const repo = (v: string): string => valid(checkRepository, v);

/** A tag the registry takes. */
export const tagArg = (v: string): string => valid(checkTag, v);

/** A push target the registry will take (a repository or tag left out is chosen later). */
export function checkTarget(repository: string | undefined, tag: string | undefined): void {
  if (repository !== undefined && repository !== '') valid(checkRepository, repository);
  if (tag !== undefined && tag !== '') valid(checkTag, tag);
}
