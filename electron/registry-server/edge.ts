// The app's own endpoints, behind the same Basic auth as the rest (not part of the OCI spec):
//   GET  /v2/_edge/usage        {usedBytes, quotaBytes, reclaimableBytes, availableBytes, blockedBy}: for a storage bar
//   POST /v2/_edge/gc[?dryRun=true]  runs garbage collection now; answers what was (or would be) reclaimed
//   GET  /v2/_edge/settings     {quotaBytes, gcSchedule}: the device's settings (settings.ts)
//   PUT  /v2/_edge/settings     the same object: applied at once and kept; answers what is in effect
import { type Ctx, readLimited, sendJson } from './context.js';
import { ServedError } from './errors.js';
import { checkSettings } from './settings.js';
import { parseJsonStrict } from './json.js';

/** The settings body limit: the object is a few dozen bytes. */
export const maxSettingsBytes = 4096;

export async function getUsage(ctx: Ctx): Promise<void> {
  sendJson(ctx, 200, await ctx.core.usage());
}

export async function runGc(ctx: Ctx): Promise<void> {
  const dryRun = ['1', 'true'].includes(ctx.query.get('dryRun') ?? '');
  sendJson(ctx, 200, await ctx.core.gc({ dryRun }));
}

export async function getSettings(ctx: Ctx): Promise<void> {
  sendJson(ctx, 200, ctx.core.settings());
}

export async function putSettings(ctx: Ctx): Promise<void> {
  const body = await readLimited(ctx, maxSettingsBytes, 'SETTINGS_INVALID', 'settings');
  let settings;
  try {
    let value: unknown;
    try {
      value = parseJsonStrict(body);
    } catch (e) {
      throw new Error(`the body ${(e as Error).message}`, { cause: e });
    }
    // A misspelt setting would otherwise be taken as "the default" for it.
    const known = new Set(['quotaBytes', 'gcSchedule']);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    const unknown = Object.keys(value).find((k) => !known.has(k));
    if (unknown !== undefined) throw new Error(`unknown setting ${JSON.stringify(unknown.slice(0, 60))}`);
    settings = checkSettings(value);
  } catch (e) {
    const why = (e as Error).message.slice(0, 300);
    throw new ServedError('SETTINGS_INVALID', {
      message: `settings invalid: ${why}; send {"quotaBytes": N or null, "gcSchedule": {"dailyAt": "HH:MM"} or false}`,
    });
  }
  sendJson(ctx, 200, await ctx.core.configure(settings));
}
