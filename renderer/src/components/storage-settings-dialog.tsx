// The demo device's storage settings: a quota (optional) and the nightly time at which space
// is reclaimed by itself (optional). The device keeps them for its next start.
import { useState, type ReactNode } from 'react';
import type { StorageSettings } from '../../../shared/api.js';
import { parseSize, scaleBytes } from '../../../shared/bytes.js';
import { companion } from '../companion.js';
import { formatBytes } from '../format.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { Modal } from './modal.js';
import { translate, type Locale } from '../../../shared/i18n/index.js';

/** A byte count as the user would type it: "10 GiB", "1.5 GiB", "10 ГиБ" (parseSize reads it back exactly enough). */
function sizeText(n: number, locale: Locale): string {
  const { value, unit } = scaleBytes(n);
  return `${Number(value.toFixed(2))} ${translate(locale, `unit.${unit}`)}`;
}

/** A setting that is on or off: its checkbox, the input it enables, what is wrong, and notes. */
function OptionalSetting({
  label,
  on,
  setOn,
  inputLabel,
  type,
  value,
  setValue,
  problem,
  children,
}: {
  label: string;
  on: boolean;
  setOn(on: boolean): void;
  inputLabel: string;
  type: 'text' | 'time';
  value: string;
  setValue(value: string): void;
  problem?: string;
  children?: ReactNode;
}) {
  return (
    <fieldset>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} />
        {label}
      </label>
      <input
        type={type}
        aria-label={inputLabel}
        aria-invalid={problem !== undefined}
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
  const [limit, setLimit] = useState(current.quotaBytes !== null);
  const [quotaText, setQuotaText] = useState(sizeText(current.quotaBytes ?? 10 * 1024 ** 3, locale));
  const [nightly, setNightly] = useState(current.gcDailyAt !== null);
  const [time, setTime] = useState(current.gcDailyAt ?? '03:00');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const quota = limit ? parseSize(quotaText) : null;
  const quotaInvalid = limit && quota === undefined;
  const timeInvalid = nightly && !/^\d{2}:\d{2}$/.test(time);

  const save = async () => {
    if (quota === undefined || timeInvalid) return;
    setBusy(true);
    setError(undefined);
    try {
      await companion!.setStorageSettings({ quotaBytes: quota, gcDailyAt: nightly ? time : null });
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
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('storageSettings.cancel')}
          </button>
          <button
            type="submit"
            form="storage-settings"
            className="button button-primary"
            disabled={busy || quotaInvalid || timeInvalid}
          >
            {busy ? t('storageSettings.saving') : t('storageSettings.save')}
          </button>
        </>
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
          label={t('storageSettings.limit')}
          on={limit}
          setOn={setLimit}
          inputLabel={t('storageSettings.quota')}
          type="text"
          value={quotaText}
          setValue={setQuotaText}
          problem={quotaInvalid ? t('storageSettings.badSize') : undefined}
        >
          {quota != null && quota < usedBytes && (
            <p className="warning">
              {t('storageSettings.belowUsed', { used: formatBytes(usedBytes, locale) })}
            </p>
          )}
          <p className="muted">{t('storageSettings.quotaHint')}</p>
        </OptionalSetting>
        <OptionalSetting
          label={t('storageSettings.nightly')}
          on={nightly}
          setOn={setNightly}
          inputLabel={t('storageSettings.time')}
          type="time"
          value={time}
          setValue={setTime}
          problem={timeInvalid ? t('storageSettings.badTime') : undefined}
        >
          <p className="muted">{t('storageSettings.nightlyHint')}</p>
        </OptionalSetting>
        {error && <p className="error-text">{error}</p>}
      </form>
    </Modal>
  );
}
