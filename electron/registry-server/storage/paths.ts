// The whole on-disk layout of the embedded registry, in one place. Crash safety, GC and
// fsck all rest on this contract (after CNCF Distribution's registry/storage/paths.go).
//
// <dataDir>/
//   credentials.json                 the device's own credential store (mode 0600): username, password
//   settings.json                    the device's settings: {quotaBytes, gcSchedule} (../settings.ts)
//   tls/ca.crt, tls/ca.key           the device CA (key 0600); clients trust ca.crt only
//   tls/server.crt, tls/server.key   the server certificate (SAN: endpoint name + IP), signed by the CA
//   registry.lock                    {pid, url, boot, since} of the process serving this data dir
//   registry.lock.<hex>.tmp          for a moment, while a process takes the lock (../lock.ts)
//   registry.lock.break              for a moment, while a process removes a stale lock
//   registry/
//     blobs/<alg>/<2hex>/<hex>/data              <alg>/<hex>: sha256/<64 hex> or sha512/<128 hex> (../names.ts)
//         content-addressed bytes of every blob AND every manifest, shared by all repositories;
//         only ever created by rename() of a fully written, fsynced, verified temp file, so a
//         visible `data` file always holds exactly the bytes its digest names. A blob is stored
//         under the digest it was pushed with: the same bytes pushed as sha256 and as sha512 are two
//         blobs, each GC'd on its own
//     repositories/<name>/                       <name> may hold '/' (a/b/c); it matches the spec's grammar
//       _layers/<alg>/<hex>/link                 "<alg>:<hex>": the blob is part of this repository
//       _layers/<alg>/<hex>/pending              present from upload/mount until a manifest uses the blob;
//                                                GC keeps pending links for the grace period
//       _manifests/revisions/<alg>/<hex>/link    the manifest is part of this repository
//       _manifests/revisions/<alg>/<hex>/pending
//                                                pushed by digest and not yet reached by a tag or index
//       _manifests/tags/<tag>/link               "<alg>:<hex>" the tag points to
//       _referrers/<alg>/<subject hex>/<alg>/<hex>/link
//                                                a manifest whose `subject` is <subject>
//     _uploads/<uuid>/data                       bytes received so far (may hold unacknowledged bytes past `offset`)
//     _uploads/<uuid>/state.json                 {repo, algorithm, offset, startedAt, updatedAt}: offset = bytes
//                                                acknowledged; algorithm = what data is hashed with as it
//                                                arrives (absent, from older versions: sha256)
//     _tmp/                                      temp files of atomic writes; emptied at start-up
//     gc-schedule.json                           {settledUntil}: the end of the last GC run, or the first
//                                                start under a schedule; a run owed since is made up at start
//
// Every small file (links, state, credentials) is written as temp file + fsync + rename +
// fsync of the directory; a crash leaves either the old or the new file, never a partial one.
// Folders are made just before the rename and removed just after their files, so a crash can
// leave a folder without its `data` or `link` file: such a folder means nothing to any reader;
// start-up (blobs) and GC (links, tags) remove it, and fsck counts it as a leftover, not a problem.
import { join } from 'node:path';
import type { Digest } from '../names.js';

export interface RegistryPaths {
  root: string;
  credentials: string;
  settings: string;
  tlsDir: string;
  lock: string;
  registry: string;
  blobsRoot: string;
  reposRoot: string;
  uploadsRoot: string;
  tmp: string;
  gcSchedule: string;
}

/** Every fixed path under a data dir. */
export function registryPaths(dataDir: string): RegistryPaths {
  const registry = join(dataDir, 'registry');
  return {
    root: dataDir,
    credentials: join(dataDir, 'credentials.json'),
    settings: join(dataDir, 'settings.json'),
    tlsDir: join(dataDir, 'tls'),
    lock: join(dataDir, 'registry.lock'),
    registry,
    blobsRoot: join(registry, 'blobs'),
    reposRoot: join(registry, 'repositories'),
    uploadsRoot: join(registry, '_uploads'),
    tmp: join(registry, '_tmp'),
    gcSchedule: join(registry, 'gc-schedule.json'),
  };
}

/** The directory holding one blob's `data` file. */
export function blobDir(p: RegistryPaths, d: Digest): string {
  return join(p.blobsRoot, d.algorithm, d.hex.slice(0, 2), d.hex);
}

/** The content file of one blob. */
export function blobData(p: RegistryPaths, d: Digest): string {
  return join(blobDir(p, d), 'data');
}

/** A repository's folder. `repo` must already be validated against the name grammar. */
export function repoDir(p: RegistryPaths, repo: string): string {
  return join(p.reposRoot, ...repo.split('/'));
}

export function layerLinkDir(p: RegistryPaths, repo: string, d: Digest): string {
  return join(repoDir(p, repo), '_layers', d.algorithm, d.hex);
}

export function layersRoot(p: RegistryPaths, repo: string): string {
  return join(repoDir(p, repo), '_layers');
}

export function revisionDir(p: RegistryPaths, repo: string, d: Digest): string {
  return join(repoDir(p, repo), '_manifests', 'revisions', d.algorithm, d.hex);
}

export function revisionsRoot(p: RegistryPaths, repo: string): string {
  return join(repoDir(p, repo), '_manifests', 'revisions');
}

export function tagsRoot(p: RegistryPaths, repo: string): string {
  return join(repoDir(p, repo), '_manifests', 'tags');
}

export function tagLink(p: RegistryPaths, repo: string, tag: string): string {
  return join(tagsRoot(p, repo), tag, 'link');
}

export function referrersDir(p: RegistryPaths, repo: string, subject: Digest): string {
  return join(repoDir(p, repo), '_referrers', subject.algorithm, subject.hex);
}

export function referrerLinkDir(p: RegistryPaths, repo: string, subject: Digest, d: Digest): string {
  return join(referrersDir(p, repo, subject), d.algorithm, d.hex);
}

export function referrersRoot(p: RegistryPaths, repo: string): string {
  return join(repoDir(p, repo), '_referrers');
}

export function uploadDir(p: RegistryPaths, id: string): string {
  return join(p.uploadsRoot, id);
}
