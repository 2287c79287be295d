// The demo device's storage settings: a quota (optional) and the nightly time at which space
// is reclaimed by itself (optional). The device keeps them for its next start.
import { useState } from 'react';
import type { StorageSettings } from '../../../shared/api.js';
import { parseSize, scaleBytes } from '../../../shared/bytes.js';
import { companion } from '../companion.js';
import { formatBytes } from '../format.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { Modal } from './modal.js';

/** A byte count as the user would type it: "10 GiB", "1.5 GiB" (parseSize reads it back exactly enough). */
function sizeText(n: number): string {
  const { value, unit } = scaleBytes(n);
  return `${Number(value.toFixed(2))} ${unit}`;
}

export function StorageSettingsDialog({
  current,
  usedBytes,
  onClose,
  onSaved,
}: {
  current: StorageSettings;
  usedBytes: number;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, locale } = useI18n();
  const notify = useNotify();
  const [limit, setLimit] = useState(current.quotaBytes !== null);
  const [quotaText, setQuotaText] = useState(
    current.quotaBytes !== null ? sizeText(current.quotaBytes) : '10 GiB',
  );
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
      notify('info', t('storageSettings.saved'));
      onSaved();
      onClose();
    } catch (e) {
      setError((e as Error).message);
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
        <fieldset>
          <label className="check">
            <input type="checkbox" checked={limit} onChange={(e) => setLimit(e.target.checked)} />
            {t('storageSettings.limit')}
          </label>
          <input
            type="text"
            aria-label={t('storageSettings.quota')}
            aria-invalid={quotaInvalid}
            disabled={!limit}
            value={quotaText}
            onChange={(e) => setQuotaText(e.target.value)}
          />
          {quotaInvalid && <p className="error-text">{t('storageSettings.badSize')}</p>}
          {quota != null && quota < usedBytes && (
            <p className="warning">
              {t('storageSettings.belowUsed', { used: formatBytes(usedBytes, locale) })}
            </p>
          )}
          <p className="muted">{t('storageSettings.quotaHint')}</p>
        </fieldset>
        <fieldset>
          <label className="check">
            <input type="checkbox" checked={nightly} onChange={(e) => setNightly(e.target.checked)} />
            {t('storageSettings.nightly')}
          </label>
          <input
            type="time"
            aria-label={t('storageSettings.time')}
            aria-invalid={timeInvalid}
            disabled={!nightly}
            value={time}
            onChange={(e) => setTime(e.target.value)}
          />
          {timeInvalid && <p className="error-text">{t('storageSettings.badTime')}</p>}
          <p className="muted">{t('storageSettings.nightlyHint')}</p>
        </fieldset>
        {error && <p className="error-text">{error}</p>}
      </form>
    </Modal>
  );
}
