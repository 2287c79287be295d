// What makes live garbage collection safe (see docs/registry-gc.md).
//
// Every operation that is about to create a reference to a blob or manifest (completing an
// upload, a cross-repository mount, storing a manifest) first *pins* the digests it will
// reference, then checks that they exist, writes, and unpins. GC, before removing anything,
// *dooms* the digest: dooming fails while the digest is pinned, and pinning waits while the
// digest is doomed. Both checks run synchronously on the one JavaScript thread, so there is
// no instant at which an operation has seen a digest exist and GC is removing it.
// GC also opens an *epoch* when it starts: every digest pinned while the epoch is open (or
// pinned when it opened) counts as live for that run, because GC's mark phase may have
// walked past the place where the new reference is being written.

/** Pins, dooms and epochs over digests ("sha256:<hex>"). */
export class RefTracker {
  private readonly pins = new Map<string, number>();
  private readonly doomed = new Map<string, Promise<void>>();
  private readonly epochs = new Set<Set<string>>();
  private readonly touched = new Map<string, number>();
  /**
   * Goes up whenever what GC would decide may have changed without a store write: a pin released
   * (its write may have failed), a touch made or forgotten. Part of Store.generation.
   */
  version = 0;

  /** Pins `digests` (waiting while GC removes any of them); call the result to unpin. */
  async pin(digests: Iterable<string>): Promise<() => void> {
    const list = [...new Set(digests)];
    for (;;) {
      const waits = list.map((d) => this.doomed.get(d)).filter((p): p is Promise<void> => p !== undefined);
      if (waits.length === 0) break;
      await Promise.all(waits);
    }
    // No await between the check above and these updates: they are atomic for GC.
    for (const d of list) {
      this.pins.set(d, (this.pins.get(d) ?? 0) + 1);
      for (const e of this.epochs) e.add(d);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.version++;
      for (const d of list) {
        const n = (this.pins.get(d) ?? 1) - 1;
        if (n <= 0) this.pins.delete(d);
        else this.pins.set(d, n);
      }
    };
  }

  /**
   * Remembers that a client just confirmed `digest` exists (HEAD before skipping an upload), or
   * just uploaded it. On the monotonic clock: a device's wall clock can jump by hours (NTP after
   * a boot without a real-time clock), which must not age a push that is under way.
   */
  touch(digest: string): void {
    this.touched.set(digest, performance.now());
    this.version++;
    if (this.touched.size > 100_000) this.touched.clear();
  }

  /** Forgets touches once a stored manifest uses the digests (the push they protected is done). */
  untouch(digests: Iterable<string>): void {
    for (const d of digests) this.touched.delete(d);
    this.version++;
  }

  /** How long (ms) a touch of `digest` still protects it, given `graceMs`; 0 when it does not. */
  touchLeftMs(digest: string, graceMs: number): number {
    const t = this.touched.get(digest);
    return t === undefined ? 0 : Math.max(0, t + graceMs - performance.now());
  }

  /** Opens a GC epoch: the returned set fills with every digest pinned until endEpoch. */
  beginEpoch(): Set<string> {
    const e = new Set<string>(this.pins.keys());
    this.epochs.add(e);
    return e;
  }

  endEpoch(e: Set<string>): void {
    this.epochs.delete(e);
  }

  /**
   * Claims `digest` for removal. Undefined when it is pinned (GC must keep it); otherwise
   * pins wait until the returned `done` is called.
   */
  doom(digest: string): (() => void) | undefined {
    if (this.pins.has(digest) || this.doomed.has(digest)) return undefined;
    let done!: () => void;
    this.doomed.set(
      digest,
      new Promise<void>((r) => {
        done = r;
      }),
    );
    return () => {
      this.doomed.delete(digest);
      done();
    };
  }
}
