// Small parts of the embedded registry: grammars, sizes, schedules, manifest parsing,
// app-data paths, the device-style info table, streaming an upload into its file.
import { spawn, spawnSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { open, readdir, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { isValidName, isValidTag, parseDigest } from '../../electron/registry-server/names.js';
import { nextRunDelay, wallClockTimer } from '../../electron/registry-server/schedule.js';
import { parseSize } from '../../electron/registry-server/sizes.js';
import { parseManifest } from '../../electron/registry-server/manifest-format.js';
import { parseRange, sendRange } from '../../electron/registry-server/blobs.js';
import type { ServedError } from '../../electron/registry-server/errors.js';
import { appDataDir, demoRegistryDir } from '../../electron/app-paths.js';
import { registryInfoTable } from '../../electron/cli/demo.js';
import { DiskBudget } from '../../electron/registry-server/storage/disk-budget.js';
import { streamToFile } from '../../electron/registry-server/storage/uploads.js';
import { openCore } from '../../electron/registry-server/core.js';
import { currentBoot, DataDirBusyError, type LockInfo } from '../../electron/registry-server/lock.js';
import { tempDir } from '../support/system.js';

/** statfs's f_type of a tmpfs. */
const tmpfsMagic = 0x01021994;

test('repository names follow the spec grammar and length limit', () => {
  for (const ok of ['a', 'library/busybox', 'a.b_c__d---e/f0', 'x'.repeat(255)])
    assert.ok(isValidName(ok), ok);
  for (const bad of [
    '',
    'A',
    '../x',
    'a/../b',
    'a//b',
    '/a',
    'a/',
    '-a',
    'a-',
    'a___b',
    'a..b',
    'x'.repeat(256),
    'a b',
  ]) {
    assert.ok(!isValidName(bad), bad);
  }
});

test('tags and digests', () => {
  assert.ok(isValidTag('v1.0_rc-1'));
  assert.ok(!isValidTag('.v1'));
  assert.ok(!isValidTag('-v1'));
  assert.ok(!isValidTag('a'.repeat(129)));
  assert.ok(parseDigest('sha256:' + 'a'.repeat(64)));
  assert.equal(parseDigest('sha256:' + 'A'.repeat(64)), undefined);
  assert.deepEqual(parseDigest('sha512:' + 'a'.repeat(128)), { algorithm: 'sha512', hex: 'a'.repeat(128) });
  assert.equal(parseDigest('sha512:' + 'a'.repeat(64)), undefined, 'a sha512 digest has 128 hex digits');
  assert.equal(parseDigest('sha256:' + 'a'.repeat(128)), undefined);
  assert.equal(parseDigest('sha384:' + 'a'.repeat(96)), undefined);
  assert.equal(parseDigest('sha256:abc'), undefined);
});

test('sizes for --quota', () => {
  assert.equal(parseSize('10GiB'), 10 * 1024 ** 3);
  assert.equal(parseSize('500MB'), 500 * 1024 ** 2);
  assert.equal(parseSize('1.5g'), 1.5 * 1024 ** 3);
  assert.equal(parseSize('1,5 GiB'), 1.5 * 1024 ** 3); // as Russian users write it
  assert.equal(parseSize('4096'), 4096);
  for (const bad of ['', 'ten', '-1G', '0', '5 PB']) assert.equal(parseSize(bad), undefined, bad);
});

test('GC schedule: next nightly run and intervals', () => {
  const now = new Date(2026, 0, 10, 2, 0, 0);
  assert.equal(nextRunDelay({ dailyAt: '03:00' }, now), 60 * 60 * 1000);
  assert.equal(nextRunDelay({ dailyAt: '01:30' }, now), 23.5 * 60 * 60 * 1000);
  assert.equal(nextRunDelay({ everyMs: 5000 }, now), 5000);
  assert.equal(nextRunDelay(false, now), undefined);
  assert.throws(() => nextRunDelay({ dailyAt: '25:00' }, now), /HH:MM/);
});

// The scheduler's tests move a fake wall clock and Node's mocked timers themselves: every
// recheck is a read of the fake clock, counted, so "nothing ran" is said after rechecks that did
// happen, and nothing here depends on how fast the machine is.
const recheckMs = 2;

/** Mocks setTimeout (and timers/promises) for this test; the wall clock is each scheduler's own. */
function fakeTimers(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
}

// A scheduler on a fake wall clock, with the calls of nextDelay and of run and the clock's reads recorded.
function scheduledOnFakeClock(
  start: number,
  delays: number[] | ((now: Date) => number | undefined),
  runs: (() => Promise<unknown>)[] = [],
  since?: number,
) {
  const clock = { now: start, reads: 0 };
  const asked: number[] = [];
  const ran: number[] = [];
  const timer = wallClockTimer(
    (now) => {
      asked.push(now.getTime());
      return typeof delays === 'function' ? delays(now) : delays.shift();
    },
    () => {
      ran.push(clock.now);
      return runs.shift()?.() ?? Promise.resolve();
    },
    {
      now: () => {
        clock.reads++;
        return clock.now;
      },
      recheckMs,
      since,
    },
  );
  return { clock, asked, ran, timer };
}

/** Lets `n` recheck periods pass on the mocked timers, each followed by the promise callbacks it made due. */
async function pass(t: TestContext, n: number) {
  for (let i = 0; i < n; i++) {
    t.mock.timers.tick(recheckMs);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets recheck periods pass until `cond` holds; fails after a hundred. */
async function until(t: TestContext, what: string, cond: () => boolean) {
  await pass(t, 0);
  for (let i = 0; !cond(); i++) {
    if (i === 100) assert.fail(`not after 100 rechecks: ${what}`);
    await pass(t, 1);
  }
}

/** A dozen recheck periods with the wall clock standing still; asserts each of `clocks` was read in every one. */
async function dozenRechecks(t: TestContext, ...clocks: { reads: number }[]) {
  const before = clocks.map((c) => c.reads);
  await pass(t, 12);
  clocks.forEach((c, i) => assert.ok(c.reads - before[i]! >= 12, `rechecked ${c.reads - before[i]!} times`));
}

test('scheduled GC runs on the wall clock: a run missed asleep happens on waking', async (t) => {
  fakeTimers(t);
  const hour = 3600_000;
  const s = scheduledOnFakeClock(20 * hour, [7 * hour, 24 * hour]);
  t.after(() => s.timer.stop());
  await dozenRechecks(t, s.clock); // the clock standing still: nothing runs
  assert.deepEqual(s.ran, []);
  s.clock.now += 9 * hour; // slept through 03:00, woke at 05:00
  await until(t, 'the missed run', () => s.ran.length === 1);
  assert.deepEqual(s.ran, [29 * hour]);
  await until(t, 'the next plan', () => s.asked.length === 2);
  assert.deepEqual(s.asked, [20 * hour, 29 * hour], 'planned from the time of waking');
});

test('scheduled GC runs on the wall clock: a clock set back plans again', async (t) => {
  fakeTimers(t);
  const hour = 3600_000;
  const s = scheduledOnFakeClock(10 * hour, [hour, hour, hour]);
  t.after(() => s.timer.stop());
  s.clock.now = 5 * hour; // NTP sets a clock that ran ahead
  await until(t, 'a new plan', () => s.asked.length === 2);
  assert.deepEqual(s.asked, [10 * hour, 5 * hour]);
  s.clock.now = 5.5 * hour;
  await dozenRechecks(t, s.clock);
  assert.deepEqual(s.ran, [], 'not before the new time');
  s.clock.now = 6 * hour;
  await until(t, 'the run', () => s.ran.length === 1);
  assert.deepEqual(s.ran, [6 * hour]);
});

test('scheduled GC makes up at once for a night missed while nothing served, and only for that', async (t) => {
  fakeTimers(t);
  const nightly = (now: Date) => nextRunDelay({ dailyAt: '03:00' }, now);
  const at = (day: number, h: number, m = 0) => new Date(2026, 0, day, h, m).getTime();
  // Last run before yesterday's 03:00, started at 09:00 today: that night is owed.
  const missed = scheduledOnFakeClock(at(10, 9), nightly, [], at(9, 2));
  t.after(() => missed.timer.stop());
  await until(t, 'the run made up', () => missed.ran.length === 1);
  assert.deepEqual(missed.ran, [at(10, 9)]);
  assert.deepEqual(missed.asked.slice(0, 2), [at(9, 2), at(10, 9)], 'then planned from now');
  // Last run after today's 03:00: nothing owed, the next run is tomorrow's.
  const done = scheduledOnFakeClock(at(10, 9), nightly, [], at(10, 3, 5));
  t.after(() => done.timer.stop());
  // A bookmark in the future (the clock was set back since): planned from now.
  const ahead = scheduledOnFakeClock(at(10, 9), nightly, [], at(12, 3));
  t.after(() => ahead.timer.stop());
  await dozenRechecks(t, done.clock, ahead.clock);
  assert.deepEqual(done.ran, []);
  assert.deepEqual(ahead.ran, []);
  assert.deepEqual(ahead.asked, [at(10, 9)]);
  done.clock.now = at(11, 3);
  await until(t, 'the next night', () => done.ran.length === 1);
});

test('scheduled GC runs never overlap, and none starts after stop()', async (t) => {
  fakeTimers(t);
  let finish!: () => void;
  const slow = () => new Promise<void>((r) => (finish = r));
  const s = scheduledOnFakeClock(0, [0, 0, 3600_000], [slow]);
  await until(t, 'the first run', () => s.ran.length === 1);
  // Every timer due in a dozen periods has fired and every promise callback has run.
  await pass(t, 12);
  assert.equal(s.ran.length, 1, 'due again, but waits for the first run to settle');
  assert.equal(s.asked.length, 1);
  finish();
  await until(t, 'the next run, then a plan an hour ahead', () => s.asked.length === 3);
  s.timer.stop();
  s.clock.now += 2 * 3600_000;
  await pass(t, 12);
  assert.equal(s.ran.length, 2, 'nothing runs after stop()');
});

test('blob Range parsing', () => {
  assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
  assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=50-1000', 100), { start: 50, end: 99 });
  assert.equal(parseRange(undefined, 100), undefined);
  for (const bad of ['bytes=100-', 'bytes=5-2', 'items=0-1', 'bytes=-0', 'bytes=-', 'bytes=', 'bytes=,'])
    assert.equal(parseRange(bad, 100), 'bad', bad);
  // Several ranges: the whole blob (200), as RFC 9110 allows; unless none is satisfiable (416).
  for (const several of ['bytes=0-1,3-4', 'bytes=0-1, 3-4', 'bytes=-1,0-0', 'bytes=0-1,200-300'])
    assert.equal(parseRange(several, 100), undefined, several);
  assert.equal(parseRange('bytes=200-300,400-', 100), 'bad');
  assert.equal(parseRange('bytes=0-1,x', 100), 'bad');
  // Empty list elements are allowed: one range is still one range.
  assert.deepEqual(parseRange('bytes=0-9,', 100), { start: 0, end: 9 });
});

test('blob downloads read from memory inline, and go through the thread pool once a read goes to the disk', async (t) => {
  const dir = tempDir(t, 'send-range-');
  const data = randomBytes((3 << 20) + 1234);
  const file = join(dir, 'data');
  const fh0 = await open(file, 'w');
  await fh0.writeFile(data);
  await fh0.sync(); // dirty pages cannot be dropped from the cache
  await fh0.close();
  let reads: Awaited<ReturnType<typeof sendRange>> | undefined;
  const server = createServer((req, res) => {
    const [start, end] = (req.url ?? '').slice(1).split('-').map(Number) as [number, number];
    void (async () => {
      const fh = await open(file);
      try {
        res.writeHead(200, { 'Content-Length': end - start + 1 });
        reads = await sendRange(fh, res, start, end);
      } finally {
        await fh.close();
      }
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;
  const fetchRange = (start: number, end: number) =>
    new Promise<Buffer>((resolve, reject) => {
      get(`http://127.0.0.1:${port}/${start}-${end}`, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts)));
        res.on('error', reject);
      }).on('error', reject);
    });
  const last = data.length - 1;
  const ranges = [
    [0, last],
    [1, 1 << 20],
    [(1 << 20) - 1, (2 << 20) + 5],
    [last, last],
  ] as const;
  // Just written, so in the page cache: every read inline.
  for (const [start, end] of ranges) {
    assert.ok((await fetchRange(start, end)).equals(data.subarray(start, end + 1)), `bytes ${start}-${end}`);
    assert.equal(reads?.pooledReads, 0, `bytes ${start}-${end}: ${JSON.stringify(reads)}`);
  }
  assert.equal(reads?.inlineReads, 1);
  // Out of the cache (GNU dd asks the kernel to drop the file's pages), the first read goes to
  // the disk and the download goes on through the pool.
  if (statfsSync(dir).type === tmpfsMagic) {
    t.skip(`${dir} is in memory (tmpfs): no read of it goes to a disk`);
    return;
  }
  const dd = spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0'], { encoding: 'utf8' });
  assert.equal(dd.status, 0, dd.stderr);
  assert.ok((await fetchRange(0, last)).equals(data));
  assert.equal(reads?.inlineReads, 1, JSON.stringify(reads));
  assert.equal(reads?.pooledReads, 3, JSON.stringify(reads));
});

test('manifest parsing: formats, media type agreement, descriptors', () => {
  const d = 'sha256:' + 'a'.repeat(64);
  const image = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: d, size: 10 },
    layers: [
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: d, size: 5 },
      {
        mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
        digest: d,
        size: 5,
        urls: ['x'],
      },
    ],
  };
  const p = parseManifest(Buffer.from(JSON.stringify(image)));
  assert.equal(p.kind, 'image');
  assert.equal(p.blobs.length, 2, 'foreign layers need not be in the registry');
  const list = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    manifests: [],
  };
  assert.equal(parseManifest(Buffer.from(JSON.stringify(list))).kind, 'index');
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as ServedError).code;
    }
    return 'none';
  };
  assert.equal(
    code(() => parseManifest(Buffer.from('{'))),
    'MANIFEST_INVALID',
  );
  assert.equal(
    code(() =>
      parseManifest(Buffer.from(JSON.stringify(image)), 'application/vnd.oci.image.manifest.v1+json'),
    ),
    'MANIFEST_INVALID',
  );
  assert.equal(
    code(() => parseManifest(Buffer.from(JSON.stringify({ ...image, layers: [{ digest: d }] })))),
    'MANIFEST_INVALID',
  );
  assert.equal(
    code(() => parseManifest(Buffer.from(JSON.stringify({ ...image, mediaType: 'text/plain' })))),
    'MANIFEST_INVALID',
  );
  // No mediaType in the body: the Content-Type decides (OCI allows omitting it).
  const { mediaType: _omit, ...bare } = image;
  assert.equal(
    parseManifest(Buffer.from(JSON.stringify(bare)), 'application/vnd.oci.image.manifest.v1+json').mediaType,
    'application/vnd.oci.image.manifest.v1+json',
  );
});

test('app data folders per OS', () => {
  assert.equal(
    appDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'),
    'C:\\Users\\u\\AppData\\Roaming\\Edge Registry Companion',
  );
  assert.equal(
    appDataDir({}, 'darwin', '/Users/u'),
    '/Users/u/Library/Application Support/Edge Registry Companion',
  );
  assert.equal(appDataDir({}, 'linux', '/home/u'), '/home/u/.local/share/edge-registry-companion');
  assert.equal(appDataDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u'), '/data/edge-registry-companion');
  assert.equal(
    appDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u'),
    '/home/u/.local/share/edge-registry-companion',
  );
  assert.equal(appDataDir({ EDGE_REGISTRY_DATA: '/x' }, 'linux', '/home/u'), '/x');
  assert.equal(
    demoRegistryDir({}, 'linux', '/home/u'),
    '/home/u/.local/share/edge-registry-companion/demo-registry',
  );
});

test('the info table looks like Get-HcsKubernetesContainerRegistryInfo', () => {
  const out = registryInfoTable({
    endpoint: 'ecr.demo-edge.local:31001',
    ipAddress: '127.0.0.1',
    username: 'ase-ecr-user',
    password: 'p4ss',
    caCertPath: '/d/tls/ca.crt',
    caFingerprint: 'AB:CD',
  });
  const lines = out.split('\n');
  assert.match(lines[0]!, /^Endpoint\s+IPAddress\s+Username\s+Password$/);
  assert.match(lines[1]!, /^-{8}\s+-{9}\s+-{8}\s+-{8}$/);
  assert.match(lines[2]!, /^ecr\.demo-edge\.local:31001 127\.0\.0\.1\s+ase-ecr-user p4ss$/);
  assert.match(out, /CA certificate:\s+\/d\/tls\/ca\.crt/);
  assert.match(out, /CA SHA-256:\s+AB:CD/);
});

test('quota DENIED: a streamed upload stopped at the quota says how much of "used" was its own', () => {
  const budget = new DiskBudget('/nonexistent-never-written', 50 * 1024 * 1024);
  budget.charge(50 * 1024 * 1024 - 100); // 20 KiB stored + this upload's bytes so far
  const denied = (uploaded?: number) => {
    try {
      budget.checkRoom(4096, uploaded);
    } catch (e) {
      return (e as ServedError).message;
    }
    assert.fail('expected DENIED');
  };
  assert.match(
    denied(budget.usedBytes - 20 * 1024),
    /^storage quota exceeded: 50\.0 MiB of the 50\.0 MiB quota is used \(50\.0 MiB of it by this upload so far, freed now: 20\.0 KiB stays in use\) and this upload needs 4\.0 KiB more; delete images/,
  );
  // A length known up front: nothing of this upload is counted yet.
  assert.doesNotMatch(denied(), /by this upload/);
  budget.checkRoom(100); // exactly up to the quota passes
});

/** 40 MiB in uneven chunks (1 byte to 300 KiB), as a network body delivers them. */
async function* unevenChunks(data: Buffer): AsyncGenerator<Buffer> {
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const n = Math.min(data.length - at, [1, 16384, 300 * 1024, 7777][i % 4]!);
    yield data.subarray(at, at + n);
    at += n;
  }
}

test('streamToFile: writes slower than the network still land in order, byte for byte', async (t) => {
  const data = randomBytes(40 << 20);
  const fh = await open(join(tempDir(t), 'data'), 'w+');
  t.after(() => fh.close());
  let writes = 0;
  // A disk slower than the body: chunks gather while each write is in flight.
  const slow = new Proxy(fh, {
    get: (target, key) =>
      key === 'writev'
        ? async (bufs: Buffer[], pos: number) => {
            writes++;
            await sleep(20);
            return target.writev(bufs, pos);
          }
        : Reflect.get(target, key, target),
  });
  let accepted = 0;
  const n = await streamToFile(unevenChunks(data), slow, 1000, (c) => (accepted += c.length));
  assert.equal(n, data.length);
  assert.equal(accepted, data.length);
  const back = Buffer.alloc(data.length);
  await fh.read(back, 0, data.length, 1000);
  assert.ok(back.equals(data), 'file content differs from what was sent');
  // One write per 1 MiB batch would be 40; gathered while each is in flight, about 10.
  assert.ok(writes <= 20, `expected the chunks gathered into a few large writes, got ${writes}`);
});

test('streamToFile: a failed background flush fails the upload (the kernel reports it once)', async (t) => {
  const fh = await open(join(tempDir(t), 'data'), 'w+');
  t.after(() => fh.close());
  const failing = new Proxy(fh, {
    get: (target, key) =>
      key === 'datasync'
        ? () => Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
        : Reflect.get(target, key, target),
  }) as FileHandle;
  await assert.rejects(
    streamToFile(unevenChunks(randomBytes(40 << 20)), failing, 0, () => {}),
    /EIO/,
  );
});

test('the data dir lock: held by a live process of this boot, stale from an earlier boot whatever its pid', async (t) => {
  const boot = currentBoot();
  // The test runner's pid: alive, and not this process.
  const other = process.ppid;
  const lockWith = async (lock: object) => {
    const dir = tempDir(t, 'lock-');
    await writeFile(join(dir, 'registry.lock'), JSON.stringify(lock));
    return dir;
  };
  const busy = await lockWith({ pid: other, url: 'https://127.0.0.1:31001', boot });
  await assert.rejects(
    openCore(busy),
    (e: unknown) => e instanceof DataDirBusyError && e.holder.pid === other,
  );
  // A lock of an older version (no boot) still counts while its pid lives.
  const old = await lockWith({ pid: other, url: null });
  await assert.rejects(openCore(old), DataDirBusyError);
  // After a power cut the pid in the lock may be anyone's: a lock from another boot is stale.
  const earlier = boot.id ? { id: 'an-earlier-boot', time: boot.time } : { id: null, time: boot.time - 3600 };
  const stale = await lockWith({ pid: other, url: 'https://127.0.0.1:31001', boot: earlier });
  const core = await openCore(stale);
  try {
    const lock = JSON.parse(await readFile(join(stale, 'registry.lock'), 'utf8')) as LockInfo;
    assert.equal(lock.pid, process.pid);
    assert.deepEqual(lock.boot, boot);
  } finally {
    await core.close();
  }
});

test('the data dir lock: of processes opening one data dir at the same instant, exactly one gets it', async (t) => {
  // Each child prints what happened to each command, one line each.
  const children = Array.from({ length: 4 }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-child.ts'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    t.after(() => child.kill());
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => {
      const r = await lines.next();
      assert.ok(!r.done, 'a lock child ended early');
      return r.value;
    };
    return { child, next };
  });
  for (const c of children) assert.equal(await c.next(), 'ready');
  const ask = (line: string) => {
    for (const c of children) c.child.stdin.write(`${line}\n`);
    return Promise.all(children.map((c) => c.next()));
  };
  const boot = currentBoot();
  const earlier = boot.id ? { id: 'an-earlier-boot', time: boot.time } : { id: null, time: boot.time - 3600 };
  for (let round = 0; round < 10; round++) {
    const dir = tempDir(t, 'lock-race-');
    // Every other round starts from a stale lock (a power cut's), which they all try to break.
    if (round % 2)
      await writeFile(join(dir, 'registry.lock'), JSON.stringify({ pid: 1, url: null, boot: earlier }));
    const answers = await ask(`open ${dir}`);
    assert.deepEqual(
      [...answers].sort(),
      ['busy', 'busy', 'busy', 'opened'],
      `round ${round}: ${answers.join(', ')}`,
    );
    assert.deepEqual(await ask('close'), ['closed', 'closed', 'closed', 'closed']);
    // Released, and no temp file of the losers is left beside the lock.
    assert.deepEqual(await readdir(dir), ['registry']);
  }
  for (const c of children) c.child.stdin.end();
});

test(
  'the data dir lock of a killed registry that its parent has not reaped yet (a zombie) is stale',
  { skip: process.platform !== 'linux' && 'zombies are read from /proc (Linux)' },
  async (t) => {
    // sh starts a short sleep in the background, prints its pid and becomes a long `sleep`, which
    // never reaps it: once the short one ends (after the exec), it is a zombie.
    const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    t.after(() => parent.kill());
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const zombie = Number(line.toString().trim());
    const state = () => readFile(`/proc/${zombie}/stat`, 'utf8');
    for (let i = 0; i < 50 && !/\) Z /.test(await state()); i++) await sleep(100);
    assert.match(await state(), /\) Z /);
    const dir = tempDir(t, 'lock-');
    await writeFile(
      join(dir, 'registry.lock'),
      JSON.stringify({ pid: zombie, url: null, boot: currentBoot() }),
    );
    const core = await openCore(dir);
    await core.close();
  },
);
