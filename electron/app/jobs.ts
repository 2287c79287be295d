// Long operations (push, tarball push, setup) run as jobs: the call that starts one
// returns its id at once, and progress reaches the UI as `job` events. Each job has an
// AbortController so the UI can cancel it.
import { randomUUID } from 'node:crypto';
import type { JobEvent, LayerProgressView } from '../../shared/api.js';
import { ApiError } from '../../shared/api.js';
import type { EventHub } from './events.js';
import { toErrorData } from '../../shared/api.js';
import { say, text, type Text } from '../../shared/i18n/index.js';

export interface JobContext {
  signal: AbortSignal;
  /** Reports progress; frequent updates are coalesced so the UI is not flooded. */
  update(progress: Progress): void;
}

/** What a job reports: a message as a Text (shown in the UI's language, English in `message`). */
export type Progress = Pick<JobEvent, 'progress' | 'layers' | 'text' | 'message'>;

/** `event` with its message set from `text` (English), for the UI to show in its own language. */
function withText<T extends { text?: Text; message?: string }>(p: T): T {
  if (p.text) return { ...p, message: say('en', p.text) };
  return p.message !== undefined ? { ...p, text: undefined } : p;
}

/** Layers as a job event carries them: what the UI shows of each, nothing more. */
export function layerViews(layers: readonly LayerProgressView[]): LayerProgressView[] {
  return layers.map(({ id, state, done, total }) => ({ id, state, done, total }));
}

/** How often a running job may report to the UI (ms between events). */
const minInterval = 100;

export class Jobs {
  readonly #running = new Map<string, { controller: AbortController; event: JobEvent }>();

  constructor(private readonly hub: EventHub) {}

  /** Starts `work` as a job; resolves to its id at once. `work` resolves to a final message. */
  start(
    kind: JobEvent['kind'],
    subject: string,
    work: (ctx: JobContext) => Promise<Text | void>,
  ): { id: string } {
    const id = randomUUID();
    const controller = new AbortController();
    const event: JobEvent = { id, kind, subject, state: 'running', progress: 0 };
    this.#running.set(id, { controller, event });
    let last = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      pending = undefined;
      last = Date.now();
      if (event.state === 'running') this.hub.emit('job', { ...event });
    };
    const ctx: JobContext = {
      signal: controller.signal,
      update: (p) => {
        Object.assign(event, withText(p));
        const wait = minInterval - (Date.now() - last);
        if (wait <= 0) flush();
        else pending ??= setTimeout(flush, wait);
      },
    };
    this.hub.emit('job', { ...event });
    void work(ctx).then(
      (result) =>
        this.#finish(
          id,
          withText({ state: 'done', progress: 1, text: result || undefined, message: undefined }),
          pending,
        ),
      (e: unknown) => {
        if (controller.signal.aborted)
          return this.#finish(id, { state: 'cancelled', text: undefined, message: undefined }, pending);
        const err = toErrorData(e);
        this.#finish(
          id,
          { state: 'failed', message: err.message, text: err.text, errorCode: err.code },
          pending,
        );
      },
    );
    return { id };
  }

  /** Cancels a running job; unknown or finished ids are an error the UI can show. */
  cancel(id: string): void {
    const job = this.#running.get(id);
    if (!job) throw new ApiError('JOB_UNKNOWN', text('err.app.jobUnknown'));
    job.controller.abort();
  }

  /** Cancels every running job (on shutdown). */
  cancelAll(): void {
    for (const job of this.#running.values()) job.controller.abort();
  }

  #finish(id: string, final: Partial<JobEvent>, pending: ReturnType<typeof setTimeout> | undefined) {
    if (pending) clearTimeout(pending);
    const job = this.#running.get(id);
    if (!job) return;
    this.#running.delete(id);
    Object.assign(job.event, final);
    this.hub.emit('job', { ...job.event });
  }
}
