// Upload sessions: bytes stream to <uploads>/<id>/data and are hashed on the way (one pass,
// no second copy); state.json records the acknowledged offset after an fsync, so an upload
// can be resumed from the offset the registry reports, also after a crash or restart.
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileHandle } from 'node:fs/promises';
import { uploadDir } from './paths.js';
import { makeDir, writeFileAtomic } from './atomic.js';
import { listDir, readOptional, type Store } from './store.js';
import { ServedError } from '../errors.js';
import { defaultBodyIdleMs, watchIdle } from '../idle.js';
import { digestString, isValidName, parseAlgorithm, type Digest, type DigestAlgorithm } from '../names.js';

interface SessionState {
  repo: string;
  /** What the bytes are hashed with as they arrive (absent in sessions of older versions: sha256). */
  algorithm: DigestAlgorithm;
  offset: number;
  startedAt: number;
  updatedAt: number;
}

export interface UploadSession extends SessionState {
  id: string;
  /** The `algorithm` hash of data[0, hashedOffset); recomputed from the file when missing (after a restart or error). */
  hash?: Hash;
  hashedOffset: number;
  busy: boolean;
  /** Resolves when the running operation ends (while busy). */
  idle?: Promise<void>;
  release?: () => void;
  /** The request body being written (while an append runs): when it last delivered bytes. */
  writer?: { idle: { silentMs(): number }; cut: () => void };
}

/**
 * How long a request may send no bytes of the chunk it is writing before another request on the
 * same session takes over. A client whose network dropped leaves a connection the server never
 * hears closed (no FIN, no RST); when it comes back to resume, that connection still holds the
 * session, and the resume would wait for it forever.
 */
export const defaultUploadStallMs = 10_000;

const idRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The upload sessions of one registry. */
export class Uploads {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(
    private readonly store: Store,
    private readonly stallMs = defaultUploadStallMs,
    /** How long a chunk's body may send nothing before it is cut off, newer request or not (idle.ts). */
    private readonly bodyIdleMs = defaultBodyIdleMs,
  ) {}

  private dir(id: string): string {
    return uploadDir(this.store.paths, id);
  }

  private async saveState(s: UploadSession): Promise<void> {
    const state: SessionState = {
      repo: s.repo,
      algorithm: s.algorithm,
      offset: s.offset,
      startedAt: s.startedAt,
      updatedAt: s.updatedAt,
    };
    await writeFileAtomic(this.store.paths.tmp, join(this.dir(s.id), 'state.json'), JSON.stringify(state));
  }

  /** Loads sessions left by an earlier run; drops bytes past each acknowledged offset. */
  async init(): Promise<void> {
    for (const id of await listDir(this.store.paths.uploadsRoot)) {
      const dir = this.dir(id);
      let state: SessionState | undefined;
      try {
        const s = JSON.parse((await readOptional(join(dir, 'state.json'))) ?? 'null') as SessionState | null;
        if (s && typeof s.repo === 'string' && isValidName(s.repo) && Number.isSafeInteger(s.offset)) {
          const algorithm = s.algorithm === undefined ? 'sha256' : parseAlgorithm(String(s.algorithm));
          if (algorithm) state = { ...s, algorithm };
        }
      } catch {
        // unreadable state: the session was never acknowledged
      }
      const size = await stat(join(dir, 'data')).then(
        (st) => st.size,
        () => -1,
      );
      if (!state || !idRe.test(id) || size < 0) {
        this.store.budget.refund(Math.max(size, 0));
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      if (size !== state.offset) {
        const fh = await open(join(dir, 'data'), 'r+');
        try {
          const keep = Math.min(size, state.offset);
          await fh.truncate(keep);
          await fh.sync();
          this.store.budget.resized(size, keep);
          state.offset = keep;
        } finally {
          await fh.close();
        }
      }
      this.sessions.set(id, { ...state, id, hashedOffset: 0, busy: false });
    }
  }

  /**
   * Starts a session for `repo` (persisted before the client hears of it) that hashes what it
   * receives with `algorithm`: the digest the upload will be finished with is verified as the
   * bytes stream in when its algorithm is this one, and by reading the data once more otherwise.
   */
  async create(repo: string, algorithm: DigestAlgorithm = 'sha256'): Promise<UploadSession> {
    // A disk that takes nothing more (below its reserve, read-only) refuses before the client sends bytes.
    this.store.budget.checkRoom(0);
    const id = randomUUID();
    const now = Date.now();
    const s: UploadSession = {
      id,
      repo,
      algorithm,
      offset: 0,
      startedAt: now,
      updatedAt: now,
      hashedOffset: 0,
      busy: false,
    };
    try {
      await makeDir(this.dir(id));
      const fh = await open(join(this.dir(id), 'data'), 'w', 0o600);
      await fh.close();
      await this.saveState(s);
    } catch (e) {
      // E.g. a full disk: leave no half-made session behind (fsck would call it broken).
      await rm(this.dir(id), { recursive: true, force: true }).catch(() => {});
      throw e;
    }
    s.hash = createHash(algorithm);
    this.sessions.set(id, s);
    return s;
  }

  /** The session `id` of `repo`, or BLOB_UPLOAD_UNKNOWN. */
  get(repo: string, id: string): UploadSession {
    const s = idRe.test(id) ? this.sessions.get(id) : undefined;
    if (!s || s.repo !== repo) {
      throw new ServedError('BLOB_UPLOAD_UNKNOWN', {
        detail: { uuid: id },
        message: 'blob upload unknown: it was finished, cancelled or expired; start a new upload',
      });
    }
    return s;
  }

  /** Every session (for GC and usage). */
  list(): UploadSession[] {
    return [...this.sessions.values()];
  }

  /**
   * Takes the session for one operation. Operations on a session run one after the other: a
   * request arriving while another still writes (e.g. a client resuming right after its
   * connection broke, while the server is still saving the partial chunk) waits for it.
   */
  private async claim(s: UploadSession): Promise<void> {
    while (s.busy) await this.waitOrTakeOver(s);
    if (this.sessions.get(s.id) !== s) {
      // Removed (expired, cancelled, failed) since the handler looked it up.
      throw new ServedError('BLOB_UPLOAD_UNKNOWN', {
        detail: { uuid: s.id },
        message: 'blob upload unknown: it was finished, cancelled or expired; start a new upload',
      });
    }
    s.busy = true;
    s.idle = new Promise<void>((resolve) => {
      s.release = () => {
        s.busy = false;
        resolve();
      };
    });
  }

  /** Resolves once no operation runs on the session (its offset is then final). */
  async settled(s: UploadSession): Promise<void> {
    while (s.busy) await this.waitOrTakeOver(s);
  }

  /**
   * Waits for the running operation to end, or for at most a moment. A chunk whose sender has
   * been silent for the stall time is cut off, as a broken connection is: the bytes it brought
   * stay as progress, and the newer request (the client, back) gets the session.
   */
  private async waitOrTakeOver(s: UploadSession): Promise<void> {
    const w = s.writer;
    if (w && w.idle.silentMs() >= this.stallMs) w.cut();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      s.idle,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(this.stallMs, 1000)))),
    ]);
    clearTimeout(timer);
  }

  private async ensureHash(s: UploadSession): Promise<Hash> {
    if (s.hash && s.hashedOffset === s.offset) return s.hash;
    const h = await this.hashData(s, s.algorithm);
    s.hash = h;
    s.hashedOffset = s.offset;
    return h;
  }

  /** The `algorithm` hash of the session's acknowledged bytes, read from its file. */
  private async hashData(s: UploadSession, algorithm: DigestAlgorithm): Promise<Hash> {
    const h = createHash(algorithm);
    if (s.offset > 0) {
      await pipeline(
        createReadStream(join(this.dir(s.id), 'data'), {
          start: 0,
          end: s.offset - 1,
          highWaterMark: 1 << 20,
        }),
        async (src) => {
          for await (const c of src) h.update(c as Buffer);
        },
      );
    }
    return h;
  }

  /**
   * Appends `body` at the session's offset, hashing as it streams. `start` (from Content-Range)
   * must equal the offset, else 416. Exceeding the quota cancels the session and throws DENIED.
   */
  async append(
    s: UploadSession,
    body: Readable,
    opts: { start?: number; length?: number } = {},
  ): Promise<number> {
    await this.claim(s);
    try {
      return await this.appendClaimed(s, body, opts);
    } finally {
      s.release?.();
    }
  }

  /** append() once the session is claimed: check the chunk, write it, save the state; a refusal removes the session. */
  private async appendClaimed(
    s: UploadSession,
    body: Readable,
    opts: { start?: number; length?: number },
  ): Promise<number> {
    if (opts.start !== undefined && opts.start !== s.offset) throw chunkOutOfOrder(s, opts.start);
    if (opts.length !== undefined) {
      try {
        this.store.budget.checkRoom(opts.length);
      } catch (e) {
        await this.removeClaimed(s);
        throw e;
      }
    }
    let failure = await this.receive(s, body);
    s.updatedAt = Date.now();
    if (!isRefusal(failure)) {
      // No room for the new state.json either (no inodes left): refused like the bytes.
      await this.saveState(s).catch((e: unknown) => {
        if (!isRefusal(e)) throw e;
        failure = e;
      });
    }
    if (isRefusal(failure)) {
      await this.removeClaimed(s);
      throw failure;
    }
    if (failure) throw failure;
    return s.offset;
  }

  /**
   * Writes `body` into the session's data at its offset (dropping unacknowledged bytes first) and
   * moves the offset to what reached the file and was synced. Returns what stopped the body
   * early (a refusal, a broken connection), or undefined; throws what the file itself fails with.
   */
  private async receive(s: UploadSession, body: Readable): Promise<unknown> {
    const budget = this.store.budget;
    const hash = await this.ensureHash(s);
    const fh = await open(join(this.dir(s.id), 'data'), 'r+');
    try {
      const before = (await fh.stat()).size;
      if (before !== s.offset) {
        // Bytes of a request that failed half-way, never acknowledged: drop them.
        await fh.truncate(s.offset);
        budget.resized(before, s.offset);
      }
      const streamed = await this.stream(s, body, fh, hash);
      const counted = streamed.counted;
      let failure = streamed.failure;
      // What reached the file is a prefix of what the client sent: keep it as progress.
      const after = (await fh.stat()).size;
      budget.resized(s.offset + counted, after);
      if (after !== s.offset + counted) s.hash = undefined;
      s.offset = after;
      s.hashedOffset = s.hash ? after : 0;
      if (!isRefusal(failure)) {
        // A full disk may only show here (delayed allocation).
        await fh.datasync().catch((e: unknown) => {
          if (!isRefusal(e)) throw e;
          failure = e;
        });
      }
      return failure;
    } finally {
      await fh.close();
    }
  }

  /**
   * Streams `body` into `fh` from the session's offset, checking room for, charging and hashing
   * every chunk as it comes, while a newer request on the upload may cut a silent one off.
   * Returns the bytes counted and the failure that stopped it, if any.
   */
  private async stream(
    s: UploadSession,
    body: Readable,
    fh: FileHandle,
    hash: Hash,
  ): Promise<{ counted: number; failure: unknown }> {
    const budget = this.store.budget;
    let received = s.offset;
    // Stopping early (a refusal such as the quota) must not destroy the request: the server
    // then answers and reads the rest for a moment (server.ts, linger) instead of resetting
    // the connection under a client that is still writing.
    const chunks = { [Symbol.asyncIterator]: () => body.iterator({ destroyOnReturn: false }) };
    const idle = watchIdle(body, this.bodyIdleMs);
    try {
      s.writer = {
        idle,
        cut: () => body.destroy(new Error('cut off: silent while a newer request on its upload waited')),
      };
      const counted = await streamToFile(chunks, fh, s.offset, (chunk) => {
        idle.lastDataAt = Date.now();
        budget.checkRoom(chunk.length, received);
        received += chunk.length;
        budget.charge(chunk.length);
        hash.update(chunk);
      });
      return { counted, failure: undefined };
    } catch (e) {
      return { counted: failureCounted(e), failure: e };
    } finally {
      idle.stop();
      s.writer = undefined;
    }
  }

  /**
   * Finishes the session: verifies the digest of everything received, moves the data into the
   * blob store and links it into the repository. A mismatch removes the session: nothing is stored.
   */
  async complete(s: UploadSession, digest: Digest): Promise<void> {
    await this.claim(s);
    try {
      // Hashed as the bytes came when the session was started for this algorithm (as a
      // monolithic upload or `digest-algorithm` does); otherwise read once more.
      const hash =
        digest.algorithm === s.algorithm
          ? await this.ensureHash(s)
          : await this.hashData(s, digest.algorithm);
      const actual: Digest = { algorithm: digest.algorithm, hex: hash.copy().digest('hex') };
      if (actual.hex !== digest.hex) {
        await this.removeClaimed(s);
        throw new ServedError('DIGEST_INVALID', {
          detail: { expected: digestString(digest), actual: digestString(actual), size: s.offset },
          message: `digest mismatch: the uploaded bytes are ${digestString(actual)}, not ${digestString(digest)}; nothing was stored, upload again`,
        });
      }
      const unpin = await this.store.refs.pin([digestString(digest)]);
      try {
        try {
          await this.store.adoptBlobFile(digest, join(this.dir(s.id), 'data'), s.offset);
        } catch (e) {
          // A full disk: free the upload's data, as a refused chunk does.
          if (isRefusal(e)) await this.removeClaimed(s);
          throw e;
        }
        // The bytes are in the blob store now: the session is over, whether or not the link
        // below can be written (if not, the blob waits unlinked for the client's retry or GC).
        this.sessions.delete(s.id);
        await rm(this.dir(s.id), { recursive: true, force: true });
        await this.store.linkBlob(s.repo, digest, true);
      } finally {
        unpin();
      }
    } finally {
      s.release?.();
    }
  }

  /** Cancels a session and frees its data. */
  async cancel(s: UploadSession): Promise<void> {
    await this.claim(s);
    try {
      await this.removeClaimed(s);
    } finally {
      s.release?.();
    }
  }

  private async removeClaimed(s: UploadSession): Promise<void> {
    this.sessions.delete(s.id);
    const size = await stat(join(this.dir(s.id), 'data')).then(
      (st) => st.size,
      () => 0,
    );
    await rm(this.dir(s.id), { recursive: true, force: true });
    this.store.budget.refund(size);
  }

  /** Removes sessions idle for longer than `ttlMs` (never one being written); returns count and bytes. */
  async removeStale(ttlMs: number, dryRun: boolean): Promise<{ removed: number; bytes: number }> {
    let removed = 0;
    let bytes = 0;
    const now = Date.now();
    for (const s of this.list()) {
      if (s.busy || now - s.updatedAt < ttlMs) continue;
      removed++;
      bytes += s.offset;
      if (!dryRun) await this.cancel(s);
    }
    return { removed, bytes };
  }
}

/** The spec's upload Range header: "0-<last byte>" ("0-0" when empty, as Distribution does). */
export function rangeHeader(offset: number): string {
  return `0-${Math.max(offset - 1, 0)}`;
}

/** Where the client sends the next request of a session. */
export function uploadLocation(s: { repo: string; id: string }): string {
  return `/v2/${s.repo}/blobs/uploads/${s.id}`;
}

/** The answer to a chunk that does not start where the upload is: 416 with where to resume. */
function chunkOutOfOrder(s: UploadSession, start: number): ServedError {
  return new ServedError('RANGE_INVALID', {
    status: 416,
    detail: { expectedStart: s.offset, start },
    message: `chunk out of order: the upload is at offset ${s.offset}; send the chunk that starts there`,
    headers: { Range: rangeHeader(s.offset), Location: uploadLocation(s), 'Docker-Upload-UUID': s.id },
  });
}

/** Over the quota, or the disk itself full: the upload is refused and frees what it holds, as the answer says. */
function isRefusal(e: unknown): boolean {
  return (
    (e instanceof ServedError && e.code === 'DENIED') ||
    (e as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC'
  );
}

/** Bytes a failed streamToFile had accepted (so usage stays exact). */
function failureCounted(e: unknown): number {
  return (e as { acceptedBytes?: number })?.acceptedBytes ?? 0;
}

async function writeAll(fh: FileHandle, bufs: Buffer[], position: number): Promise<void> {
  let list = bufs;
  let pos = position;
  while (list.length) {
    const { bytesWritten } = await fh.writev(list, pos);
    pos += bytesWritten;
    // A short write (rare for files): drop what was written and retry the rest.
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const b of list) {
      if (skip >= b.length) {
        skip -= b.length;
        continue;
      }
      rest.push(skip > 0 ? b.subarray(skip) : b);
      skip = 0;
    }
    list = rest;
  }
}

/** Smallest file write: large enough for few syscalls. */
const batchBytes = 1 << 20;
/**
 * Received bytes that may wait while a write is in flight. Receiving stops only past this, so
 * a write slowed by the disk or the page cache does not stall the connection; memory stays at
 * about this plus the write in flight, whatever the blob size.
 */
const maxBufferedBytes = 4 << 20;
/**
 * Written bytes after which a flush to disk starts in the background. The upload ends with a
 * datasync before it is acknowledged; flushing along the way overlaps the disk with the
 * network, where one flush at the end would make the client wait for all of it (the kernel
 * starts writing back on its own only once gigabytes are dirty).
 */
const syncEveryBytes = 32 << 20;

/**
 * Streams `body` into `fh` at `position`, calling `accept` on each chunk first (hashing,
 * quota). One write is in flight at a time, in order; what arrives meanwhile is hashed and
 * gathered into the next write, so network, hashing and disk overlap.
 */
export async function streamToFile(
  body: AsyncIterable<Buffer>,
  fh: FileHandle,
  position: number,
  accept: (chunk: Buffer) => void,
): Promise<number> {
  let accepted = 0;
  let pos = position;
  let batch: Buffer[] = [];
  let size = 0;
  let writing = false;
  let writeError: unknown;
  let idle: Promise<void> = Promise.resolve();
  let unsynced = 0;
  let syncing: Promise<void> | undefined;
  // Writes what has gathered, then what gathered meanwhile while that is a batch or more
  // (`all`: to the last byte).
  const flush = (all = false) => {
    writing = true;
    idle = (async () => {
      while ((all ? size > 0 : size >= batchBytes) && !writeError) {
        const bufs = batch;
        const at = pos;
        pos += size;
        batch = [];
        size = 0;
        await writeAll(fh, bufs, at).catch((e: unknown) => {
          writeError = e;
        });
        unsynced += pos - at;
        if (unsynced >= syncEveryBytes && !syncing) {
          unsynced = 0;
          // An error here must fail the upload: the kernel reports it to one fsync only.
          syncing = fh
            .datasync()
            .catch((e: unknown) => {
              writeError ??= e;
            })
            .finally(() => (syncing = undefined));
        }
      }
      writing = false;
    })();
  };
  const settled = async () => {
    await idle;
    await syncing;
  };
  try {
    for await (const chunk of body) {
      accept(chunk);
      accepted += chunk.length;
      batch.push(chunk);
      size += chunk.length;
      if (writing) {
        if (size >= maxBufferedBytes) await idle;
      } else if (size >= batchBytes) {
        flush();
      }
      if (writeError) throw writeError;
    }
    await idle;
    if (size > 0) flush(true);
    await settled();
    if (writeError) throw writeError;
  } catch (e) {
    await settled();
    // The bytes received before the connection broke are intact: keep them as progress, so
    // the client resumes from there (not for a refusal such as the quota: that upload goes).
    if (!writeError && size > 0 && !(e instanceof ServedError)) {
      flush(true);
      await settled();
    }
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { acceptedBytes: accepted });
  }
  return accepted;
}
