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

export interface WallClockTimerOptions {
  /** The wall clock (tests give a fake one). */
  now?: () => number;
  /** How often the wall clock is looked at while waiting (default one minute). */
  recheckMs?: number;
  /**
   * When the last run was, if known (a time in the future is ignored): the first run is planned
   * from then, so a run missed while the program was not running happens at once.
   */
  since?: number;
}

/**
 * Calls `run` whenever the wall clock reaches the time `nextDelay` names, again and again until
 * stopped; the next time is asked for after a run has settled, so runs never overlap. `run`
 * reports its own failures; a failed run is followed by the next planned one.
 *
 * Node's timers count on a monotonic clock, which stops while a laptop sleeps and does not follow
 * the clock being set (an edge device without a battery-backed clock jumps when NTP sets it). One
 * long timer planned at 23:00 would then fire at 03:00 plus every hour asleep. This one looks at
 * the wall clock at least every `recheckMs`: a run missed while asleep happens within that much of
 * waking, and a clock set back past the moment of planning plans again from the new time. With
 * `since`, a run missed while the program was not running at all happens at once (as systemd's
 * persistent timers and anacron do): a desktop app is seldom running at 03:00.
 */
export function wallClockTimer(
  nextDelay: (now: Date) => number | undefined,
  run: () => Promise<unknown>,
  { now = Date.now, recheckMs = 60_000, since }: WallClockTimerOptions = {},
): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const plan = (from?: number) => {
    if (stopped) return;
    const plannedAt = now();
    if (from === undefined || from > plannedAt) from = plannedAt;
    const delay = nextDelay(new Date(from));
    if (delay === undefined) return;
    const due = from + delay;
    const wait = () => {
      if (stopped) return;
      const t = now();
      if (t < plannedAt) return plan();
      if (t >= due) {
        const next = () => plan();
        void run().then(next, next);
        return;
      }
      timer = setTimeout(wait, Math.min(due - t, recheckMs));
      timer.unref();
    };
    wait();
  };
  plan(since);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
