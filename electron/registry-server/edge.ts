// The app's own endpoints, behind the same Basic auth as the rest (not part of the OCI spec):
//   GET  /v2/_edge/usage        {usedBytes, quotaBytes, reclaimableBytes}: for a storage bar
//   POST /v2/_edge/gc[?dryRun=true]  runs garbage collection now; answers what was (or would be) reclaimed
import { type Ctx, sendJson } from './context.js';

export async function getUsage(ctx: Ctx): Promise<void> {
  sendJson(ctx, 200, await ctx.core.usage());
}

export async function runGc(ctx: Ctx): Promise<void> {
  const dryRun = ['1', 'true'].includes(ctx.query.get('dryRun') ?? '');
  sendJson(ctx, 200, await ctx.core.gc({ dryRun }));
}
