// mapLimit: order kept, at most `limit` at once, and a failure waits for what is running.
// limiter: one bounded queue for many callers, in the order given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limiter, mapLimit } from '../../shared/async.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

test('results keep the order of the items, with at most `limit` calls at once', async () => {
  let running = 0;
  let most = 0;
  const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
    most = Math.max(most, ++running);
    for (let i = 0; i < n; i++) await tick();
    running--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 40, 20, 30, 0, 60]);
  assert.equal(most, 3);
  assert.deepEqual(await mapLimit([], 4, async () => 1), []);
});

test('a failure rejects only after the calls already running have settled, and starts no more', async () => {
  const started: number[] = [];
  const settled: number[] = [];
  await assert.rejects(
    mapLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error('item 0 failed');
      for (let i = 0; i < 5; i++) await tick();
      settled.push(n);
    }),
    /item 0 failed/,
  );
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(settled, [1], 'the call running beside the failure finished before the rejection');
});

test('limiter: at most `limit` at once over every caller, started in the order given, a slot freed by a failure too', async () => {
  const queue = limiter(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const gates = new Map<number, () => void>();
  const task = (n: number, fail = false) =>
    queue(async () => {
      started.push(n);
      most = Math.max(most, ++running);
      await new Promise<void>((resolve) => gates.set(n, resolve));
      running--;
      if (fail) throw new Error(`task ${n} failed`);
      return n;
    });
  // Two callers, as two details calls: the first caller's tasks were given first.
  const first = Promise.allSettled([task(1, true), task(2), task(3)]);
  const second = Promise.all([task(4), task(5)]);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [1, 2]);
  for (const n of [1, 2, 3, 4, 5]) {
    while (!gates.has(n)) await new Promise((r) => setImmediate(r));
    gates.get(n)!();
  }
  const settled = await first;
  assert.equal(settled[0]!.status, 'rejected');
  assert.deepEqual(await second, [4, 5]);
  assert.deepEqual(started, [1, 2, 3, 4, 5]);
  assert.equal(most, 2);
});
