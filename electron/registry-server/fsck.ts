// Consistency check of a data dir (`edge-registry fsck`): every blob's bytes match its digest,
// every link points at something that exists, every manifest's references are present, and
// upload sessions are readable. Reports without changing anything; `repair` fixes what it can
// by removing the broken piece (a corrupt blob, a dangling link or tag, a broken manifest).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  registryPaths,
  blobDir,
  blobData,
  layersRoot,
  referrersRoot,
  revisionDir,
  tagsRoot,
  type RegistryPaths,
} from './storage/paths.js';
import { Store, exists, listBlobFolders, listDigestFolders, listDir, readOptional } from './storage/store.js';
import { parseManifest } from './manifest-format.js';
import { digestString, isValidName, parseDigest, type Digest, type DigestAlgorithm } from './names.js';

export type ProblemKind =
  | 'blob-corrupt'
  | 'blob-incomplete'
  | 'link-dangling'
  | 'link-invalid'
  | 'manifest-invalid'
  | 'manifest-missing-reference'
  | 'tag-dangling'
  | 'referrer-dangling'
  | 'upload-broken';

export interface Problem {
  kind: ProblemKind;
  /** The file or folder concerned, relative to the data dir. */
  path: string;
  message: string;
  repaired: boolean;
}

export interface FsckReport {
  problems: Problem[];
  blobsChecked: number;
  bytesVerified: number;
  manifestsChecked: number;
  uploadsChecked: number;
  /**
   * What an interrupted write leaves and the registry removes by itself, at its next start or
   * GC: temp files, an upload session without its state yet, folders without their file. Not
   * problems: nothing reads them.
   */
  leftovers: number;
}

async function hashFile(path: string, algorithm: DigestAlgorithm): Promise<string> {
  const h = createHash(algorithm);
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), async (src) => {
    for await (const c of src) h.update(c as Buffer);
  });
  return h.digest('hex');
}

/** What the phases of one check share: the data dir, the report they fill, and how a problem is recorded (and fixed). */
interface FsckRun {
  paths: RegistryPaths;
  store: Store;
  report: FsckReport;
  /** Records a problem; with `repair`, runs `fix` first. */
  problem(kind: ProblemKind, path: string, message: string, fix?: () => Promise<void>): Promise<void>;
}

/** Checks the data dir; with `repair`, removes what is broken. The caller makes sure no registry serves it while repairing. */
export async function fsck(
  dataDir: string,
  opts: {
    repair?: boolean;
    /** A registry serves the dir: temp files are writes in progress. */ served?: boolean;
  } = {},
): Promise<FsckReport> {
  const repair = opts.repair ?? false;
  const paths = registryPaths(dataDir);
  const report: FsckReport = {
    problems: [],
    blobsChecked: 0,
    bytesVerified: 0,
    manifestsChecked: 0,
    uploadsChecked: 0,
    leftovers: 0,
  };
  const rel = (p: string) => p.slice(dataDir.length).replace(/^[\\/]/, '');
  const run: FsckRun = {
    paths,
    store: new Store(paths),
    report,
    async problem(kind, path, message, fix) {
      let repaired = false;
      if (repair && fix) {
        await fix();
        repaired = true;
      }
      report.problems.push({ kind, path: rel(path), message, repaired });
    },
  };
  const goodBlobs = await checkBlobs(run);
  for (const repo of await run.store.listRepositories()) {
    if (isValidName(repo)) await checkRepository(run, repo, goodBlobs);
  }
  await checkUploads(run);
  // Temp files are writes in progress while a registry serves, and leftovers otherwise.
  if (!opts.served) report.leftovers += (await readdir(paths.tmp).catch(() => [] as string[])).length;
  return report;
}

/** Blobs: each one's content matches its digest. Returns the hex of the good ones. */
async function checkBlobs({ paths, report, problem }: FsckRun): Promise<Set<string>> {
  const goodBlobs = new Set<string>();
  const strays: string[] = [];
  const blobFolders = await listBlobFolders(paths, (dir) => strays.push(dir));
  for (const dir of strays) {
    await problem('blob-incomplete', dir, 'a folder in the blob store that is not a digest', () =>
      rm(dir, { recursive: true, force: true }),
    );
  }
  for (const { digest: d } of blobFolders) {
    const data = blobData(paths, d);
    // A folder without data is what a crash between mkdir and rename leaves: invisible to
    // clients and removed at the next start.
    if (!(await exists(data))) {
      report.leftovers++;
      continue;
    }
    report.blobsChecked++;
    report.bytesVerified += (await stat(data)).size;
    const actual = await hashFile(data, d.algorithm);
    if (actual !== d.hex) {
      await problem(
        'blob-corrupt',
        data,
        `content hashes to ${d.algorithm}:${actual}, not ${digestString(d)}`,
        () => rm(blobDir(paths, d), { recursive: true, force: true }),
      );
      continue;
    }
    goodBlobs.add(d.hex);
  }
  return goodBlobs;
}

// A link folder (blob link, manifest revision, tag) without its `link` file is what a crash
// leaves between making the folder and moving the link into it, or while removing it, with or
// without its `pending` marker. It links nothing (every reader needs the file), and what
// depended on the link is checked on its own (a manifest's blobs, a tag's manifest): a
// leftover, which GC removes.

/** True when the link file reads as `expected`. */
async function linkNames(linkFile: string, expected: Digest): Promise<boolean> {
  const content = await readOptional(linkFile);
  const d = content === undefined ? undefined : parseDigest(content.trim());
  return d !== undefined && d.hex === expected.hex;
}

/** One repository: its blob links, manifests, index children, tags and referrer links, in that order. */
async function checkRepository(run: FsckRun, repo: string, goodBlobs: Set<string>): Promise<void> {
  const linked = await checkBlobLinks(run, repo, goodBlobs);
  const manifests = await checkManifests(run, repo, goodBlobs, linked);
  await checkIndexChildren(run, repo, manifests);
  await checkTags(run, repo, manifests.good);
  await checkReferrers(run, repo, manifests.good);
}

/** Blob links: each reads as its blob, which is good. Returns the hex of the blobs linked. */
async function checkBlobLinks(
  { paths, report, problem }: FsckRun,
  repo: string,
  goodBlobs: Set<string>,
): Promise<Set<string>> {
  const linked = new Set<string>();
  for (const { digest: d, dir } of await listDigestFolders(layersRoot(paths, repo))) {
    if (!(await exists(join(dir, 'link')))) {
      report.leftovers++;
      continue;
    }
    if (!(await linkNames(join(dir, 'link'), d))) {
      await problem('link-invalid', dir, `blob link in ${repo} is unreadable or names another blob`, () =>
        rm(dir, { recursive: true, force: true }),
      );
      continue;
    }
    if (!goodBlobs.has(d.hex)) {
      await problem(
        'link-dangling',
        dir,
        `${repo} links ${digestString(d)}, which is missing from the blob store or corrupt`,
        () => rm(dir, { recursive: true, force: true }),
      );
      continue;
    }
    linked.add(d.hex);
  }
  return linked;
}

/** A repository's manifests as the manifest phase found them. */
interface RepoManifests {
  /** Every revision folder. */
  revisions: Digest[];
  /** Revisions with their link file. */
  linked: Set<string>;
  /** Manifests that parse and whose blobs are linked (an index's children are checked after). */
  good: Set<string>;
}

/** Manifests: each revision's link reads as it, its bytes are good, it parses, and its blobs are linked. */
async function checkManifests(
  run: FsckRun,
  repo: string,
  goodBlobs: Set<string>,
  linkedBlobs: Set<string>,
): Promise<RepoManifests> {
  const { paths, store, report } = run;
  const good = new Set<string>();
  const linked = new Set<string>();
  const revisions = await store.listRevisions(repo);
  const broken = (d: Digest, kind: ProblemKind, message: string) =>
    brokenManifest(run, repo, d, kind, message);
  for (const d of revisions) {
    const dir = revisionDir(paths, repo, d);
    if (!(await exists(join(dir, 'link')))) {
      report.leftovers++;
      continue;
    }
    linked.add(d.hex);
    report.manifestsChecked++;
    if (!(await linkNames(join(dir, 'link'), d))) {
      await broken(d, 'link-invalid', `manifest link in ${repo} is unreadable or names another manifest`);
      continue;
    }
    const bytes = goodBlobs.has(d.hex) ? await store.readBlob(d) : undefined;
    if (!bytes) {
      await broken(
        d,
        'link-dangling',
        `${repo} lists manifest ${digestString(d)}, whose bytes are missing or corrupt`,
      );
      continue;
    }
    let parsed;
    try {
      parsed = parseManifest(bytes);
    } catch (e) {
      await broken(d, 'manifest-invalid', `manifest ${digestString(d)} in ${repo}: ${(e as Error).message}`);
      continue;
    }
    const missingBlob = parsed.blobs.find((b) => !linkedBlobs.has(b.digest.hex));
    if (missingBlob) {
      await broken(
        d,
        'manifest-missing-reference',
        `manifest ${digestString(d)} in ${repo} references blob ${digestString(missingBlob.digest)}, which is missing or corrupt`,
      );
      continue;
    }
    good.add(d.hex);
  }
  return { revisions, linked, good };
}

/** Records a broken manifest; the repair deletes it from the repository. */
function brokenManifest(
  run: FsckRun,
  repo: string,
  d: Digest,
  kind: ProblemKind,
  message: string,
): Promise<void> {
  return run.problem(kind, revisionDir(run.paths, repo, d), message, () => run.store.deleteManifest(repo, d));
}

/** Index children (a second pass, with all manifests known): an index whose child is missing is broken. */
async function checkIndexChildren(run: FsckRun, repo: string, manifests: RepoManifests): Promise<void> {
  for (const d of manifests.revisions) {
    if (!manifests.good.has(d.hex)) continue;
    const parsed = parseManifest((await run.store.readBlob(d))!);
    const missing = parsed.manifests.find((m) => !manifests.linked.has(m.digest.hex));
    if (missing) {
      await brokenManifest(
        run,
        repo,
        d,
        'manifest-missing-reference',
        `index ${digestString(d)} in ${repo} references manifest ${digestString(missing.digest)}, which is missing`,
      );
      manifests.good.delete(d.hex);
    }
  }
}

/** Tags: each points at a good manifest. */
async function checkTags(
  { paths, report, problem }: FsckRun,
  repo: string,
  goodManifests: Set<string>,
): Promise<void> {
  for (const tag of await listDir(tagsRoot(paths, repo))) {
    const link = join(tagsRoot(paths, repo), tag, 'link');
    const content = await readOptional(link);
    if (content === undefined) {
      report.leftovers++;
      continue;
    }
    const target = parseDigest(content.trim());
    if (!target || !goodManifests.has(target.hex)) {
      await problem('tag-dangling', link, `tag ${repo}:${tag} points at a missing or broken manifest`, () =>
        rm(join(tagsRoot(paths, repo), tag), { recursive: true, force: true }),
      );
    }
  }
}

/** Referrer links: each names a good manifest. */
async function checkReferrers(
  { paths, problem }: FsckRun,
  repo: string,
  goodManifests: Set<string>,
): Promise<void> {
  for (const subject of await listDigestFolders(referrersRoot(paths, repo))) {
    for (const { digest: d, dir } of await listDigestFolders(subject.dir)) {
      if (goodManifests.has(d.hex)) continue;
      await problem('referrer-dangling', dir, `referrer link in ${repo} to a missing manifest`, () =>
        rm(dir, { recursive: true, force: true }),
      );
    }
  }
}

/**
 * Upload sessions: readable state, data at least as long as the acknowledged offset. A session
 * gets its data file, then its state: one without state was never acknowledged to a client
 * (a crash, or one being made now) and is removed at the next start.
 */
async function checkUploads({ paths, report, problem }: FsckRun): Promise<void> {
  for (const id of await listDir(paths.uploadsRoot)) {
    const dir = join(paths.uploadsRoot, id);
    if (!(await exists(join(dir, 'state.json')))) {
      report.leftovers++;
      continue;
    }
    report.uploadsChecked++;
    if (!(await uploadIsSound(dir))) {
      await problem('upload-broken', dir, 'upload session with missing or inconsistent state', () =>
        rm(dir, { recursive: true, force: true }),
      );
    }
  }
}

/** True when an upload session's state reads and its data holds at least the acknowledged bytes. */
async function uploadIsSound(dir: string): Promise<boolean> {
  try {
    const state = JSON.parse((await readOptional(join(dir, 'state.json'))) ?? 'null') as {
      repo?: string;
      offset?: number;
    } | null;
    const size = (await stat(join(dir, 'data'))).size;
    return (
      !!state &&
      typeof state.repo === 'string' &&
      isValidName(state.repo) &&
      typeof state.offset === 'number' &&
      size >= state.offset
    );
  } catch {
    return false;
  }
}
