// The idle timeout of request bodies: a body being read that delivers nothing for `idleMs` is
// cut off as a broken connection would be. Idle, not total: a slow link still uploads as long
// as bytes keep coming. What such a body held (its upload session, file handle, buffers) is
// freed by the reader's own error path, and an upload keeps what arrived (storage/uploads.ts).
import type { Readable } from 'node:stream';

/** How long a body being read may deliver nothing (default; `bodyIdleMs` in the options). */
export const defaultBodyIdleMs = 60_000;

/** Why a body was cut off; the server logs it and closes the connection without an answer. */
export class BodyIdleError extends Error {
  constructor(idleMs: number) {
    super(`the request body sent nothing for ${idleMs / 1000} s`);
  }
}

/**
 * Watches `body` while it is read: the reader sets `lastDataAt` (Date.now()) as data comes (a
 * field write per chunk: nothing per byte); once the sender has been silent for `idleMs` the body
 * is destroyed with a BodyIdleError. `stop()` when reading ends, however it ends.
 */
export function watchIdle(
  body: Readable,
  idleMs: number,
): { lastDataAt: number; silentMs(): number; stop(): void } {
  const w = {
    lastDataAt: Date.now(),
    // Bytes that arrived but that our reader has not taken yet (a slow disk write holds it back)
    // are not the sender's silence: only time with nothing waiting counts.
    silentMs: () => (body.readableLength > 0 ? 0 : Date.now() - w.lastDataAt),
    stop: () => clearInterval(timer),
  };
  const timer = setInterval(
    () => {
      if (w.silentMs() < idleMs) return;
      clearInterval(timer);
      body.destroy(new BodyIdleError(idleMs));
    },
    Math.max(10, Math.min(idleMs / 4, 1000)),
  );
  timer.unref();
  return w;
}
