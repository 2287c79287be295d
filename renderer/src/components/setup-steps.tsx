// The setup view's later steps: the device found (its certificate to compare, warnings, the
// fingerprint confirmation) and the plan of system changes with the button that runs it.
import { useEffect, useRef } from 'react';
import type { DiscoveredDeviceView, JobEvent, SetupPlanView } from '../../../shared/api.js';
import { formatDate, groupHex } from '../format.js';
import { useI18n } from '../i18n.js';
import { PlanSteps } from './plan-steps.js';
import { StepProblem } from './setup-find-form.js';
import { Prose } from './prose.js';

/** The certificate's fields the user compares with what the device shows. */
function CertificateFields({ cert }: { cert: NonNullable<DiscoveredDeviceView['certificate']> }) {
  const { t, locale } = useI18n();
  const fields: [string, string, string | undefined][] = [
    [t('setup.subject'), cert.subject, 'mono'],
    [t('setup.issuer'), cert.issuer, 'mono'],
    [t('setup.validUntil'), formatDate(cert.notAfter, locale), undefined],
    [t('setup.fingerprint'), groupHex(cert.fingerprintSha256), 'mono fingerprint'],
  ];
  if (cert.thumbprintSha1) fields.push([t('setup.thumbprint'), groupHex(cert.thumbprintSha1), 'mono']);
  return (
    <dl className="fields">
      {fields.map(([label, value, className]) => (
        <div key={label} className="field">
          <dt>{label}</dt>
          <dd className={className}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The device found; a certificate read from the network must be confirmed before planning. */
export function FoundDevice({
  device,
  confirmed,
  onConfirm,
  busy,
  problem,
  onPlan,
}: {
  device: DiscoveredDeviceView;
  confirmed: boolean;
  onConfirm(confirmed: boolean): void;
  busy: boolean;
  problem: string | undefined;
  onPlan(): void;
}) {
  const { t, tx } = useI18n();
  const cert = device.certificate;
  const mustConfirm = device.certificateFrom === 'network';
  return (
    <div className="card inset">
      <h3>{t('setup.found', { endpoint: device.endpoint, ip: device.ipAddress })}</h3>
      {cert && <CertificateFields cert={cert} />}
      {device.warnings.map((w) => (
        <p key={w.key} className="warning" role="alert">
          <Prose>{tx(w)}</Prose>
        </p>
      ))}
      {cert && mustConfirm && (
        <label className="check">
          <input type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} />
          {t('setup.confirmFingerprint')}
        </label>
      )}
      <button
        type="button"
        className="button button-primary"
        disabled={busy || (mustConfirm && !confirmed)}
        onClick={onPlan}
      >
        {t('setup.plan')}
      </button>
      <StepProblem message={problem} />
    </div>
  );
}

/** The plan's button: it follows the plan's job (running, done, or failed and offering a fresh plan). */
function runLabel(t: ReturnType<typeof useI18n>['t'], runState: JobEvent['state'] | undefined): string {
  if (runState === 'running') return t('setup.started');
  if (runState === 'done') return t('setup.finished');
  return runState ? t('setup.planAgain') : t('setup.run');
}

/** The plan of system changes, brought into view when it appears, and its run button. */
export function PlanCard({
  plan,
  runState,
  busy,
  problem,
  onRun,
  onPlanAgain,
}: {
  plan: SetupPlanView;
  runState: JobEvent['state'] | undefined;
  busy: boolean;
  problem: string | undefined;
  onRun(): void;
  onPlanAgain(): void;
}) {
  const { t, tx } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  // The plan appears below the fold: bring it into view so the user reads it before running it.
  useEffect(() => {
    ref.current?.scrollIntoView({
      behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
      block: 'start',
    });
  }, [plan]);
  return (
    <div className="card inset" ref={ref}>
      <h3>{t('setup.planTitle')}</h3>
      <p className="muted small">{t('setup.planIntro')}</p>
      <PlanSteps plan={plan} />
      {plan.needsElevation && <p className="muted small">{t('setup.elevation')}</p>}
      {plan.notes?.map((n) => (
        <p key={n.key} className="muted small">
          <Prose>{tx(n)}</Prose>
        </p>
      ))}
      <button
        type="button"
        className="button button-primary"
        disabled={busy || runState === 'running' || runState === 'done'}
        onClick={runState ? onPlanAgain : onRun}
      >
        {runLabel(t, runState)}
      </button>
      <StepProblem message={problem} />
    </div>
  );
}
