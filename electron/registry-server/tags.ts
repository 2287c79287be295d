// Tags: GET /v2/<name>/tags/list, paginated with `n` and `last` (Link header for the next page).
import { type Ctx, paginate, repoName, sendJson } from './context.js';
import { ServedError } from './errors.js';

export async function listTags(ctx: Ctx): Promise<void> {
  const repo = repoName(ctx);
  const tags = await ctx.core.store.listTags(repo);
  if (!tags) {
    throw new ServedError('NAME_UNKNOWN', {
      detail: { name: repo },
      message: `repository ${repo} is not known to this registry`,
    });
  }
  sendJson(ctx, 200, { name: repo, tags: paginate(ctx, tags, `/v2/${repo}/tags/list`) });
}
