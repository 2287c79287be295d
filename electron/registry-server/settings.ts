// The device's own settings, kept in its data dir (settings.json) so that they hold from one
// start to the next whoever starts it (the app, `edge-registry demo`), as a real device keeps
// its configuration: the storage quota, and when garbage collection runs by itself.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './storage/atomic.js';
import type { RegistryPaths } from './storage/paths.js';
import { defaultGcSchedule, nextRunDelay, type GcSchedule } from './schedule.js';

export interface RegistrySettings {
  /** Largest total of blob and upload bytes; null for no limit. */
  quotaBytes: number | null;
  /** When GC runs by itself; false for on demand only. */
  gcSchedule: GcSchedule;
}

export const defaultSettings: RegistrySettings = { quotaBytes: null, gcSchedule: defaultGcSchedule };

/** `value` as settings, or an Error whose message says what is wrong and what to use instead. */
export function checkSettings(value: unknown): RegistrySettings {
  const v = (value ?? {}) as Partial<Record<keyof RegistrySettings, unknown>>;
  const quota = v.quotaBytes ?? null;
  if (quota !== null && !(Number.isSafeInteger(quota) && (quota as number) > 0)) {
    throw new Error(`invalid quota ${JSON.stringify(quota)}: use a positive number of bytes, or none`);
  }
  const schedule = v.gcSchedule ?? defaultGcSchedule;
  const [key, more] = typeof schedule === 'object' ? Object.keys(schedule) : [];
  const inner = key !== undefined ? (schedule as Record<string, unknown>)[key] : undefined;
  const valid =
    schedule === false ||
    (more === undefined &&
      ((key === 'dailyAt' && typeof inner === 'string') || (key === 'everyMs' && typeof inner === 'number')));
  if (!valid) {
    throw new Error(
      `invalid GC schedule ${JSON.stringify(schedule)}: use {"dailyAt": "HH:MM"}, {"everyMs": N} or false`,
    );
  }
  nextRunDelay(schedule as GcSchedule); // says what is wrong with a time or an interval
  return { quotaBytes: quota as number | null, gcSchedule: schedule as GcSchedule };
}

/**
 * The saved settings, or the defaults when there are none. A damaged file does not stop the
 * registry: it starts with the defaults, `problem` says why, and the file stays as it is
 * until settings are saved again.
 */
export async function loadSettings(
  paths: RegistryPaths,
): Promise<{ settings: RegistrySettings; problem?: string }> {
  let text: string;
  try {
    text = await readFile(paths.settings, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { settings: defaultSettings };
    return { settings: defaultSettings, problem: `cannot read ${paths.settings}: ${(e as Error).message}` };
  }
  try {
    return { settings: checkSettings(JSON.parse(text)) };
  } catch (e) {
    return { settings: defaultSettings, problem: `ignoring ${paths.settings}: ${(e as Error).message}` };
  }
}

export async function saveSettings(paths: RegistryPaths, settings: RegistrySettings): Promise<void> {
  await writeFileAtomic(paths.tmp, paths.settings, `${JSON.stringify(settings, null, 2)}\n`);
}
