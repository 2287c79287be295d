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
  const store = new Store(paths);
  const report: FsckReport = {
    problems: [],
    blobsChecked: 0,
    bytesVerified: 0,
    manifestsChecked: 0,
    uploadsChecked: 0,
    leftovers: 0,
  };
  const rel = (p: string) => p.slice(dataDir.length).replace(/^[\\/]/, '');
  const problem = async (kind: ProblemKind, path: string, message: string, fix?: () => Promise<void>) => {
    let repaired = false;
    if (repair && fix) {
      await fix();
      repaired = true;
    }
    report.problems.push({ kind, path: rel(path), message, repaired });
  };

  // Blobs: content matches digest.
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

  // A link folder (blob link, manifest revision, tag) without its `link` file is what a crash
  // leaves between making the folder and moving the link into it, or while removing it, with or
  // without its `pending` marker. It links nothing (every reader needs the file), and what
  // depended on the link is checked on its own (a manifest's blobs, a tag's manifest): a
  // leftover, which GC removes.
  const checkLink = async (linkFile: string, expected: Digest): Promise<boolean> => {
    const content = await readOptional(linkFile);
    const d = content === undefined ? undefined : parseDigest(content.trim());
    return d !== undefined && d.hex === expected.hex;
  };

  for (const repo of await store.listRepositories()) {
    if (!isValidName(repo)) continue;
    // Blob links.
    const linked = new Set<string>();
    for (const { digest: d, dir } of await listDigestFolders(layersRoot(paths, repo))) {
      if (!(await exists(join(dir, 'link')))) {
        report.leftovers++;
        continue;
      }
      if (!(await checkLink(join(dir, 'link'), d))) {
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
    // Manifests.
    const goodManifests = new Set<string>();
    const linkedRevisions = new Set<string>();
    const revisions = await store.listRevisions(repo);
    const brokenManifest = async (d: Digest, kind: ProblemKind, message: string) =>
      problem(kind, revisionDir(paths, repo, d), message, () => store.deleteManifest(repo, d));
    for (const d of revisions) {
      const dir = revisionDir(paths, repo, d);
      if (!(await exists(join(dir, 'link')))) {
        report.leftovers++;
        continue;
      }
      linkedRevisions.add(d.hex);
      report.manifestsChecked++;
      if (!(await checkLink(join(dir, 'link'), d))) {
        await brokenManifest(
          d,
          'link-invalid',
          `manifest link in ${repo} is unreadable or names another manifest`,
        );
        continue;
      }
      const bytes = goodBlobs.has(d.hex) ? await store.readBlob(d) : undefined;
      if (!bytes) {
        await brokenManifest(
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
        await brokenManifest(
          d,
          'manifest-invalid',
          `manifest ${digestString(d)} in ${repo}: ${(e as Error).message}`,
        );
        continue;
      }
      const missingBlob = parsed.blobs.find((b) => !linked.has(b.digest.hex));
      if (missingBlob) {
        await brokenManifest(
          d,
          'manifest-missing-reference',
          `manifest ${digestString(d)} in ${repo} references blob ${digestString(missingBlob.digest)}, which is missing or corrupt`,
        );
        continue;
      }
      goodManifests.add(d.hex);
    }
    // Index children (second pass: all manifests known).
    for (const d of revisions) {
      if (!goodManifests.has(d.hex)) continue;
      const parsed = parseManifest((await store.readBlob(d))!);
      const missing = parsed.manifests.find((m) => !linkedRevisions.has(m.digest.hex));
      if (missing) {
        await brokenManifest(
          d,
          'manifest-missing-reference',
          `index ${digestString(d)} in ${repo} references manifest ${digestString(missing.digest)}, which is missing`,
        );
        goodManifests.delete(d.hex);
      }
    }
    // Tags.
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
    // Referrer links.
    for (const subject of await listDigestFolders(referrersRoot(paths, repo))) {
      for (const { digest: d, dir } of await listDigestFolders(subject.dir)) {
        if (goodManifests.has(d.hex)) continue;
        await problem('referrer-dangling', dir, `referrer link in ${repo} to a missing manifest`, () =>
          rm(dir, { recursive: true, force: true }),
        );
      }
    }
  }

  // Upload sessions: readable state, data at least as long as the acknowledged offset. A session
  // gets its data file, then its state: one without state was never acknowledged to a client
  // (a crash, or one being made now) and is removed at the next start.
  for (const id of await listDir(paths.uploadsRoot)) {
    const dir = join(paths.uploadsRoot, id);
    if (!(await exists(join(dir, 'state.json')))) {
      report.leftovers++;
      continue;
    }
    report.uploadsChecked++;
    let ok: boolean;
    try {
      const state = JSON.parse((await readOptional(join(dir, 'state.json'))) ?? 'null') as {
        repo?: string;
        offset?: number;
      } | null;
      const size = (await stat(join(dir, 'data'))).size;
      ok =
        !!state &&
        typeof state.repo === 'string' &&
        isValidName(state.repo) &&
        typeof state.offset === 'number' &&
        size >= state.offset;
    } catch {
      ok = false;
    }
    if (!ok) {
      await problem('upload-broken', dir, 'upload session with missing or inconsistent state', () =>
        rm(dir, { recursive: true, force: true }),
      );
    }
  }
  // Temp files are writes in progress while a registry serves, and leftovers otherwise.
  if (!opts.served) report.leftovers += (await readdir(paths.tmp).catch(() => [] as string[])).length;
  return report;
}
