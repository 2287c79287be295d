// Crash safety, proven with SIGKILL: pushes, deletes and GC run concurrently against `edge-registry demo`,
// the process is killed at a different moment each round (after a varying number of
// acknowledged requests), restarted on the same data dir, and then: every acknowledged push
// pulls back byte-identical, every stored blob matches its digest (fsck), no partial blob is
// served, and leftover uploads are either gone or resumable from the offset the registry reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/system.js';
import { spawnDemoRegistry, registryRequest, runCliChild, type SpawnedDemo } from '../support/demo.js';
import { sha256 } from '../support/oci-layout.js';
import { pushImage, pullAndVerify, type PushedImage } from '../support/registry-push.js';

function fsckCli(dataDir: string, ...extra: string[]) {
  return runCliChild('fsck', '--data', dataDir, '--json', ...extra);
}

test('SIGKILL at random moments during concurrent pushes loses nothing acknowledged', async (t) => {
  const dataDir = tempDir(t, 'crash-');
  const acknowledged: PushedImage[] = [];
  let first: SpawnedDemo | undefined;
  const rounds = 3;
  for (let round = 0; round < rounds; round++) {
    const reg = await spawnDemoRegistry(t, ['--data', dataDir]);
    if (first) {
      // Same data dir, same device: credentials and CA survive the crash.
      assert.equal(reg.info.password, first.info.password);
      assert.equal(reg.info.caFingerprint, first.info.caFingerprint);
    } else first = reg;
    // Everything acknowledged before this round is intact after the last crash.
    for (const img of acknowledged) await pullAndVerify(reg, img);

    // Kill after a random number of acknowledged chunk requests: a different moment each round.
    const killAfter = randomInt(10, 80);
    let chunks = 0;
    const onChunk = () => {
      if (++chunks === killAfter) reg.child.kill('SIGKILL');
    };
    const pusher = async (p: number) => {
      for (let i = 0; i < 50 && reg.child.exitCode === null && reg.child.signalCode === null; i++) {
        try {
          const img = await pushImage(
            reg,
            `crash/p${p}`,
            `r${round}-i${i}`,
            [randomBytes(randomInt(50_000, 300_000))],
            {
              chunkSize: 64 * 1024,
              onChunk,
            },
          );
          acknowledged.push(img);
          if (i % 3 === 2) {
            // Delete an image now and then, so the GC running alongside has work when the kill comes.
            const victim = acknowledged.splice(acknowledged.indexOf(img), 1)[0]!;
            const del = await registryRequest(reg, 'DELETE', `/v2/${victim.repo}/manifests/${victim.digest}`);
            if (del.status !== 202)
              throw Object.assign(new Error(`DELETE: ${del.status}`), { status: del.status });
          }
        } catch (e) {
          // The registry died under this push: never acknowledged, so nothing is promised.
          // An HTTP error answer, though, came from a live registry: that would be a bug.
          if ((e as { status?: number }).status !== undefined) throw e;
          break;
        }
      }
    };
    const collector = async () => {
      for (let n = 0; n < 10_000 && reg.child.exitCode === null && reg.child.signalCode === null; n++) {
        try {
          const r = await registryRequest(reg, 'POST', '/v2/_edge/gc');
          assert.equal(r.status, 200, r.body.toString());
        } catch (e) {
          if ((e as { code?: string }).code === 'ERR_ASSERTION') throw e;
          break; // killed mid-collection
        }
      }
    };
    await Promise.all([...[0, 1, 2].map(pusher), collector()]);
    const exit = await reg.stop('SIGKILL');
    assert.equal(exit.signal, 'SIGKILL', `round ${round}: the registry was killed (after ${chunks} chunks)`);
  }

  // Leave one chunked upload half done on purpose, then crash once more.
  const reg = await spawnDemoRegistry(t, ['--data', dataDir]);
  const blob = randomBytes(200_000);
  const start = await registryRequest(reg, 'POST', '/v2/crash/resume/blobs/uploads/');
  assert.equal(start.status, 202);
  const location = String(start.headers.location);
  const half = await registryRequest(reg, 'PATCH', location, {
    body: blob.subarray(0, 120_000),
    headers: { 'Content-Range': '0-119999' },
  });
  assert.equal(half.status, 202);
  await reg.stop('SIGKILL');

  const after = await spawnDemoRegistry(t, ['--data', dataDir]);
  for (const img of acknowledged) await pullAndVerify(after, img);
  // The interrupted upload resumes from the offset the registry reports.
  const status = await registryRequest(after, 'GET', location);
  assert.equal(status.status, 204);
  assert.equal(status.headers.range, '0-119999');
  const rest = await registryRequest(after, 'PUT', `${location}?digest=${sha256(blob)}`, {
    body: blob.subarray(120_000),
    headers: { 'Content-Range': '120000-199999' },
  });
  assert.equal(rest.status, 201, rest.body.toString());
  const got = await registryRequest(after, 'GET', `/v2/crash/resume/blobs/${sha256(blob)}`);
  assert.ok(got.body.equals(blob));
  // Every other leftover session is resumable: its status answers with the offset on disk.
  const uploads = join(dataDir, 'registry', '_uploads');
  for (const id of readdirSync(uploads)) {
    const state = JSON.parse(readFileSync(join(uploads, id, 'state.json'), 'utf8')) as {
      repo: string;
      offset: number;
    };
    const s = await registryRequest(after, 'GET', `/v2/${state.repo}/blobs/uploads/${id}`);
    assert.equal(s.status, 204);
    assert.equal(s.headers.range, `0-${Math.max(state.offset - 1, 0)}`);
  }
  // No partial blob anywhere: fsck hashes every stored blob (read-only while serving).
  const live = fsckCli(dataDir);
  assert.equal(live.status, 0, live.stdout + live.stderr);
  assert.equal((await after.stop('SIGTERM')).code, 0, after.stderr());
  const offline = fsckCli(dataDir);
  assert.equal(offline.status, 0, offline.stdout + offline.stderr);
  const summary = JSON.parse(offline.stdout.trim().split('\n').pop()!) as {
    summary: { blobsChecked: number };
  };
  assert.ok(summary.summary.blobsChecked >= acknowledged.length * 3, JSON.stringify(summary));
  t.diagnostic(`${acknowledged.length} acknowledged images survived ${rounds + 1} SIGKILLs`);
});

test('fsck finds a corrupt blob and a dangling tag, changes nothing, and --repair removes them', async (t) => {
  const reg = await spawnDemoRegistry(t);
  const img = await pushImage(reg, 'fsck/app', 'v1', [randomBytes(10_000)]);
  const other = await pushImage(reg, 'fsck/app', 'v2', [randomBytes(10_000)]);
  await reg.stop('SIGTERM');
  const layer = img.blobs[1]!.digest.slice(7);
  const layerFile = join(reg.dataDir, 'registry', 'blobs', 'sha256', layer.slice(0, 2), layer, 'data');
  const { writeFileSync, rmSync } = await import('node:fs');
  writeFileSync(layerFile, 'bit rot');
  rmSync(join(reg.dataDir, 'registry', 'blobs', 'sha256', other.digest.slice(7, 9), other.digest.slice(7)), {
    recursive: true,
  });
  const check = fsckCli(reg.dataDir);
  assert.equal(check.status, 1);
  const kinds = check.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind?: string })
    .map((p) => p.kind)
    .filter(Boolean);
  assert.ok(kinds.includes('blob-corrupt'), kinds.join(','));
  assert.ok(kinds.includes('link-dangling'), kinds.join(','));
  assert.ok(kinds.includes('tag-dangling'), kinds.join(','));
  assert.equal(readFileSync(layerFile, 'utf8'), 'bit rot', 'fsck without --repair changes nothing');
  const repair = fsckCli(reg.dataDir, '--repair');
  assert.equal(repair.status, 0, repair.stdout + repair.stderr);
  const clean = fsckCli(reg.dataDir);
  assert.equal(clean.status, 0, clean.stdout);
  const again = await spawnDemoRegistry(t, ['--data', reg.dataDir]);
  assert.equal((await registryRequest(again, 'GET', '/v2/fsck/app/manifests/v1')).status, 404);
  assert.deepEqual((await registryRequest(again, 'GET', '/v2/fsck/app/tags/list')).json(), {
    name: 'fsck/app',
    tags: [],
  });
});

test('what a crash leaves (a folder without its file, a temp file, an unstarted upload) is no problem, and start-up or GC removes it', async (t) => {
  const reg = await spawnDemoRegistry(t);
  const img = await pushImage(reg, 'left/app', 'v1', [randomBytes(10_000)]);
  await reg.stop('SIGTERM');
  // The states a kill can leave between making a folder and moving its link in, or while
  // removing a link: an empty blob-link folder, a lone pending marker (old enough for GC),
  // an empty manifest revision, an empty tag folder.
  const repo = join(reg.dataDir, 'registry', 'repositories', 'left', 'app');
  const hex = () => randomBytes(32).toString('hex');
  const leftovers = [
    join(repo, '_layers', 'sha256', hex()),
    join(repo, '_layers', 'sha256', hex()),
    join(repo, '_manifests', 'revisions', 'sha256', hex()),
    join(repo, '_manifests', 'tags', 'half'),
  ];
  for (const dir of leftovers) mkdirSync(dir, { recursive: true });
  const marker = join(leftovers[1]!, 'pending');
  writeFileSync(marker, `${Date.now()}\n`);
  const dayAgo = new Date(Date.now() - 24 * 3600_000);
  utimesSync(marker, dayAgo, dayAgo);
  // And what any interrupted write leaves: a temp file, an upload session made but not started.
  const temp = join(reg.dataDir, 'registry', '_tmp', 'link-1234.tmp');
  writeFileSync(temp, 'sha256:');
  const unstarted = join(reg.dataDir, 'registry', '_uploads', randomUUID());
  mkdirSync(unstarted);
  writeFileSync(join(unstarted, 'data'), '');
  leftovers.push(temp, unstarted);

  const check = fsckCli(reg.dataDir);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const { summary } = JSON.parse(check.stdout.trim()) as { summary: { problems: number; leftovers: number } };
  assert.deepEqual([summary.problems, summary.leftovers], [0, 6], check.stdout);
  const said = runCliChild('fsck', '--data', reg.dataDir);
  assert.equal(said.status, 0);
  assert.match(
    said.stdout,
    /: 0 problems\.\nAlso 6 leftovers of interrupted writes \(.*\): harmless, the registry removes them at its next start or garbage collection\.\n$/,
  );

  const gc = runCliChild('gc', '--data', reg.dataDir);
  assert.equal(gc.status, 0, gc.stdout + gc.stderr);
  for (const path of leftovers) assert.equal(existsSync(path), false, `${path} is gone`);
  const clean = fsckCli(reg.dataDir);
  assert.equal(JSON.parse(clean.stdout.trim()).summary.leftovers, 0, clean.stdout);
  const again = await spawnDemoRegistry(t, ['--data', reg.dataDir]);
  await pullAndVerify(again, img);
  assert.deepEqual((await registryRequest(again, 'GET', '/v2/left/app/tags/list')).json(), {
    name: 'left/app',
    tags: ['v1'],
  });
});
