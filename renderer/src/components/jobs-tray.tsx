// Running and finished jobs (pushes, setup) above the current view, in the page's flow so
// they never cover it: overall percent, speed and time left, one bar per layer, cancel while
// running and dismiss when finished. Results are announced to screen readers (a polite live
// region), since a push ends while the user works elsewhere.
import { useRef } from 'react';
import type { JobEvent, LayerProgressView } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { formatBytes } from '../format.js';
import { useI18n } from '../i18n.js';
import { Prose } from './prose.js';

function Bar({ value, state, label }: { value: number; state?: string; label: string }) {
  return (
    <div
      className={`progress ${state ? `progress-${state}` : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(Math.max(0, Math.min(1, value)) * 100)}
    >
      <div className="progress-fill" style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }} />
    </div>
  );
}

const finished = (s: LayerProgressView['state']) => s === 'pushed' || s === 'exists' || s === 'mounted';

/** How far a layer is: finished states are full even when the engine's byte counts stop short. */
function layerShare(l: LayerProgressView): number {
  if (finished(l.state)) return 1;
  return l.total > 0 ? l.done / l.total : 0;
}

/** Bytes to send and sent of a push's layers (those whose size is known). */
function byteTotals(layers: LayerProgressView[]): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const l of layers) {
    if (l.total <= 0 || l.state === 'exists' || l.state === 'mounted') continue;
    total += l.total;
    done += l.state === 'pushed' ? l.total : Math.min(l.done, l.total);
  }
  return { done, total };
}

/** A running push's speed, from its first byte count to the latest (bytes per second). */
interface Rate {
  t0: number;
  b0: number;
  t: number;
  b: number;
}

export function JobsTray({ jobs, onDismiss }: { jobs: JobEvent[]; onDismiss(id: string): void }) {
  const { t, tx, locale } = useI18n();
  const rates = useRef(new Map<string, Rate>());
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });

  const duration = (seconds: number) => {
    const s = Math.max(1, Math.round(seconds));
    if (s < 60) return t('jobs.seconds', { s });
    if (s < 3600) return t('jobs.minutes', { m: Math.floor(s / 60), s: s % 60 });
    return t('jobs.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  };

  /** "45 % · 12.0 of 47.7 MiB · 3.1 MiB/s · 12 s left", as much of it as is known. */
  const summary = (job: JobEvent): string => {
    const parts: string[] = [];
    const progress = job.state === 'done' ? 1 : (job.progress ?? 0);
    parts.push(percent.format(progress));
    const bytes = byteTotals(job.layers ?? []);
    if (bytes.total > 0) {
      parts.push(
        t('jobs.bytes', { done: formatBytes(bytes.done, locale), total: formatBytes(bytes.total, locale) }),
      );
      if (job.state === 'running') {
        const now = Date.now();
        const r = rates.current.get(job.id);
        if (!r) rates.current.set(job.id, { t0: now, b0: bytes.done, t: now, b: bytes.done });
        else if (bytes.done !== r.b) Object.assign(r, { t: now, b: bytes.done });
        const speed = r && r.t > r.t0 ? ((r.b - r.b0) / (r.t - r.t0)) * 1000 : 0;
        if (speed > 0) {
          parts.push(t('jobs.speed', { size: formatBytes(speed, locale) }));
          parts.push(t('jobs.left', { time: duration((bytes.total - bytes.done) / speed) }));
        }
      } else {
        rates.current.delete(job.id);
      }
    }
    return parts.join(' · ');
  };

  const layerText = (job: JobEvent, l: LayerProgressView): string => {
    // A layer the push left unfinished says why, not the state it was in when it stopped.
    if (job.state !== 'running' && !finished(l.state))
      return t(job.state === 'cancelled' ? 'jobs.layer.cancelled' : 'jobs.layer.stopped');
    const state = t(`jobs.layer.${l.state}`);
    return l.total > 0 && (l.state === 'pushing' || l.state === 'retrying')
      ? `${state} ${t('jobs.bytes', { done: formatBytes(l.done, locale), total: formatBytes(l.total, locale) })}`
      : state;
  };

  const latestEnded = jobs.find((j) => j.state !== 'running');
  return (
    <>
      {/* Always in the page, so that screen readers announce what is put in it later. */}
      <div className="sr-only" role="status" aria-live="polite">
        {latestEnded &&
          `${t(`jobs.${latestEnded.kind}`, { subject: latestEnded.subject })}: ${t(
            latestEnded.state === 'done'
              ? 'jobs.done'
              : latestEnded.state === 'failed'
                ? 'jobs.failed'
                : 'jobs.cancelled',
          )}. ${latestEnded.text ? tx(latestEnded.text) : (latestEnded.message ?? '')}`}
      </div>
      {jobs.length > 0 && (
        <section className="jobs" aria-label={t('jobs.title')}>
          {jobs.map((job) => {
            const title = t(`jobs.${job.kind}`, { subject: job.subject });
            return (
              <div key={job.id} className={`job job-${job.state}`}>
                <div className="job-head">
                  <strong className="job-title" title={title}>
                    {title}
                  </strong>
                  {job.state === 'running' ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => void companion!.cancelJob({ id: job.id })}
                    >
                      {t('jobs.cancel')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t('jobs.dismiss')}
                      onClick={() => onDismiss(job.id)}
                    >
                      ×
                    </button>
                  )}
                </div>
                <Bar value={job.state === 'done' ? 1 : (job.progress ?? 0)} state={job.state} label={title} />
                <div className="job-status small">
                  {job.state === 'done' && <span className="ok-text">{t('jobs.done')}</span>}
                  {job.state === 'failed' && <span className="error-text">{t('jobs.failed')}</span>}
                  {job.state === 'cancelled' && <span className="muted">{t('jobs.cancelled')}</span>}{' '}
                  <span className="muted job-figures">{summary(job)}</span>
                  {(job.text || job.message) && (
                    <span className={job.state === 'failed' ? 'error-text job-message' : 'muted job-message'}>
                      <Prose>{job.text ? tx(job.text) : (job.message ?? '')}</Prose>
                    </span>
                  )}
                </div>
                {job.layers && job.layers.length > 0 && (
                  <ul className="layers">
                    {job.layers.map((l) => {
                      const id = l.id.replace(/^sha256:/, '').slice(0, 12);
                      return (
                        <li key={l.id} className="layer">
                          <span className="mono layer-id">{id}</span>
                          <Bar value={layerShare(l)} state={l.state} label={t('jobs.layer', { id })} />
                          <span className="layer-state small muted">{layerText(job, l)}</span>
                        </li>
                      );
                    })}
                  </ul>
                )}
              </div>
            );
          })}
        </section>
      )}
    </>
  );
}
