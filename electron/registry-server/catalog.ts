// Catalog: GET /v2/_catalog, paginated with `n` and `last` (Link header for the next page).
import { type Ctx, paginate, sendJson } from './context.js';

export async function listCatalog(ctx: Ctx): Promise<void> {
  const repos = await ctx.core.store.listRepositories();
  sendJson(ctx, 200, { repositories: paginate(ctx, repos, '/v2/_catalog') });
}
