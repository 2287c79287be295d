// Live GC under load: garbage collection runs in a loop while clients push (chunked, with
// shared layers, HEAD-then-skip and cross-repository mounts) and delete concurrently. Every
// push the registry acknowledged must then pull back intact, and deleted images' space must
// come back. Run once with the normal grace period and once with none, where only the
// pin/doom/epoch protocol (electron/registry-server/refs.ts) keeps GC from racing a push.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startDemoRegistry, registryRequest } from '../support/demo.js';
import { sha256 } from '../support/oci-layout.js';
import { pushImage, pullAndVerify, type PushedImage } from '../support/registry-push.js';
import { fsck } from '../../electron/registry-server/fsck.js';

async function gcUnderLoad(t: Parameters<typeof startDemoRegistry>[0], gcGraceMs?: number) {
  const reg = await startDemoRegistry(t, gcGraceMs === undefined ? {} : { gcGraceMs });
  const shared = [randomBytes(64 * 1024), randomBytes(32 * 1024)];
  const acknowledged = new Map<string, PushedImage>();
  const deleted: PushedImage[] = [];
  let refused = 0;
  let running = true;
  let gcRuns = 0;
  let reclaimed = 0;
  const gcLoop = (async () => {
    // Bounded: stops when the clients are done (and at most 2000 runs).
    while (running && gcRuns < 2000) {
      reclaimed += (await reg.gc()).bytesReclaimed;
      gcRuns++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  const worker = async (w: number) => {
    const repo = `load/r${w % 2}`;
    const mine: PushedImage[] = [];
    for (let i = 0; i < 8; i++) {
      const layers = [shared[i % 2]!, randomBytes(20_000 + ((w * 7919 + i * 104729) % 150_000))];
      try {
        const img = await pushImage(reg, repo, `w${w}-i${i}`, layers, {
          // Without grace, push each image's blobs at once and monolithically, so the window
          // between a blob's upload and the manifest PUT is short and some pushes win the race.
          chunkSize: gcGraceMs === 0 ? undefined : 16 * 1024,
          parallel: gcGraceMs === 0,
          mountFrom: i % 3 === 0 ? `load/r${(w + 1) % 2}` : undefined,
        });
        acknowledged.set(`${repo}:${img.tag}`, img);
        mine.push(img);
      } catch (e) {
        // Without a grace period GC may take a just-uploaded blob before its manifest comes:
        // that push is refused (never acknowledged), which is allowed; anything else is a bug.
        if (gcGraceMs !== 0) throw e;
        assert.match((e as Error).message, /MANIFEST_BLOB_UNKNOWN|BLOB_UPLOAD_UNKNOWN/);
        refused++;
      }
      if (i % 3 === 2 && mine.length > 1) {
        const victim = mine.shift()!;
        const r = await registryRequest(reg, 'DELETE', `/v2/${victim.repo}/manifests/${victim.digest}`);
        assert.equal(r.status, 202);
        acknowledged.delete(`${victim.repo}:${victim.tag}`);
        deleted.push(victim);
      }
    }
  };
  try {
    await Promise.all([0, 1, 2, 3].map(worker));
  } finally {
    running = false;
    await gcLoop;
  }
  assert.ok(gcRuns >= 2, `GC ran ${gcRuns} times during the load`);
  const final = await reg.gc();
  reclaimed += final.bytesReclaimed;
  for (const img of acknowledged.values()) await pullAndVerify(reg, img);
  assert.equal(acknowledged.size + deleted.length + refused, 32, 'every push was acknowledged or refused');
  if (gcGraceMs !== 0) assert.ok(acknowledged.size >= 20, `${acknowledged.size} images acknowledged`);
  // Deleted images' own layers are gone; their space came back.
  const sharedDigests = new Set(shared.map(sha256));
  let deletedBytes = 0;
  for (const img of deleted) {
    for (const b of img.blobs.filter((x) => !sharedDigests.has(x.digest))) {
      const r = await registryRequest(reg, 'HEAD', `/v2/${img.repo}/blobs/${b.digest}`);
      assert.equal(r.status, 404, `a deleted image's blob ${b.digest} is reclaimed`);
      deletedBytes += b.bytes.length;
    }
  }
  assert.ok(reclaimed >= deletedBytes, `reclaimed ${reclaimed} >= ${deletedBytes}`);
  const report = await fsck(reg.dataDir, { served: true });
  assert.deepEqual(report.problems, []);
  return { gcRuns, acknowledged: acknowledged.size, deleted: deleted.length, refused };
}

test('GC in a loop during concurrent pushes and deletes never loses an acknowledged image', async (t) => {
  const r = await gcUnderLoad(t);
  t.diagnostic(`gc runs ${r.gcRuns}, acknowledged ${r.acknowledged}, deleted ${r.deleted}`);
  assert.equal(r.refused, 0);
});

test('with no grace period at all, GC may refuse a push but never corrupts an acknowledged one', async (t) => {
  const r = await gcUnderLoad(t, 0);
  t.diagnostic(
    `gc runs ${r.gcRuns}, acknowledged ${r.acknowledged}, deleted ${r.deleted}, refused ${r.refused}`,
  );
});
