// The devices this computer knows (the demo device and those set up from the app): pick the
// one to work with (a radio group: arrow keys move between them), see each one's state, re-check
// it (the doctor: each check with its verdict and the one fix), forget one, log in again to one
// whose password this computer could not keep.
import { useState } from 'react';
import type { DoctorReport, KnownDeviceView } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { useAsync } from '../use-async.js';
import { ForgetDialog } from './forget-dialog.js';
import { LoginDialog } from './login-dialog.js';
import { Prose } from './prose.js';

function CheckReport({ report }: { report: DoctorReport }) {
  const { t, tx } = useI18n();
  return (
    <ul className="doctor-report" aria-label={t('devices.report', { endpoint: report.endpoint })}>
      {report.checks.map((c) => (
        <li key={c.id} className={`doctor-${c.verdict}`}>
          <span className="doctor-verdict">{t(`doctor.verdict.${c.verdict}`)}</span>{' '}
          <strong>{tx(c.title)}</strong>: <Prose>{tx(c.text)}</Prose>
          {c.fix && c.verdict !== 'ok' && (
            <p className="small">
              <Prose>{t('devices.fix', { fix: tx(c.fix) })}</Prose>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A device remembered from a run that could not keep its password: usable after a login. */
const locked = (d: KnownDeviceView) => d.kind === 'device' && !d.loginStored;

function stateOf(d: KnownDeviceView, t: ReturnType<typeof useI18n>['t']): string {
  const parts = [d.setUp ? t('devices.setUp') : t('devices.notSetUp')];
  parts.push(
    locked(d) ? t('devices.loginNeeded') : d.loginStored ? t('devices.loginKept') : t('devices.noLogin'),
  );
  if (d.lastCheck) parts.push(d.lastCheck.ok ? t('devices.lastOk') : t('devices.lastFailed'));
  return parts.join(' · ');
}

export function DevicesCard({
  refreshKey,
  onSwitched,
  canForget,
}: {
  refreshKey: number;
  /** The current device changed (the app reloads what it shows). */
  onSwitched: () => void;
  canForget: boolean;
}) {
  const { t, te } = useI18n();
  const notify = useNotify();
  const list = useAsync(() => companion!.listDevices(), [refreshKey]);
  const [checking, setChecking] = useState<string | undefined>();
  const [shown, setShown] = useState<string | undefined>();
  const [forgetting, setForgetting] = useState<string | undefined>();
  const [loggingIn, setLoggingIn] = useState<KnownDeviceView | undefined>();
  const devices = list.data ?? [];
  if (devices.length === 0) return null;

  const use = (id: string) =>
    void companion!.useDevice({ id }).then(
      () => {
        list.reload();
        onSwitched();
      },
      (e: Error) => notify('error', te(e)),
    );
  const check = (id: string) => {
    setChecking(id);
    void companion!
      .doctor({ id })
      .then(
        () => {
          setShown(id);
          list.reload();
        },
        (e: Error) => notify('error', te(e)),
      )
      .finally(() => setChecking(undefined));
  };
  const report = devices.find((d) => d.id === shown)?.lastCheck;
  return (
    <section className="card devices-card" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('devices.title')}</h2>
      <fieldset className="devices">
        <legend className="sr-only">{t('devices.choose')}</legend>
        {devices.map((d) => (
          <div key={d.id} className="device-row">
            <label className="device-choice">
              <input
                type="radio"
                name="current-device"
                value={d.id}
                checked={d.current}
                // Picked only once logged in (the "Log in…" button): the arrow keys skip it.
                disabled={locked(d)}
                onChange={() => use(d.id)}
              />
              <span className="device-name">{d.kind === 'demo' ? t('device.demo') : d.label}</span>
              <span className="muted small device-state" data-testid={`device-state-${d.id}`}>
                {stateOf(d, t)}
              </span>
            </label>
            <span className="device-actions">
              {locked(d) && (
                <button
                  type="button"
                  className="button button-small button-primary"
                  onClick={() => setLoggingIn(d)}
                  aria-label={t('devices.logInTo', { name: d.endpoint })}
                >
                  {t('devices.logIn')}
                </button>
              )}
              <button
                type="button"
                className="button button-small"
                disabled={checking !== undefined}
                onClick={() => check(d.id)}
                aria-label={t('devices.check', { name: d.endpoint })}
              >
                {checking === d.id ? t('devices.checking') : t('devices.checkShort')}
              </button>
              {canForget && d.kind === 'device' && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setForgetting(d.endpoint)}
                  aria-label={t('devices.forget', { name: d.endpoint })}
                >
                  {t('forget.open')}
                </button>
              )}
            </span>
          </div>
        ))}
      </fieldset>
      <div aria-live="polite">{report && <CheckReport report={report} />}</div>
      {forgetting && <ForgetDialog endpoint={forgetting} onClose={() => setForgetting(undefined)} />}
      {loggingIn && (
        <LoginDialog
          device={loggingIn}
          onClose={() => setLoggingIn(undefined)}
          onDone={() => {
            setLoggingIn(undefined);
            list.reload();
            onSwitched();
          }}
        />
      )}
    </section>
  );
}
