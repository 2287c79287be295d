// The steps of a system-change plan (setup or forget): what each does and why, the exact
// commands it runs and the files it writes, and which are already done.
import type { SetupPlanView } from '../../../shared/api.js';
import { useI18n } from '../i18n.js';
import { Prose } from './prose.js';

export function PlanSteps({ plan }: { plan: SetupPlanView }) {
  const { t, tx } = useI18n();
  return (
    <ol className="plan">
      {plan.steps.map((step) => (
        <li key={step.id} className={step.done ? 'plan-step done' : 'plan-step'}>
          <div className="plan-title">
            <strong>{tx(step.title)}</strong>
            {step.done && <span className="badge badge-done">{t('setup.stepDone')}</span>}
          </div>
          <p className="muted small">
            <Prose>{tx(step.detail)}</Prose>
          </p>
          {step.commands.length > 0 && (
            // Focusable: a long command scrolls sideways, and keyboard users must be able to scroll it.
            <pre className="code-block small" role="region" aria-label={t('setup.commands')} tabIndex={0}>
              {step.commands.join('\n')}
            </pre>
          )}
          {step.files.length > 0 && (
            <p className="small">
              {t('setup.files')}: <span className="mono">{step.files.join(', ')}</span>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
