// Live mark-and-sweep garbage collection. Runs while the registry serves; why that is safe
// is written down in docs/registry-gc.md and rests on ./refs.ts (pins, dooms, epochs) and on
// the grace period for things pushed but not yet used (pending links, untagged pushes by digest).
//
// Removed: manifests no tag, index or referrer reaches (untagged), blob links of a repository
// that no live manifest of it uses, blobs no repository links, and upload sessions idle
// longer than the upload TTL.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { listDigestFolders, type Store } from './storage/store.js';
import type { StorageBlock } from './storage/disk-budget.js';
import type { Uploads } from './storage/uploads.js';
import { layersRoot, revisionDir, type RegistryPaths } from './storage/paths.js';
import { writeFileAtomic } from './storage/atomic.js';
import { parseManifest, type ParsedManifest } from './manifest-format.js';
import { digestString, type Digest } from './names.js';
import { mapLimit } from '../../shared/async.js';

export interface GcResult {
  blobsRemoved: number;
  bytesReclaimed: number;
  manifestsRemoved: number;
  uploadsRemoved: number;
  /**
   * Bytes of blobs no image uses that were kept only because they were pushed (or used by a
   * push) within the grace period: a later run frees them. Says why "reclaim space" right after
   * deleting a fresh image frees nothing yet.
   */
  bytesKeptRecent: number;
}

export interface UsageReport {
  /** Bytes of blobs and upload data on disk. */
  usedBytes: number;
  quotaBytes: number | null;
  /** What a GC run now would free. */
  reclaimableBytes: number;
  /**
   * What more can be stored now: the quota's rest, or the disk's free space above what the
   * registry leaves for the rest of the device, whichever is less; null when neither is known.
   */
  availableBytes: number | null;
  /**
   * Why nothing more can be stored though bytes may be free: the disk is read-only, or out of
   * inodes (beyond what the registry leaves for the rest of the device). availableBytes is 0 then.
   */
  blockedBy: StorageBlock | null;
}

export interface GcOptions {
  /** Report what would be removed, remove nothing. */
  dryRun?: boolean;
  /** How long a pushed-but-unused blob or untagged manifest pushed by digest is kept (default 1 h). */
  graceMs?: number;
  /** How long an idle upload session is kept (default 24 h). */
  uploadTtlMs?: number;
}

export const defaultGraceMs = 60 * 60 * 1000;
export const defaultUploadTtlMs = 24 * 60 * 60 * 1000;

/** Clock differences up to this are read as skew; a marker further in the future predates a clock change. */
const clockSkewMs = 60_000;

/**
 * How old a pending marker is, by the wall clock (what survives a restart; within one run the
 * monotonic touches in refs.ts protect fresh pushes). A marker dated in the future was written
 * before the clock went back: its age is unknown, and it is read as expired rather than kept
 * until the clock catches up, which could be years.
 */
async function ageMs(path: string, now: number): Promise<number | undefined> {
  try {
    const age = now - (await stat(path)).mtimeMs;
    return age < -clockSkewMs ? Infinity : age;
  } catch {
    return undefined;
  }
}

// The schedule's bookmark (paths.gcSchedule): runs the schedule owed before `settledUntil` are done.
// It is the end of the last collection, or the first start under a schedule, so that a nightly
// run missed while nothing served the data dir is made up at the next start (schedule.ts).

/** The schedule's bookmark, by the wall clock; undefined if none is on record. */
export async function gcSettledUntil(paths: RegistryPaths): Promise<number | undefined> {
  try {
    const record = JSON.parse(await readFile(paths.gcSchedule, 'utf8')) as { settledUntil?: unknown };
    const at = typeof record.settledUntil === 'string' ? Date.parse(record.settledUntil) : NaN;
    return Number.isFinite(at) ? at : undefined;
  } catch {
    return undefined; // none yet, or unreadable: the schedule then counts from now
  }
}

export async function settleGcSchedule(paths: RegistryPaths, at: number): Promise<void> {
  const record = { settledUntil: new Date(at).toISOString() };
  await writeFileAtomic(paths.tmp, paths.gcSchedule, `${JSON.stringify(record)}\n`);
}

/** One mark-and-sweep pass over the whole store, then stale upload sessions. */
export async function collectGarbage(
  store: Store,
  uploads: Uploads,
  opts: GcOptions = {},
): Promise<GcResult> {
  const { result } = await sweepStore(store, opts);
  const stale = await uploads.removeStale(opts.uploadTtlMs ?? defaultUploadTtlMs, opts.dryRun ?? false);
  result.uploadsRemoved = stale.removed;
  result.bytesReclaimed += stale.bytes;
  return result;
}

/**
 * What GC would free now, for the usage figure (the app asks every 30 s, and after each change).
 * A dry run reads every repository (0.24 s at 400), so its answer is kept while it holds: until
 * the store changes (Store.generation), a grace period it relied on ends, or the wall clock
 * jumps (pending markers age by it). Stale upload sessions are counted afresh: they are in memory.
 */
export function reclaimableBytes(
  store: Store,
  uploads: Uploads,
  opts: Pick<GcOptions, 'graceMs' | 'uploadTtlMs'> = {},
): () => Promise<number> {
  const ttlMs = opts.uploadTtlMs ?? defaultUploadTtlMs;
  let kept: { generation: number; bytes: number; at: number; wallAt: number; holdsForMs: number } | undefined;
  return async () => {
    const at = performance.now();
    const wallAt = Date.now();
    let bytes: number;
    if (
      kept &&
      kept.generation === store.generation &&
      at - kept.at < kept.holdsForMs &&
      Math.abs(wallAt - kept.wallAt - (at - kept.at)) < 1000
    ) {
      bytes = kept.bytes;
    } else {
      const generation = store.generation;
      const { result, holdsForMs } = await sweepStore(store, { ...opts, dryRun: true });
      bytes = result.bytesReclaimed;
      // A write that ended meanwhile may or may not be in this answer: it serves this call only.
      kept = store.generation === generation ? { generation, bytes, at, wallAt, holdsForMs } : undefined;
    }
    return bytes + (await uploads.removeStale(ttlMs, true)).bytes;
  };
}

/**
 * The mark-and-sweep of blobs, links and manifests, and for how long (ms) its decisions hold if
 * nothing is written meanwhile: the least time left on any grace period that kept something.
 */
async function sweepStore(store: Store, opts: GcOptions): Promise<{ result: GcResult; holdsForMs: number }> {
  const sweep = new Sweep(store, opts);
  try {
    // Repositories are independent until the blob sweep below, which waits for all of them; a few
    // at a time overlap their file reads (one at a time, 400 repositories took 0.4 s to scan).
    await mapLimit(await store.listRepositories(), 8, (repo) => sweepRepository(sweep, repo));
    await sweepBlobs(sweep);
  } finally {
    sweep.end();
  }
  return { result: sweep.result, holdsForMs: sweep.holdsForMs };
}

/** One pass of sweepStore: its options and GC epoch, what the repositories keep, and its result. */
class Sweep {
  readonly dryRun: boolean;
  readonly graceMs: number;
  readonly result: GcResult = {
    blobsRemoved: 0,
    bytesReclaimed: 0,
    manifestsRemoved: 0,
    uploadsRemoved: 0,
    bytesKeptRecent: 0,
  };
  /** The least time left on any grace period that kept something (see sweepStore). */
  holdsForMs = Infinity;
  /** Manifests and blobs some repository keeps: the blob sweep removes every other blob. */
  readonly live = new Set<string>();
  // For bytesKeptRecent only (no decision depends on these): blobs a live manifest uses, and
  // blobs kept by the grace period or a pin rather than by use.
  readonly used = new Set<string>();
  readonly keptRecent = new Set<string>();
  private readonly epoch: Set<string>;

  constructor(
    readonly store: Store,
    opts: GcOptions,
  ) {
    this.dryRun = opts.dryRun ?? false;
    this.graceMs = opts.graceMs ?? defaultGraceMs;
    this.epoch = store.refs.beginEpoch();
  }

  /** Closes the pass's GC epoch. */
  end(): void {
    this.store.refs.endEpoch(this.epoch);
  }

  /** Whether a pending marker of this age keeps what it marks (and until when that holds). */
  pendingKeeps(age: number | undefined): boolean {
    if (age === undefined || age >= this.graceMs) return false;
    this.holdsForMs = Math.min(this.holdsForMs, this.graceMs - age);
    return true;
  }

  /**
   * Kept although nothing on disk reaches it: pinned during this run (a pin's release changes
   * Store.generation), or just confirmed by a client.
   */
  protectedNow(digest: string): boolean {
    if (this.epoch.has(digest)) return true;
    const left = this.store.refs.touchLeftMs(digest, this.graceMs);
    if (left > 0) this.holdsForMs = Math.min(this.holdsForMs, left);
    return left > 0;
  }

  /** Runs `remove` unless the digest is pinned; in a dry run only checks. */
  async tryRemove(digest: string, remove: () => Promise<void>): Promise<boolean> {
    if (this.protectedNow(digest)) return false;
    if (this.dryRun) return true;
    const done = this.store.refs.doom(digest);
    if (!done) return false;
    try {
      await remove();
    } finally {
      done();
    }
    return true;
  }
}

/** A repository's manifests by hex, and a reader that parses each once (null: missing or unparsable). */
interface RepoRevisions {
  byHex: Map<string, Digest>;
  parsed(d: Digest): Promise<ParsedManifest | null>;
}

/** Reads a repository's revisions, with a parse cache. */
async function readRevisions(store: Store, repo: string): Promise<RepoRevisions> {
  const byHex = new Map((await store.listRevisions(repo)).map((d) => [d.hex, d]));
  const cache = new Map<string, ParsedManifest | null>();
  const parsed = async (d: Digest): Promise<ParsedManifest | null> => {
    if (!cache.has(d.hex)) {
      const bytes = await store.readBlob(d);
      let p: ParsedManifest | null;
      try {
        p = bytes ? parseManifest(bytes) : null;
      } catch {
        p = null;
      }
      cache.set(d.hex, p);
    }
    return cache.get(d.hex)!;
  };
  return { byHex, parsed };
}

/** One repository: mark its manifests, sweep the rest, then its unused blob links, then prune its leftovers. */
async function sweepRepository(sweep: Sweep, repo: string): Promise<void> {
  const { store, dryRun } = sweep;
  const now = Date.now();
  const revisions = await readRevisions(store, repo);
  const liveManifests = await markManifests(sweep, repo, revisions, now);
  await sweepManifests(sweep, repo, revisions, liveManifests);
  const usedInRepo = new Set<string>();
  for (const hex of liveManifests) {
    sweep.live.add(hex);
    sweep.used.add(hex);
    const p = await revisions.parsed(revisions.byHex.get(hex)!);
    for (const b of p?.blobs ?? []) {
      usedInRepo.add(b.digest.hex);
      sweep.used.add(b.digest.hex);
    }
  }
  await sweepBlobLinks(sweep, repo, usedInRepo, now);
  // A repository left with nothing leaves the catalog, and a crash's empty tag folders go.
  // Only empty folders are removed (rmdir), so a write landing meanwhile keeps its folder
  // (see atomic.ts). Blob links and revisions without their link were swept above.
  if (!dryRun) await store.pruneTagLeftovers(repo);
  if (!dryRun && liveManifests.size === 0) await store.pruneRepository(repo);
}

/**
 * Mark: the manifests reached from the roots (tags, fresh untagged pushes, pinned or touched
 * manifests) through indexes, and the referrers of live manifests. Returns their hex.
 */
async function markManifests(
  sweep: Sweep,
  repo: string,
  revisions: RepoRevisions,
  now: number,
): Promise<Set<string>> {
  const { store } = sweep;
  const roots: Digest[] = [];
  for (const d of (await store.tagTargets(repo)).values()) if (revisions.byHex.has(d.hex)) roots.push(d);
  for (const d of revisions.byHex.values()) {
    const pendingAge = await ageMs(join(revisionDir(store.paths, repo, d), 'pending'), now);
    if (sweep.pendingKeeps(pendingAge) || sweep.protectedNow(digestString(d))) roots.push(d);
  }
  const liveManifests = new Set<string>();
  const reach = async (start: Digest[]) => {
    const queue = [...start];
    while (queue.length) {
      const d = queue.pop()!;
      if (liveManifests.has(d.hex)) continue;
      liveManifests.add(d.hex);
      for (const child of (await revisions.parsed(d))?.manifests ?? []) {
        if (revisions.byHex.has(child.digest.hex)) queue.push(child.digest);
      }
    }
  };
  await reach(roots);
  // Referrers live as long as their subject does (to a fixpoint: referrers of referrers).
  for (let changed = true; changed;) {
    changed = false;
    for (const d of revisions.byHex.values()) {
      if (liveManifests.has(d.hex)) continue;
      const subject = (await revisions.parsed(d))?.subject;
      if (subject && liveManifests.has(subject.digest.hex)) {
        await reach([d]);
        changed = true;
      }
    }
  }
  return liveManifests;
}

/** Sweeps the manifests nothing reaches; one that cannot go now joins `liveManifests`. */
async function sweepManifests(
  sweep: Sweep,
  repo: string,
  revisions: RepoRevisions,
  liveManifests: Set<string>,
): Promise<void> {
  for (const d of revisions.byHex.values()) {
    if (liveManifests.has(d.hex)) continue;
    const p = await revisions.parsed(d);
    const removed = await sweep.tryRemove(digestString(d), () =>
      sweep.store.deleteManifest(repo, d, p?.subject?.digest),
    );
    if (removed) sweep.result.manifestsRemoved++;
    else liveManifests.add(d.hex);
  }
}

/** Sweeps the blob links no live manifest uses, unless pending within the grace period. */
async function sweepBlobLinks(
  sweep: Sweep,
  repo: string,
  usedInRepo: Set<string>,
  now: number,
): Promise<void> {
  const { store, live, keptRecent } = sweep;
  for (const { digest: d, dir: linkDir } of await listDigestFolders(layersRoot(store.paths, repo))) {
    const hex = d.hex;
    if (usedInRepo.has(hex)) {
      live.add(hex);
      continue;
    }
    if (sweep.pendingKeeps(await ageMs(join(linkDir, 'pending'), now))) {
      live.add(hex);
      keptRecent.add(hex);
      continue;
    }
    const removed = await sweep.tryRemove(digestString(d), async () => {
      await store.unlinkBlob(repo, d);
    });
    if (!removed) {
      live.add(hex);
      keptRecent.add(hex);
    }
  }
}

/** Sweeps the blobs that no repository keeps (after every repository is done). */
async function sweepBlobs(sweep: Sweep): Promise<void> {
  const { store, result, live, used, keptRecent } = sweep;
  for (const { digest, size } of await store.listBlobs()) {
    if (live.has(digest.hex)) {
      if (keptRecent.has(digest.hex) && !used.has(digest.hex)) result.bytesKeptRecent += size;
      continue;
    }
    let freed: number | undefined = size;
    const removed = await sweep.tryRemove(digestString(digest), async () => {
      freed = await store.removeBlob(digest);
    });
    if (removed && freed !== undefined) {
      result.blobsRemoved++;
      result.bytesReclaimed += freed;
    } else if (!removed) {
      result.bytesKeptRecent += size;
    }
  }
}
