// Running and finished jobs (pushes, setup) in the corner of the window: overall progress
// and one bar per layer, with cancel while running and dismiss when finished.
import type { JobEvent, LayerProgress } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { formatBytes } from '../format.js';
import { useI18n } from '../i18n.js';

function Bar({ value, state }: { value: number; state?: string }) {
  return (
    <div
      className={`progress ${state ? `progress-${state}` : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(value * 100)}
    >
      <div className="progress-fill" style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }} />
    </div>
  );
}

/** How far a layer is: finished states are full even when the engine's byte counts stop short. */
function layerShare(l: LayerProgress): number {
  if (l.state === 'pushed' || l.state === 'exists' || l.state === 'mounted') return 1;
  return l.total > 0 ? l.done / l.total : 0;
}

export function JobsTray({ jobs, onDismiss }: { jobs: JobEvent[]; onDismiss(id: string): void }) {
  const { t, tx, locale } = useI18n();
  if (jobs.length === 0) return null;
  return (
    <aside className="jobs" aria-label="jobs">
      {jobs.map((job) => (
        <div key={job.id} className={`job job-${job.state}`}>
          <div className="job-head">
            <strong className="job-title">{t(`jobs.${job.kind}`, { subject: job.subject })}</strong>
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
          <Bar value={job.state === 'done' ? 1 : (job.progress ?? 0)} state={job.state} />
          <div className="job-status small">
            {job.state === 'done' && <span className="ok-text">{t('jobs.done')}</span>}
            {job.state === 'failed' && <span className="error-text">{t('jobs.failed')}</span>}
            {job.state === 'cancelled' && <span className="muted">{t('jobs.cancelled')}</span>}
            {(job.text || job.message) && (
              <>
                {' '}
                <span className={job.state === 'failed' ? 'error-text' : 'muted'}>
                  {job.text ? tx(job.text) : job.message}
                </span>
              </>
            )}
          </div>
          {job.layers && job.layers.length > 0 && (
            <ul className="layers">
              {job.layers.map((l) => (
                <li key={l.id} className="layer">
                  <span className="mono layer-id">{l.id.replace(/^sha256:/, '').slice(0, 12)}</span>
                  <Bar value={layerShare(l)} state={l.state} />
                  <span className="layer-state small muted">
                    {t(`jobs.layer.${l.state}`)}
                    {l.total > 0 && (l.state === 'pushing' || l.state === 'retrying')
                      ? ` ${formatBytes(l.done, locale)} / ${formatBytes(l.total, locale)}`
                      : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </aside>
  );
}
