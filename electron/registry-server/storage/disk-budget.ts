// The registry's disk budget: the bytes it holds on disk against its quota and against the
// disk's own free space, behind one small interface (charge, refund, check room, set the quota).
//
// Invariant: `usedBytes` counts the bytes of every blob's `data` file (blobs/, manifests
// included) plus every upload session's `data` file (_uploads/<id>/data, acknowledged or not);
// nothing else: not links, tags, state.json, settings or the temp files in _tmp. It is counted
// from disk once, when the store opens (Store.init, after _tmp is emptied: `recount`), then
// corrected by the uploads' recovery (Uploads.init drops sessions and unacknowledged bytes:
// `refund`, `resized`), and from then on kept current by whoever writes or removes such a file:
// bytes are charged before or as they are written (after `checkRoom` says they fit) and refunded
// when their file goes or shrinks. A blob adopted from an upload keeps the upload's charge. The
// counter lives only in memory: after a crash, whatever it said is gone and the next start counts
// the disk again, so a crash can never leave it wrong for longer than one run. Readings of the
// disk's free space (statfs) are kept a moment and corrected by our own writes since.
import { accessSync, constants, statfsSync } from 'node:fs';
import { ServedError, storageRefusals } from '../errors.js';
import { formatBytes } from '../sizes.js';

/**
 * Free space the registry leaves on its disk for the rest of the device (the system, logs, other
 * services): 5% of the disk, at most 1 GiB. Uploads that would go below it are refused.
 */
export function diskReserveBytes(diskBytes: number): number {
  return Math.min(1 << 30, Math.floor(diskBytes * 0.05));
}

/**
 * Free inodes (file entries) the registry leaves likewise: 1% of the disk's, at most 65,536. A
 * disk can run out of them with bytes to spare (many small files); ext4 keeps none back for root.
 */
export function inodeReserve(totalInodes: number): number {
  return Math.min(65_536, Math.floor(totalInodes * 0.01));
}

export interface DiskSpace {
  totalBytes: number;
  freeBytes: number;
  reserveBytes: number;
  /** 0 where the file system makes inodes as it needs them and does not count them (btrfs). */
  totalInodes: number;
  freeInodes: number;
  inodeReserve: number;
  /** The disk takes no writes: mounted read-only, or remounted so by the system after I/O errors. */
  readOnly: boolean;
}

/** Why a disk with bytes to spare takes nothing more (see DiskSpace). */
export type StorageBlock = 'read-only' | 'inodes';

function blockOf(disk: DiskSpace): StorageBlock | null {
  if (disk.readOnly) return 'read-only';
  if (disk.totalInodes > 0 && disk.freeInodes <= disk.inodeReserve) return 'inodes';
  return null;
}

/** How old a reading of the disk's free space may be before it is taken again. */
const diskReadingMs = 1000;
const diskReadingBytes = 32 << 20;

function isReadOnly(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EROFS';
  }
}

/** The bytes the registry holds on disk, its quota, and the disk's room (see the invariant above). */
export class DiskBudget {
  private used = 0;
  private quota: number | null;
  private disk:
    | {
        at: number;
        usedThen: number;
        totalBytes: number;
        freeBytes: number;
        totalInodes: number;
        freeInodes: number;
        readOnly: boolean;
      }
    | undefined;

  /** `root`: the data dir, whose disk is read; `quotaBytes`: largest total of counted bytes, null for none. */
  constructor(
    private readonly root: string,
    quotaBytes: number | null = null,
  ) {
    this.quota = quotaBytes;
  }

  /** Bytes counted now (see the invariant above). */
  get usedBytes(): number {
    return this.used;
  }

  /** The quota, or null for none. */
  get quotaBytes(): number | null {
    return this.quota;
  }

  /** Sets the quota (the registry's settings change it live); what is stored already stays. */
  setQuota(quotaBytes: number | null): void {
    this.quota = quotaBytes;
  }

  /** Replaces the count with the bytes found on disk (when the store opens). */
  recount(bytes: number): void {
    this.used = amount(bytes);
  }

  /** Counts `bytes` written (or about to be) to a counted file. */
  charge(bytes: number): void {
    this.used += amount(bytes);
  }

  /** Uncounts `bytes` of a counted file removed or not written after all. */
  refund(bytes: number): void {
    this.used -= amount(bytes);
  }

  /** A counted file changed size from `fromBytes` to `toBytes` (truncated, or found longer or shorter than counted). */
  resized(fromBytes: number, toBytes: number): void {
    this.used += amount(toBytes) - amount(fromBytes);
  }

  /** Throws DENIED when the disk takes no writes (read-only), judged by a fresh reading. */
  checkWritable(): void {
    if (this.diskSpace(true)?.readOnly) throw readOnlyRefusal();
  }

  /**
   * Throws DENIED when adding `bytes` would pass the quota, or leave less than the reserve free
   * on the disk, or when the disk takes nothing more (read-only, inodes down to their reserve).
   * `uploadedBytes`: what the upload being written had already received (counted in the budget,
   * freed when it is refused).
   */
  checkRoom(bytes: number, uploadedBytes = 0): void {
    this.checkQuota(bytes, uploadedBytes);
    // Called for every chunk received: the disk is read at most once a second or 32 MiB, and our
    // own writes since are subtracted; a refusal is confirmed by a fresh reading.
    if (this.fits(this.diskSpace(), bytes) || this.fits(this.diskSpace(true), bytes)) return;
    const disk = this.diskSpace()!;
    const block = blockOf(disk);
    if (block === 'read-only') throw readOnlyRefusal();
    const ofWhich =
      uploadedBytes > 0
        ? `; this upload had stored ${formatBytes(uploadedBytes)}, which is freed now`
        : bytes > 0
          ? `; this upload needs ${formatBytes(bytes)}`
          : '';
    if (block === 'inodes') {
      throw new ServedError('DENIED', {
        message:
          `the device's disk is out of file entries (inodes): ${disk.freeInodes} of ${disk.totalInodes} are free, ` +
          `and the registry leaves ${disk.inodeReserve} for the rest of the device${uploadedBytes > 0 ? ofWhich : ''}; ` +
          'delete images and run garbage collection, or delete files on that disk',
        detail: { ...disk, requestedBytes: bytes, uploadedBytes },
      });
    }
    throw new ServedError('DENIED', {
      message:
        `the device's disk is nearly full: ${formatBytes(disk.freeBytes)} of ${formatBytes(disk.totalBytes)} is free, ` +
        `and the registry leaves ${formatBytes(disk.reserveBytes)} free for the rest of the device${ofWhich}; ` +
        'delete images and run garbage collection, or free space on that disk',
      detail: { ...disk, requestedBytes: bytes, uploadedBytes },
    });
  }

  private fits(disk: DiskSpace | undefined, bytes: number): boolean {
    return !disk || (blockOf(disk) === null && disk.freeBytes - bytes >= disk.reserveBytes);
  }

  /**
   * The disk under the data dir: its size, its free space (from a reading at most 1 s or 32 MiB
   * of our writes old, less those writes), its inodes, whether it takes writes, and the reserves.
   * Undefined when it cannot be read: then only a full disk (ENOSPC) stops an upload.
   */
  private diskSpace(fresh = false): DiskSpace | undefined {
    const now = performance.now();
    let d = this.disk;
    if (fresh || !d || now - d.at > diskReadingMs || Math.abs(this.used - d.usedThen) > diskReadingBytes) {
      try {
        const s = statfsSync(this.root);
        d = this.disk = {
          at: now,
          usedThen: this.used,
          totalBytes: s.blocks * s.bsize,
          freeBytes: s.bavail * s.bsize,
          totalInodes: s.files,
          freeInodes: s.ffree,
          // statfs's flags (ST_RDONLY) are not in Node's result; access(2) answers EROFS instead.
          readOnly: isReadOnly(this.root),
        };
      } catch {
        this.disk = undefined;
        return undefined;
      }
    }
    return {
      totalBytes: d.totalBytes,
      freeBytes: Math.max(0, d.freeBytes - (this.used - d.usedThen)),
      reserveBytes: diskReserveBytes(d.totalBytes),
      totalInodes: d.totalInodes,
      freeInodes: d.freeInodes,
      inodeReserve: inodeReserve(d.totalInodes),
      readOnly: d.readOnly,
    };
  }

  /**
   * What more can be stored now: the quota's rest or the disk's room above its reserve, whichever
   * is less (0 while the disk is blocked); null when neither is known. Plus why the disk is blocked.
   */
  room(): { availableBytes: number | null; blockedBy: StorageBlock | null } {
    const quotaRest = this.quota === null ? Infinity : Math.max(0, this.quota - this.used);
    const disk = this.diskSpace(true);
    const blockedBy = disk ? blockOf(disk) : null;
    const diskRest = !disk ? Infinity : blockedBy ? 0 : Math.max(0, disk.freeBytes - disk.reserveBytes);
    const rest = Math.min(quotaRest, diskRest);
    return { availableBytes: rest === Infinity ? null : rest, blockedBy };
  }

  private checkQuota(bytes: number, uploadedBytes: number): void {
    if (this.quota === null || this.used + bytes <= this.quota) return;
    // A streamed upload (no length given up front) is stopped only when it reaches the quota:
    // say how much of the "used" figure was this upload, or users read "the device is full".
    const ofWhich =
      uploadedBytes > 0
        ? ` (${formatBytes(uploadedBytes)} of it by this upload so far, freed now: ` +
          `${formatBytes(this.used - uploadedBytes)} stays in use)`
        : '';
    throw new ServedError('DENIED', {
      message:
        `storage quota exceeded: ${formatBytes(this.used)} of the ${formatBytes(this.quota)} quota is used${ofWhich} ` +
        `and this upload needs ${formatBytes(bytes)} more; delete images and run garbage collection, or raise the quota`,
      detail: {
        quotaBytes: this.quota,
        usedBytes: this.used,
        requestedBytes: bytes,
        uploadedBytes,
      },
    });
  }
}

/** A byte count as the budget takes it: a whole number, not negative (anything else is a bug of the caller). */
function amount(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`not a byte count: ${bytes}`);
  return bytes;
}

function readOnlyRefusal(): ServedError {
  return new ServedError('DENIED', { message: storageRefusals.EROFS });
}
