// When scheduled garbage collection runs: nightly by default (as a device's nightly job
// does, but ours also runs on demand), or every N milliseconds.

export type GcSchedule =
  /** No scheduled runs (on demand only). */
  | false
  /** Every day at local time "HH:MM" (default "03:00"). */
  | { dailyAt: string }
  /** Every `everyMs` milliseconds. */
  | { everyMs: number };

export const defaultGcSchedule: GcSchedule = { dailyAt: '03:00' };

/** Hours and minutes of a local time "HH:MM"; throws a message for users on anything else. */
export function dailyTime(text: string): [number, number] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    throw new Error(`invalid GC time '${text}': use HH:MM (24-hour local time)`);
  }
  return [Number(m[1]), Number(m[2])];
}

/** Milliseconds from `now` until the next run, or undefined for no schedule. */
export function nextRunDelay(schedule: GcSchedule, now: Date = new Date()): number | undefined {
  if (schedule === false) return undefined;
  if ('everyMs' in schedule) {
    if (!(schedule.everyMs > 0))
      throw new Error(`invalid GC interval ${schedule.everyMs}: use a positive number of ms`);
    return schedule.everyMs;
  }
  const [hours, minutes] = dailyTime(schedule.dailyAt);
  const next = new Date(now);
  next.setHours(hours, minutes, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}
