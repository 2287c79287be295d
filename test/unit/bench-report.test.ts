// The bench's verdicts: a target is met or missed only when the rounds' interval says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedRatios } from '../../bench/stats.js';
import { judge } from '../../bench/report.js';

const near = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 5e-4, `${actual} is not ${expected}`);

test('rounds are paired: a machine slow in one round moves both sides and not the ratio', () => {
  const p = pairedRatios([200, 400, 300], [100, 200, 150]);
  assert.deepEqual(
    p.runs.map((r) => +r.toFixed(9)),
    [2, 2, 2],
  );
  near(p.geomean, 2);
  near(p.low, 2);
  near(p.high, 2);
  assert.equal(judge(p, 2, true), 'met');
  assert.equal(judge(p, 2, false), 'missed');
});

test("the interval is Student's t on the log ratios", () => {
  // log ratios ln 1.1, 0, ln 1.05: mean 0.04803, sd 0.04766, t(2) = 4.303
  const p = pairedRatios([110, 100, 105], [100, 100, 100]);
  near(p.geomean, 1.0492);
  near(p.low, 0.932);
  near(p.high, 1.1811);
  assert.equal(judge(p, 1.05, true), 'within noise', 'a median ahead is not a target met');
  assert.equal(judge(p, 1.05, false), 'within noise');
});

test('an interval wholly on one side decides; one round falls back to its ratio', () => {
  const behind = pairedRatios([90, 92, 91, 89], [100, 100, 100, 100]);
  assert.ok(behind.high < 1);
  assert.equal(judge(behind, 0.91, true), 'missed');
  assert.equal(judge(behind, 0.91, false), 'met');
  const one = pairedRatios([101], [100]);
  assert.ok(Number.isNaN(one.low) && Number.isNaN(one.high));
  assert.equal(judge(one, 1.01, true), 'met');
  assert.equal(judge(one, 1.01, false), 'missed');
});

test('series of different lengths cannot be paired', () => {
  assert.throws(() => pairedRatios([1, 2], [1]), /cannot pair 2 runs with 1/);
  assert.throws(() => pairedRatios([], []), /cannot pair 0 runs with 0/);
});
