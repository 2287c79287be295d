// Log in again to a device whose password this computer could not keep (no OS keychain: the web
// host, Linux without a keyring). The device checks the password before the app switches to it;
// a wrong one is said in the dialog, which stays open with what was typed.
import { useState } from 'react';
import type { KnownDeviceView } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { Modal, ModalActions } from './modal.js';
import { Prose } from './prose.js';

export function LoginDialog({
  device,
  onDone,
  onClose,
}: {
  device: KnownDeviceView;
  onDone(): void;
  onClose(): void;
}) {
  const { t, te } = useI18n();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const logIn = async () => {
    if (!password) return;
    setBusy(true);
    setError(undefined);
    try {
      await companion!.useDevice({ id: device.id, password });
      onDone();
    } catch (e) {
      setError(te(e));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t('login.title', { endpoint: device.endpoint })}
      onClose={onClose}
      footer={
        <ModalActions
          cancelLabel={t('delete.cancel')}
          onCancel={onClose}
          actionLabel={busy ? t('login.checking') : t('login.run')}
          form="device-login"
          disabled={busy || !password}
        />
      }
    >
      <form
        id="device-login"
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void logIn();
        }}
      >
        <p className="muted">{t('login.intro', { username: device.username })}</p>
        <label>
          {t('login.password')}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            aria-invalid={error !== undefined}
            aria-describedby={error ? 'device-login-error' : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p id="device-login-error" className="error-text" role="alert">
            <Prose>{error}</Prose>
          </p>
        )}
      </form>
    </Modal>
  );
}
