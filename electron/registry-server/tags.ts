// Tags: GET /v2/<name>/tags/list, paginated with `n` and `last` (Link header for the next page).
import { type Ctx, paginate, repoName, sendJson } from './context.js';
import { ServedError } from './errors.js';

export async function listTags(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  // One more than a page, so that paginate knows whether to send a Link to the next one.
  const n = Number(ctx.query.get('n') ?? NaN);
  const last = ctx.query.get('last') ?? undefined;
  const tags = await ctx.core.store.listTags(repo, {
    ...(last !== undefined ? { last } : {}),
    ...(Number.isSafeInteger(n) && n >= 0 ? { limit: n + 1 } : {}),
  });
  if (!tags) {
    throw new ServedError('NAME_UNKNOWN', {
      detail: { name: repo },
      message: `repository ${repo} is not known to this registry`,
    });
  }
  sendJson(ctx, 200, { name: repo, tags: paginate(ctx, tags, `/v2/${repo}/tags/list`) });
}
