// The demo device's storage settings: a quota (optional) and the nightly time at which space
// is reclaimed by itself (optional). The device keeps them for its next start.
import { useState, type ReactNode } from 'react';
import type { StorageSettings } from '../../../shared/api.js';
import { parseSize, scaleBytes } from '../../../shared/bytes.js';
import { companion } from '../companion.js';
import { formatBytes } from '../format.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { Modal, ModalActions } from './modal.js';
import { translate, type Locale } from '../../../shared/i18n/index.js';

/** A byte count as the user would type it: "10 GiB", "1.5 GiB", "10 ГиБ" (parseSize reads it back exactly enough). */
function sizeText(n: number, locale: Locale): string {
  const { value, unit } = scaleBytes(n);
  return `${Number(value.toFixed(2))} ${translate(locale, `unit.${unit}`)}`;
}

/** A setting that is on or off, and the text of its value while it is being edited. */
interface Optional {
  on: boolean;
  setOn(on: boolean): void;
  value: string;
  setValue(value: string): void;
  type: 'text' | 'time';
}

function useOptional(on: boolean, value: string, type: Optional['type']): Optional {
  const [isOn, setOn] = useState(on);
  const [text, setValue] = useState(value);
  return { on: isOn, setOn, value: text, setValue, type };
}

/** An optional setting's checkbox, the input it enables, what is wrong, and notes. */
function OptionalSetting({
  setting,
  label,
  inputLabel,
  problem,
  children,
}: {
  setting: Optional;
  label: string;
  inputLabel: string;
  problem: string | false;
  children?: ReactNode;
}) {
  const { on, setOn, value, setValue, type } = setting;
  return (
    <fieldset>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} />
        {label}
      </label>
      <input
        type={type}
        aria-label={inputLabel}
        aria-invalid={problem !== false}
        disabled={!on}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      {problem && <p className="error-text">{problem}</p>}
      {children}
    </fieldset>
  );
}

export function StorageSettingsDialog({
  current,
  usedBytes,
  onClose,
}: {
  current: StorageSettings;
  usedBytes: number;
  onClose(): void;
}) {
  const { t, locale, te } = useI18n();
  const notify = useNotify();
  const limit = useOptional(
    current.quotaBytes !== null,
    sizeText(current.quotaBytes ?? 10 * 1024 ** 3, locale),
    'text',
  );
  const nightly = useOptional(current.gcDailyAt !== null, current.gcDailyAt ?? '03:00', 'time');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const quota = limit.on ? parseSize(limit.value) : null;
  const quotaInvalid = limit.on && quota === undefined;
  const timeInvalid = nightly.on && !/^\d{2}:\d{2}$/.test(nightly.value);

  const save = async () => {
    if (quota === undefined || timeInvalid) return;
    setBusy(true);
    setError(undefined);
    try {
      await companion!.setStorageSettings({
        quotaBytes: quota,
        gcDailyAt: nightly.on ? nightly.value : null,
      });
      // The card shows the new settings when the backend reports the change.
      notify('info', t('storageSettings.saved'));
      onClose();
    } catch (e) {
      setError(te(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('storageSettings.title')}
      onClose={onClose}
      footer={
        <ModalActions
          cancelLabel={t('storageSettings.cancel')}
          onCancel={onClose}
          actionLabel={busy ? t('storageSettings.saving') : t('storageSettings.save')}
          form="storage-settings"
          disabled={busy || quotaInvalid || timeInvalid}
        />
      }
    >
      <form
        id="storage-settings"
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <OptionalSetting
          setting={limit}
          label={t('storageSettings.limit')}
          inputLabel={t('storageSettings.quota')}
          problem={quotaInvalid && t('storageSettings.badSize')}
        >
          {quota != null && quota < usedBytes && (
            <p className="warning">
              {t('storageSettings.belowUsed', { used: formatBytes(usedBytes, locale) })}
            </p>
          )}
          <p className="muted">{t('storageSettings.quotaHint')}</p>
        </OptionalSetting>
        <OptionalSetting
          setting={nightly}
          label={t('storageSettings.nightly')}
          inputLabel={t('storageSettings.time')}
          problem={timeInvalid && t('storageSettings.badTime')}
        >
          <p className="muted">{t('storageSettings.nightlyHint')}</p>
        </OptionalSetting>
        {error && <p className="error-text">{error}</p>}
      </form>
    </Modal>
  );
}
