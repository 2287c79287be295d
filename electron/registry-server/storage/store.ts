// The registry's storage on the file system, following the layout in ./paths.ts: global
// content-addressed blobs and repositories that hold only links; the bytes they use are counted
// in a DiskBudget (./disk-budget.ts) against the quota and the disk's free space. Upload
// sessions live in ./uploads.ts; garbage collection in ../gc.ts.
import { readFile, readdir, rm, stat, unlink, rename, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  blobData,
  blobDir,
  layerLinkDir,
  referrerLinkDir,
  referrersDir,
  repoDir,
  revisionDir,
  tagLink,
  tagsRoot,
  revisionsRoot,
  type RegistryPaths,
} from './paths.js';
import { writeFileAtomic, renameDurable, fsyncDir, pruneEmptyDirs, makeDir } from './atomic.js';
import { digestAlgorithms, digestString, isValidTag, parseDigest, type Digest } from '../names.js';
import { RefTracker } from '../refs.js';
import { DiskBudget } from './disk-budget.js';

/** Reads a file, or undefined when it does not exist. */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Lists a directory, or [] when it does not exist. */
export async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw e;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The digest folders `<root>/<algorithm>/<hex>` (links, revisions, referrers: paths.ts), each
 * algorithm the registry takes; a folder whose name is not a digest is not listed.
 */
export async function listDigestFolders(root: string): Promise<{ digest: Digest; dir: string }[]> {
  const out: { digest: Digest; dir: string }[] = [];
  for (const algorithm of Object.keys(digestAlgorithms)) {
    for (const hex of await listDir(join(root, algorithm))) {
      const digest = parseDigest(`${algorithm}:${hex}`);
      if (digest) out.push({ digest, dir: join(root, algorithm, hex) });
    }
  }
  return out;
}

/**
 * The blob store's folders `blobs/<algorithm>/<2 hex>/<hex>`, with or without their data, and
 * (`strays`) the folders there that are no blob's.
 */
export async function listBlobFolders(
  p: RegistryPaths,
  strays?: (dir: string) => void,
): Promise<{ digest: Digest; dir: string }[]> {
  const out: { digest: Digest; dir: string }[] = [];
  for (const algorithm of Object.keys(digestAlgorithms)) {
    const algRoot = join(p.blobsRoot, algorithm);
    for (const two of await listDir(algRoot)) {
      for (const hex of await listDir(join(algRoot, two))) {
        const digest = parseDigest(`${algorithm}:${hex}`);
        const dir = join(algRoot, two, hex);
        if (digest && hex.slice(0, 2) === two) out.push({ digest, dir });
        else strays?.(dir);
      }
    }
  }
  return out;
}

/** Parses a link file's content ("<algorithm>:<hex>"). */
function parseLink(s: string | undefined): Digest | undefined {
  return s === undefined ? undefined : parseDigest(s.trim());
}

/** Blobs, links, manifests and tags on disk; their bytes are counted in `budget` (./disk-budget.ts). */
export class Store {
  readonly refs = new RefTracker();
  private readonly blobLocks = new Map<string, Promise<void>>();
  private writes = 0;

  constructor(
    readonly paths: RegistryPaths,
    readonly budget = new DiskBudget(paths.root),
  ) {}

  /**
   * Changes whenever a write to blobs, links, manifests or tags ends (done or failed), or a pin or
   * touch changes (refs.ts): what GC would decide can change only then, or as time passes.
   */
  get generation(): number {
    return this.writes + this.refs.version;
  }

  /** Runs a write, counting it in `generation` when it ends, however it ends. */
  private async writing<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.writes++;
    }
  }

  /** Creates the folders, empties _tmp (leftovers of interrupted writes) and counts the bytes in use. */
  async init(): Promise<void> {
    const p = this.paths;
    await rm(p.tmp, { recursive: true, force: true });
    for (const d of [p.blobsRoot, p.reposRoot, p.uploadsRoot, p.tmp]) await makeDir(d);
    let used = 0;
    for (const { size } of await this.listBlobs({ removeEmpty: true })) used += size;
    for (const id of await listDir(p.uploadsRoot)) {
      try {
        used += (await stat(join(p.uploadsRoot, id, 'data'))).size;
      } catch {
        // a session without data yet
      }
    }
    this.budget.recount(used);
  }

  /** Every blob on disk with its size. */
  async listBlobs(opts: { removeEmpty?: boolean } = {}): Promise<{ digest: Digest; size: number }[]> {
    const out: { digest: Digest; size: number }[] = [];
    for (const { digest: d } of await listBlobFolders(this.paths)) {
      try {
        out.push({ digest: d, size: (await stat(blobData(this.paths, d))).size });
      } catch {
        // A blob folder without data: a crash between mkdir and rename. Invisible to clients;
        // removed at start-up (when no write can be in progress).
        if (opts.removeEmpty) await rm(blobDir(this.paths, d), { recursive: true, force: true });
      }
    }
    return out;
  }

  /** Size of a blob present in the global store, or undefined. */
  async blobSize(d: Digest): Promise<number | undefined> {
    try {
      return (await stat(blobData(this.paths, d))).size;
    } catch {
      return undefined;
    }
  }

  /** True when `repo` links the blob and its data exists. */
  async repoHasBlob(repo: string, d: Digest): Promise<number | undefined> {
    if (!(await exists(join(layerLinkDir(this.paths, repo, d), 'link')))) return undefined;
    return this.blobSize(d);
  }

  /** Serializes work on one digest's blob (creation), so usage is counted once. */
  private async withBlobLock<T>(d: Digest, fn: () => Promise<T>): Promise<T> {
    const key = digestString(d);
    for (;;) {
      const p = this.blobLocks.get(key);
      if (!p) break;
      await p;
    }
    let release!: () => void;
    this.blobLocks.set(
      key,
      new Promise<void>((r) => {
        release = r;
      }),
    );
    try {
      return await this.writing(fn);
    } finally {
      this.blobLocks.delete(key);
      release();
    }
  }

  /**
   * Moves a verified, fsynced file into the blob store (or drops it when the blob is already
   * there). The caller holds a pin on the digest. The file's bytes are already counted in usage.
   */
  async adoptBlobFile(d: Digest, file: string, size: number): Promise<void> {
    await this.withBlobLock(d, async () => {
      if ((await this.blobSize(d)) !== undefined) {
        await unlink(file).catch(() => {});
        this.budget.refund(size);
        return;
      }
      await renameDurable(file, blobData(this.paths, d));
    });
  }

  /** Writes small content (a manifest) into the blob store atomically, counting its bytes. */
  async putBlobBytes(d: Digest, bytes: Buffer): Promise<void> {
    await this.withBlobLock(d, async () => {
      if ((await this.blobSize(d)) !== undefined) return;
      this.budget.checkRoom(bytes.length);
      this.budget.charge(bytes.length);
      try {
        await writeFileAtomic(this.paths.tmp, blobData(this.paths, d), bytes);
      } catch (e) {
        this.budget.refund(bytes.length);
        throw e;
      }
    });
  }

  async readBlob(d: Digest): Promise<Buffer | undefined> {
    try {
      return await readFile(blobData(this.paths, d));
    } catch {
      return undefined;
    }
  }

  /** Removes a blob from the global store (GC only; caller has doomed it): bytes freed, or undefined when it cannot go now. */
  removeBlob(d: Digest): Promise<number | undefined> {
    return this.writing(async () => {
      const size = (await this.blobSize(d)) ?? 0;
      // Rename first, so the blob vanishes in one step, then delete at leisure.
      const trash = join(this.paths.tmp, `gc-${d.hex}-${randomBytes(4).toString('hex')}`);
      try {
        await rename(blobDir(this.paths, d), trash);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return 0;
        // Windows cannot rename a folder while a pull still reads the file: keep it for the next run.
        if (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES') return undefined;
        throw e;
      }
      this.budget.refund(size);
      await rm(trash, { recursive: true, force: true });
      return size;
    });
  }

  // ---- links -------------------------------------------------------------------------

  /** Links a blob into `repo`; `pending` until a manifest uses it (GC keeps it for the grace period). */
  linkBlob(repo: string, d: Digest, pending: boolean): Promise<void> {
    return this.writing(async () => {
      const dir = layerLinkDir(this.paths, repo, d);
      // pending before link: a crash in between leaves a lone marker, never an unprotected new link.
      if (pending) {
        await writeFileAtomic(this.paths.tmp, join(dir, 'pending'), `${Date.now()}\n`);
        // The marker's time counts after a restart; until then the monotonic clock does (refs.ts).
        this.refs.touch(digestString(d));
      }
      await writeFileAtomic(this.paths.tmp, join(dir, 'link'), digestString(d));
    });
  }

  /** Removes a blob link (and a lone pending marker a crash may have left); false when there was no link. */
  unlinkBlob(repo: string, d: Digest): Promise<boolean> {
    return this.writing(async () => {
      const dir = layerLinkDir(this.paths, repo, d);
      const had = await exists(join(dir, 'link'));
      await rm(dir, { recursive: true, force: true });
      await fsyncDir(dirname(dir));
      return had;
    });
  }

  /** Marks that a stored manifest now uses these links (they stop being pending). */
  claimLinks(repo: string, blobs: Digest[], manifests: Digest[]): Promise<void> {
    return this.writing(async () => {
      await Promise.all([
        ...blobs.map((d) => unlink(join(layerLinkDir(this.paths, repo, d), 'pending')).catch(() => {})),
        ...manifests.map((d) => unlink(join(revisionDir(this.paths, repo, d), 'pending')).catch(() => {})),
      ]);
    });
  }

  async hasRevision(repo: string, d: Digest): Promise<boolean> {
    return exists(join(revisionDir(this.paths, repo, d), 'link'));
  }

  /** Stores a validated manifest: blob, revision link, tag link, referrer link. Caller pins `d`. */
  putManifest(
    repo: string,
    d: Digest,
    bytes: Buffer,
    opts: { tags: string[]; subject?: Digest; blobs: Digest[]; manifests: Digest[] },
  ): Promise<void> {
    return this.writing(async () => {
      await this.putBlobBytes(d, bytes);
      const rev = revisionDir(this.paths, repo, d);
      if (opts.tags.length === 0 && !(await exists(join(rev, 'link')))) {
        await writeFileAtomic(this.paths.tmp, join(rev, 'pending'), `${Date.now()}\n`);
        this.refs.touch(digestString(d));
      }
      await writeFileAtomic(this.paths.tmp, join(rev, 'link'), digestString(d));
      if (opts.subject) {
        await writeFileAtomic(
          this.paths.tmp,
          join(referrerLinkDir(this.paths, repo, opts.subject, d), 'link'),
          digestString(d),
        );
      }
      for (const tag of opts.tags) {
        await writeFileAtomic(this.paths.tmp, tagLink(this.paths, repo, tag), digestString(d));
      }
      if (opts.tags.length > 0) await unlink(join(rev, 'pending')).catch(() => {});
      await this.claimLinks(repo, opts.blobs, opts.manifests);
    });
  }

  /** Resolves a tag or digest reference to a stored manifest digest in `repo`. */
  async resolveManifest(repo: string, reference: string): Promise<Digest | undefined> {
    const byDigest = parseDigest(reference);
    if (byDigest) return (await this.hasRevision(repo, byDigest)) ? byDigest : undefined;
    if (!isValidTag(reference)) return undefined;
    const d = parseLink(await readOptional(tagLink(this.paths, repo, reference)));
    return d && (await this.hasRevision(repo, d)) ? d : undefined;
  }

  async repoExists(repo: string): Promise<boolean> {
    return exists(repoDir(this.paths, repo));
  }

  /**
   * The tags of `repo`, sorted, after `last` and at most `limit` of them (a page); undefined when
   * the repository is unknown. Names are sorted and cut before each tag's link is checked, so a
   * page of a 10,000-tag repository costs one directory read and a page's worth of checks.
   */
  async listTags(repo: string, page: { last?: string; limit?: number } = {}): Promise<string[] | undefined> {
    if (!(await this.repoExists(repo))) return undefined;
    const { last, limit = Infinity } = page;
    const names = (await listDir(tagsRoot(this.paths, repo))).filter(
      (t) => isValidTag(t) && (last === undefined || t > last),
    );
    names.sort();
    const tags: string[] = [];
    // A batch of checks at a time: 10,000 checks one after another cost a second here.
    for (let i = 0; i < names.length && tags.length < limit; i += 256) {
      const batch = names.slice(i, i + 256);
      const linked = await Promise.all(batch.map((t) => exists(tagLink(this.paths, repo, t))));
      for (const [j, t] of batch.entries()) if (linked[j] && tags.length < limit) tags.push(t);
    }
    return tags;
  }

  /** tag -> digest for every tag of `repo`. */
  async tagTargets(repo: string): Promise<Map<string, Digest>> {
    const out = new Map<string, Digest>();
    for (const t of await listDir(tagsRoot(this.paths, repo))) {
      const d = parseLink(await readOptional(tagLink(this.paths, repo, t)));
      if (d) out.set(t, d);
    }
    return out;
  }

  deleteTag(repo: string, tag: string): Promise<boolean> {
    return this.writing(async () => {
      const link = tagLink(this.paths, repo, tag);
      if (!(await exists(link))) return false;
      await rm(join(tagsRoot(this.paths, repo), tag), { recursive: true, force: true });
      await fsyncDir(tagsRoot(this.paths, repo));
      return true;
    });
  }

  /** Every manifest digest stored in `repo`. */
  async listRevisions(repo: string): Promise<Digest[]> {
    return (await listDigestFolders(revisionsRoot(this.paths, repo))).map((f) => f.digest);
  }

  /** Deletes a manifest from `repo`: its revision, every tag pointing at it, its referrer link. */
  deleteManifest(repo: string, d: Digest, subject?: Digest): Promise<void> {
    return this.writing(async () => {
      for (const [tag, target] of await this.tagTargets(repo)) {
        if (target.hex === d.hex) await this.deleteTag(repo, tag);
      }
      if (subject) await rm(referrerLinkDir(this.paths, repo, subject, d), { recursive: true, force: true });
      await rm(revisionDir(this.paths, repo, d), { recursive: true, force: true });
      this.refs.untouch([digestString(d)]);
      // The delete was acknowledged: make it survive a power cut too.
      await fsyncDir(dirname(revisionDir(this.paths, repo, d)));
    });
  }

  /** Digests of the manifests in `repo` whose subject is `subject`. */
  async listReferrers(repo: string, subject: Digest): Promise<Digest[]> {
    const out: Digest[] = [];
    for (const { digest: d } of await listDigestFolders(referrersDir(this.paths, repo, subject))) {
      if (await this.hasRevision(repo, d)) out.push(d);
    }
    return out;
  }

  /** Every repository name, sorted. */
  async listRepositories(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      const entries = await listDir(dir);
      if (entries.includes('_manifests') || entries.includes('_layers')) out.push(prefix);
      for (const e of entries) {
        if (e.startsWith('_')) continue;
        await walk(join(dir, e), prefix ? `${prefix}/${e}` : e);
      }
    };
    await walk(this.paths.reposRoot, '');
    return out.filter((r) => r !== '').sort();
  }

  /**
   * Removes tag folders without their link: what a crash leaves while a tag is being written or
   * deleted. Empty folders only (rmdir), so a tag written meanwhile keeps its folder (atomic.ts).
   */
  async pruneTagLeftovers(repo: string): Promise<void> {
    const root = tagsRoot(this.paths, repo);
    for (const tag of await listDir(root)) await pruneEmptyDirs(join(root, tag));
  }

  /** Removes the folders of a repository that holds nothing any more (empty folders only). */
  async pruneRepository(repo: string): Promise<void> {
    const dir = repoDir(this.paths, repo);
    const entries = await listDir(dir);
    // Only the repository's own parts: a nested repository (repo/sub) stays untouched.
    for (const part of entries.filter((e) => e.startsWith('_'))) await pruneEmptyDirs(join(dir, part));
    // Then the now-empty folders up to (not including) the repositories root.
    let d = dir;
    while (d.length > this.paths.reposRoot.length && (await pruneEmptyDirs(d))) d = dirname(d);
  }

  /** Opens a blob for reading (the handle stays valid even if GC removes the file meanwhile). */
  async openBlob(d: Digest) {
    return open(blobData(this.paths, d), 'r');
  }
}
