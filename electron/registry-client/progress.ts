// Push progress, the same shape for a docker push (electron/docker) and a direct tarball
// push: one entry per layer (config included for tarballs) and an overall figure.

import type { LayerProgressView, LayerState } from '../../shared/api.js';

export type { LayerState };

/** One layer's progress as the UI shows it (shared/api.ts), with its digest when known. */
export interface LayerProgress extends LayerProgressView {
  digest?: string;
}

export interface PushProgress {
  /** The layer whose state or bytes changed. */
  layer: LayerProgress;
  /** Every layer as of now, in manifest order. */
  layers: LayerProgress[];
  /** Overall bytes done and total (exists/mounted layers count as done). */
  done: number;
  total: number;
}

/** Short id of a digest, as docker prints layers. */
export function shortId(digest: string): string {
  return digest.replace(/^[a-z0-9]+:/, '').slice(0, 12);
}

/** Collects layer states and emits PushProgress, throttling byte-only updates. */
export class ProgressTracker {
  private readonly layers = new Map<string, LayerProgress>();
  private readonly lastEmit = new Map<string, number>();

  constructor(
    private readonly onProgress?: (p: PushProgress) => void,
    private readonly minIntervalMs = 100,
  ) {}

  /** Registers a layer (in order). */
  add(id: string, total: number, digest?: string): void {
    this.layers.set(id, { id, digest, state: 'waiting', done: 0, total });
  }

  /** Sets a layer's state (always emitted) and optionally its bytes. */
  state(id: string, state: LayerState, done?: number, total?: number): void {
    const l = this.layers.get(id);
    if (!l) return;
    l.state = state;
    if (total !== undefined) l.total = total;
    if (done !== undefined) l.done = done;
    else if (state === 'exists' || state === 'mounted' || state === 'pushed') l.done = l.total;
    this.emit(l, true);
  }

  /** Updates a layer's bytes (emitted at most every minIntervalMs per layer). */
  bytes(id: string, done: number, total?: number): void {
    const l = this.layers.get(id);
    if (!l) return;
    l.done = done;
    if (total !== undefined) l.total = total;
    this.emit(l, false);
  }

  snapshot(): LayerProgress[] {
    return [...this.layers.values()].map((l) => ({ ...l }));
  }

  private emit(l: LayerProgress, force: boolean): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (!force && now - (this.lastEmit.get(l.id) ?? 0) < this.minIntervalMs) return;
    this.lastEmit.set(l.id, now);
    const layers = this.snapshot();
    this.onProgress({
      layer: { ...l },
      layers,
      done: layers.reduce((n, x) => n + x.done, 0),
      total: layers.reduce((n, x) => n + x.total, 0),
    });
  }
}
