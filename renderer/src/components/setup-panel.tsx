// Set up a real device: find it (pasted Get-HcsKubernetesContainerRegistryInfo text or
// an IP), show its certificate for the user to compare the fingerprint, show the plan of
// system changes (exact commands and files), then run it under one elevation prompt.
import { useEffect, useRef, useState } from 'react';
import {
  maxCaFileBytes,
  type DiscoveredDeviceView,
  type JobEvent,
  type SetupPlanView,
} from '../../../shared/api.js';
import { defaultRegistryPort, portProblem } from '../../../shared/endpoint.js';
import { companion } from '../companion.js';
import { formatDate, groupHex } from '../format.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { PlanSteps } from './plan-steps.js';

export function SetupPanel({ hasDemo, startWithDemo }: { hasDemo: boolean; startWithDemo: number }) {
  const { t, tx, te, locale } = useI18n();
  const notify = useNotify();
  const [infoText, setInfoText] = useState('');
  /** The pasted password, once parsed: shown as bullets in the paste box, kept in infoText. */
  const [masked, setMasked] = useState<string>();
  const bullets = masked ? '•'.repeat(masked.length) : '';
  const shownInfo = masked ? infoText.split(masked).join(bullets) : infoText;
  const [ip, setIp] = useState('');
  const [port, setPort] = useState(String(defaultRegistryPort));
  // Only the IP path uses the port field (pasted info names its own endpoint).
  const badPort = !infoText.trim() && portProblem(port.trim()) !== undefined;
  // For a device that sends only its server certificate: its CA, downloaded from its local UI.
  const [caFile, setCaFile] = useState<{ name: string; base64: string }>();
  const caInput = useRef<HTMLInputElement>(null);
  const chooseCa = async (file: File | undefined) => {
    if (!file) return setCaFile(undefined);
    if (file.size > maxCaFileBytes) {
      // Not read at all: a large file picked by mistake would only stall the window.
      notify('error', t('setup.caFileTooBig', { name: file.name }));
      if (caInput.current) caInput.current.value = '';
      return setCaFile(undefined);
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    setCaFile({ name: file.name, base64: btoa(binary) });
  };
  const [busy, setBusy] = useState(false);
  /** The last step's failure, shown next to that step's form (not as a notice over another card). */
  const [problem, setProblem] = useState<{ at: 'find' | 'plan' | 'run'; message: string }>();
  const [device, setDevice] = useState<DiscoveredDeviceView>();
  const [confirmed, setConfirmed] = useState(false);
  const [plan, setPlan] = useState<SetupPlanView>();
  const planRef = useRef<HTMLDivElement>(null);
  // The plan appears below the fold: bring it into view so the user reads it before running it.
  useEffect(() => {
    if (plan)
      planRef.current?.scrollIntoView({
        behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
        block: 'start',
      });
  }, [plan]);

  const run = async <T,>(at: 'find' | 'plan' | 'run', work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setProblem(undefined);
    try {
      return await work();
    } catch (e) {
      setProblem({ at, message: te(e) });
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const discover = async (demo = false) => {
    setPlan(undefined);
    setConfirmed(false);
    setDevice(undefined);
    const found = await run('find', () =>
      companion!.discoverDevice(
        demo
          ? { demo }
          : {
              ...(infoText.trim() ? { infoText } : { ip: ip.trim(), port: Number(port) }),
              ...(caFile ? { caFile } : {}),
            },
      ),
    );
    setDevice(found);
    // The password is parsed now: the paste box shows it masked, like the device card does.
    setMasked(!demo && found?.password && infoText.includes(found.password) ? found.password : undefined);
  };

  const makePlan = async () => {
    if (!device) return;
    setPlan(
      await run('plan', () =>
        companion!.planSetup({
          deviceId: device.id,
          fingerprint: confirmed ? device.certificate?.fingerprintSha256 : undefined,
        }),
      ),
    );
  };

  // A plan runs once; its progress and result show in the jobs tray, and its button follows
  // the job: running, done, or (failed, cancelled) offering a fresh plan.
  const [started, setStarted] = useState<{ planId: string; jobId: string; state: JobEvent['state'] }>();
  const jobStates = useRef(new Map<string, JobEvent['state']>()); // a job may end before runSetup answers
  useEffect(
    () =>
      companion!.on('job', (e) => {
        if (e.kind !== 'setup') return;
        jobStates.current.set(e.id, e.state);
        setStarted((s) => (s?.jobId === e.id ? { ...s, state: e.state } : s));
      }),
    [],
  );
  const apply = async () => {
    if (!plan) return;
    const job = await run('run', () => companion!.runSetup({ planId: plan.id }));
    if (job)
      setStarted({ planId: plan.id, jobId: job.id, state: jobStates.current.get(job.id) ?? 'running' });
  };
  const runState = started?.planId === plan?.id ? started?.state : undefined;

  // Asked from the device card ("set up Docker for the demo device"): start right away.
  useEffect(() => {
    if (startWithDemo > 0 && hasDemo) void discover(true);
    // Only when the request counter changes, not on every render of discover.
  }, [startWithDemo]);

  const cert = device?.certificate;
  return (
    <section className="panel setup" aria-labelledby="setup-title">
      <header className="panel-header">
        <h2 id="setup-title">{t('setup.title')}</h2>
      </header>
      <p className="muted">{t('setup.intro')}</p>
      <form
        className="setup-form"
        onSubmit={(e) => {
          e.preventDefault();
          void discover();
        }}
      >
        <label className="block">
          {t('setup.paste')}
          <textarea
            className="mono"
            rows={5}
            value={shownInfo}
            placeholder={t('setup.pastePlaceholder')}
            onChange={(e) => {
              // An edit elsewhere keeps the password masked; a new paste replaces the whole text.
              const keeps = masked !== undefined && e.target.value.includes(bullets);
              setInfoText(keeps ? e.target.value.split(bullets).join(masked) : e.target.value);
              if (!keeps) setMasked(undefined);
            }}
            spellCheck={false}
          />
        </label>
        <div className="or">{t('setup.or')}</div>
        <div className="form-row">
          <label>
            {t('setup.ip')}
            <input
              value={ip}
              onChange={(e) => setIp(e.target.value)}
              placeholder="10.128.44.40"
              spellCheck={false}
            />
          </label>
          <label className="narrow">
            {t('setup.port')}
            <input
              value={port}
              onChange={(e) => setPort(e.target.value)}
              inputMode="numeric"
              aria-invalid={badPort}
              aria-describedby={badPort ? 'setup-port-problem' : undefined}
            />
          </label>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || (!infoText.trim() && (!ip.trim() || badPort))}
          >
            {busy && !device ? t('setup.discovering') : t('setup.discover')}
          </button>
          {hasDemo && (
            <button type="button" className="button" disabled={busy} onClick={() => void discover(true)}>
              {t('setup.useDemo')}
            </button>
          )}
        </div>
        {badPort && (
          <p id="setup-port-problem" className="error-text small" role="alert">
            {t('setup.badPort')}
          </p>
        )}
        <div className="form-row ca-file">
          <label>
            {t('setup.caFile')}
            {/* The native control would speak the browser's language, not the app's. */}
            <span className="file-choice">
              <input
                ref={caInput}
                type="file"
                className="sr-only"
                tabIndex={-1}
                accept=".crt,.cer,.pem,.der"
                onChange={(e) => void chooseCa(e.target.files?.[0])}
              />
              <button type="button" className="button" onClick={() => caInput.current?.click()}>
                {t('setup.caFileChoose')}
              </button>
              <span className={caFile ? 'mono' : undefined}>{caFile?.name ?? t('setup.caFileNone')}</span>
            </span>
          </label>
          {caFile && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setCaFile(undefined);
                if (caInput.current) caInput.current.value = '';
              }}
            >
              {t('setup.caFileClear')}
            </button>
          )}
        </div>
        <p className="muted small">{t('setup.caFileHint')}</p>
        {problem?.at === 'find' && (
          <p className="error-text form-problem" role="alert">
            {problem.message}
          </p>
        )}
      </form>

      {device && (
        <div className="card inset">
          <h3>{t('setup.found', { endpoint: device.endpoint, ip: device.ipAddress })}</h3>
          {cert && (
            <dl className="fields">
              <div className="field">
                <dt>{t('setup.subject')}</dt>
                <dd className="mono">{cert.subject}</dd>
              </div>
              <div className="field">
                <dt>{t('setup.issuer')}</dt>
                <dd className="mono">{cert.issuer}</dd>
              </div>
              <div className="field">
                <dt>{t('setup.validUntil')}</dt>
                <dd>{formatDate(cert.notAfter, locale)}</dd>
              </div>
              <div className="field">
                <dt>{t('setup.fingerprint')}</dt>
                <dd className="mono fingerprint">{groupHex(cert.fingerprintSha256)}</dd>
              </div>
              {cert.thumbprintSha1 && (
                <div className="field">
                  <dt>{t('setup.thumbprint')}</dt>
                  <dd className="mono">{groupHex(cert.thumbprintSha1)}</dd>
                </div>
              )}
            </dl>
          )}
          {device.warnings.map((w) => (
            <p key={w.key} className="warning" role="alert">
              {tx(w)}
            </p>
          ))}
          {cert && device.certificateFrom === 'network' && (
            <label className="check">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
              {t('setup.confirmFingerprint')}
            </label>
          )}
          <button
            type="button"
            className="button button-primary"
            disabled={busy || (device.certificateFrom === 'network' && !confirmed)}
            onClick={() => void makePlan()}
          >
            {t('setup.plan')}
          </button>
          {problem?.at === 'plan' && (
            <p className="error-text form-problem" role="alert">
              {problem.message}
            </p>
          )}
        </div>
      )}

      {plan && (
        <div className="card inset" ref={planRef}>
          <h3>{t('setup.planTitle')}</h3>
          <p className="muted small">{t('setup.planIntro')}</p>
          <PlanSteps plan={plan} />
          {plan.needsElevation && <p className="muted small">{t('setup.elevation')}</p>}
          {plan.notes?.map((n) => (
            <p key={n.key} className="muted small">
              {tx(n)}
            </p>
          ))}
          <button
            type="button"
            className="button button-primary"
            disabled={busy || runState === 'running' || runState === 'done'}
            onClick={() => void (runState ? makePlan() : apply())}
          >
            {runState === 'running'
              ? t('setup.started')
              : runState === 'done'
                ? t('setup.finished')
                : runState
                  ? t('setup.planAgain')
                  : t('setup.run')}
          </button>
          {problem?.at === 'run' && (
            <p className="error-text form-problem" role="alert">
              {problem.message}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
