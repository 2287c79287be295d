// Small async helpers, the same on both sides. Pure: no Node built-ins.

/**
 * Runs `fn` over `items` with at most `limit` at once, keeping order. The first failure
 * rejects the whole, after the calls already running have settled; no new call starts after it.
 */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return out;
}

/**
 * A queue that runs at most `limit` tasks at once, in the order they were given: calls made
 * one after another share it, so the first call's tasks go first and the total stays bounded.
 */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      // The slot passes to the next waiting task as it is; with none waiting it frees.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
