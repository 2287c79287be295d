// GET /v2/: the API version check clients make first (auth is checked by the server for every route).
import { type Ctx, sendJson } from './context.js';

export async function apiBase(ctx: Ctx): Promise<void> {
  sendJson(ctx, 200, {});
}
