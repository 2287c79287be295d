// The registry's disk budget (electron/registry-server/storage/disk-budget.ts): what it counts,
// how the quota and the disk's room refuse bytes, and that it takes only byte counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiskBudget } from '../../electron/registry-server/storage/disk-budget.js';
import type { ServedError } from '../../electron/registry-server/errors.js';
import { tempDir } from '../support/system.js';

/** A root whose disk cannot be read: only the quota limits (as where statfs fails). */
const unreadable = '/nonexistent-never-written';

function refusal(fn: () => void): ServedError {
  try {
    fn();
  } catch (e) {
    return e as ServedError;
  }
  assert.fail('expected DENIED');
}

test('the counter: charge, refund, resized and recount', () => {
  const budget = new DiskBudget(unreadable);
  assert.equal(budget.usedBytes, 0);
  budget.charge(1000);
  budget.charge(24);
  assert.equal(budget.usedBytes, 1024);
  budget.refund(24);
  assert.equal(budget.usedBytes, 1000);
  budget.resized(300, 100); // a file truncated
  assert.equal(budget.usedBytes, 800);
  budget.resized(100, 150); // a file found longer than counted
  assert.equal(budget.usedBytes, 850);
  budget.recount(42); // counted from disk again
  assert.equal(budget.usedBytes, 42);
});

test('only byte counts are taken: a negative, fractional or non-number amount is a bug and changes nothing', () => {
  const budget = new DiskBudget(unreadable);
  budget.charge(10);
  for (const bad of [-1, 0.5, NaN, Infinity]) {
    assert.throws(() => budget.charge(bad), RangeError, String(bad));
    assert.throws(() => budget.refund(bad), RangeError, String(bad));
    assert.throws(() => budget.resized(bad, 1), RangeError, String(bad));
    assert.throws(() => budget.resized(1, bad), RangeError, String(bad));
    assert.throws(() => budget.recount(bad), RangeError, String(bad));
  }
  assert.equal(budget.usedBytes, 10);
});

test('the quota: bytes up to it fit, one more is DENIED saying what to do; set live, lifted with null', () => {
  const budget = new DiskBudget(unreadable, 1000);
  assert.equal(budget.quotaBytes, 1000);
  budget.charge(600);
  budget.checkRoom(400); // exactly up to the quota
  const denied = refusal(() => budget.checkRoom(401));
  assert.equal(denied.code, 'DENIED');
  assert.match(denied.message, /^storage quota exceeded: .* raise the quota$/);
  assert.deepEqual(denied.detail, {
    quotaBytes: 1000,
    usedBytes: 600,
    requestedBytes: 401,
    uploadedBytes: 0,
  });
  assert.deepEqual(budget.room(), { availableBytes: 400, blockedBy: null });

  budget.setQuota(500); // below what is stored: nothing more fits, nothing is lost
  assert.equal(budget.usedBytes, 600);
  assert.equal(refusal(() => budget.checkRoom(0)).code, 'DENIED');
  assert.deepEqual(budget.room(), { availableBytes: 0, blockedBy: null });

  budget.setQuota(null);
  budget.checkRoom(Number.MAX_SAFE_INTEGER);
  assert.deepEqual(budget.room(), { availableBytes: null, blockedBy: null });
});

test("on a real disk the room is the quota's rest or the disk's room above its reserve, whichever is less", (t) => {
  const dir = tempDir(t);
  const none = new DiskBudget(dir);
  none.checkWritable();
  const disk = none.room();
  assert.equal(disk.blockedBy, null);
  const diskRoom = disk.availableBytes;
  assert.ok(diskRoom !== null && diskRoom >= 0, String(diskRoom));

  const small = new DiskBudget(dir, 4096);
  small.charge(1024);
  assert.deepEqual(small.room(), { availableBytes: Math.min(3072, diskRoom), blockedBy: null });
  // More than the disk has above its reserve is refused even without a quota, saying so.
  const tooMuch = refusal(() => none.checkRoom(diskRoom + (1 << 30) * 64));
  assert.equal(tooMuch.code, 'DENIED');
  assert.match(tooMuch.message, /^the device's disk is nearly full: /);
});
