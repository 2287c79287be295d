// The current device as the device's own command shows it: endpoint, IP, username, a
// hidden password (reveal/copy) and the CA fingerprint the user compares when trusting it.
import { useState } from 'react';
import type { DeviceView } from '../../../shared/api.js';
import { defaultRegistryPort } from '../../../shared/endpoint.js';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { groupHex } from '../format.js';
import { CopyButton } from './copy-button.js';
import { ForgetDialog } from './forget-dialog.js';
import { Prose } from './prose.js';

/** The port edge devices serve their registry on; the demo device takes it when it is free. */
const usualPort = String(defaultRegistryPort);

function Field({
  label,
  value,
  mono,
  copy,
}: {
  label: string;
  value: string;
  mono?: boolean;
  /** The copy button's accessible name ("Copy endpoint"), when the value can be copied. */
  copy?: string;
}) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>
        <span className={mono ? 'mono value' : 'value'} title={value}>
          {value}
        </span>
        {copy && <CopyButton text={value} name={copy} />}
      </dd>
    </div>
  );
}

export function DeviceCard({
  device,
  onUseDemo,
  onSetUp,
  canForget,
}: {
  device: DeviceView;
  onUseDemo?: () => void;
  /** Setup is available here, so its changes can be undone ("forget this device"). */
  canForget?: boolean;
  /** Opens the setup view for this device (hosts entry, trust, Docker), when setup is available. */
  onSetUp?: () => void;
}) {
  const { t, tx } = useI18n();
  const [revealed, setRevealed] = useState(false);
  // Set up is not yet trusted: the engine itself is asked (Docker Desktop may still hold the old roots).
  const trust = useAsync(
    () => (device.setUp && companion ? companion.dockerTrust() : Promise.resolve(undefined)),
    [device.endpoint, device.setUp],
  ).data;
  const [forgetting, setForgetting] = useState(false);
  const port = /:(\d+)$/.exec(device.endpoint)?.[1];
  return (
    <section className="card device-card" aria-labelledby="device-title">
      <header className="card-header card-header-tight">
        <h2 id="device-title">{t('device.title')}</h2>
        <span className={`badge ${device.kind === 'demo' ? 'badge-demo' : 'badge-device'}`}>
          {device.kind === 'demo' ? t('device.demo') : t('device.real')}
        </span>
      </header>
      <p className="muted small subtitle">{t('device.subtitle')}</p>
      <dl className="fields">
        <Field label={t('device.endpoint')} value={device.endpoint} mono copy={t('device.copyEndpoint')} />
        <Field label={t('device.ip')} value={device.ipAddress} mono />
        <Field label={t('device.username')} value={device.username} mono copy={t('device.copyUsername')} />
        <div className="field">
          <dt>{t('device.password')}</dt>
          <dd>
            <span className="mono value" data-testid="device-password">
              {revealed ? device.password : '•'.repeat(16)}
            </span>
            <button
              type="button"
              className="button button-small"
              aria-pressed={revealed}
              onClick={() => setRevealed((r) => !r)}
            >
              {revealed ? t('device.hide') : t('device.reveal')}
            </button>
            <CopyButton text={device.password} name={t('device.copyPassword')} />
          </dd>
        </div>
        <div className="field">
          <dt>{t('device.fingerprint')}</dt>
          <dd>
            <span className="mono value fingerprint" title={device.caFingerprint}>
              {groupHex(device.caFingerprint)}
            </span>
            <CopyButton text={device.caFingerprint} name={t('device.copyFingerprint')} />
          </dd>
        </div>
        <div className="field">
          <dt>{t('device.docker')}</dt>
          <dd>
            <span
              className={
                trust?.state === 'trusted' ? 'ok-text' : trust?.state === 'untrusted' ? 'error-text' : 'muted'
              }
              data-testid="docker-trust"
            >
              <Prose>
                {!device.setUp ? t('device.dockerNotReady') : trust ? tx(trust.text) : t('common.loading')}
              </Prose>
            </span>
            {device.setUp && canForget && (
              <button type="button" className="link-button push-right" onClick={() => setForgetting(true)}>
                {t('forget.open')}
              </button>
            )}
          </dd>
        </div>
        {device.caCertPath && (
          <Field label={t('device.caPath')} value={device.caCertPath} mono copy={t('device.copyCaPath')} />
        )}
      </dl>
      {device.kind === 'demo' && (
        <div className="hint">
          <p>{t('device.demoHint')}</p>
          {port !== undefined && port !== usualPort && (
            <p className="port-note">{t('device.portTaken', { usual: usualPort, port })}</p>
          )}
          {onSetUp && !device.setUp && (
            <button type="button" className="link-button" onClick={onSetUp}>
              {t('device.setUpDocker')}
            </button>
          )}
        </div>
      )}
      {device.kind === 'device' && onUseDemo && (
        <button type="button" className="button switch-demo" onClick={onUseDemo}>
          {t('device.useDemo')}
        </button>
      )}
      {forgetting && <ForgetDialog endpoint={device.endpoint} onClose={() => setForgetting(false)} />}
    </section>
  );
}
