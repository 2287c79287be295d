// The protocol that makes live GC safe (electron/registry-server/refs.ts), step by step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefTracker } from '../../electron/registry-server/refs.js';

const d = 'sha256:' + 'a'.repeat(64);

test('a pinned digest cannot be doomed; after unpinning it can', () => {
  const refs = new RefTracker();
  return (async () => {
    const unpin = await refs.pin([d]);
    assert.equal(refs.doom(d), undefined);
    unpin();
    unpin(); // idempotent
    const done = refs.doom(d);
    assert.ok(done);
    done();
  })();
});

test('pinning waits while GC removes the digest, and only then proceeds', async () => {
  const refs = new RefTracker();
  const done = refs.doom(d)!;
  const order: string[] = [];
  const pinned = refs.pin([d]).then((unpin) => {
    order.push('pinned');
    return unpin;
  });
  await new Promise((r) => setImmediate(r));
  order.push('removed');
  done();
  (await pinned)();
  assert.deepEqual(order, ['removed', 'pinned']);
});

test('an epoch sees digests pinned at its start and during it, even if unpinned since', async () => {
  const refs = new RefTracker();
  const other = 'sha256:' + 'b'.repeat(64);
  const early = await refs.pin([d]);
  const epoch = refs.beginEpoch();
  early();
  (await refs.pin([other]))();
  assert.ok(epoch.has(d));
  assert.ok(epoch.has(other));
  refs.endEpoch(epoch);
  (await refs.pin(['sha256:' + 'c'.repeat(64)]))();
  assert.equal(epoch.size, 2, 'a closed epoch records nothing more');
});

test('HEAD confirmations protect for the grace period until a manifest uses the blob', () => {
  const refs = new RefTracker();
  refs.touch(d);
  assert.ok(refs.touchLeftMs(d, 60_000) > 59_000);
  assert.equal(refs.touchLeftMs(d, 0), 0);
  refs.untouch([d]);
  assert.equal(refs.touchLeftMs(d, 60_000), 0);
});
