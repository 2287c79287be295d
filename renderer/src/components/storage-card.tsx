// Storage of the registry: a bar of used space against the quota, the part that
// "reclaim space" (garbage collection) would give back, the button that does it, and the
// demo device's settings (quota, nightly reclaim).
import { useState } from 'react';
import type { CompanionApi } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { formatBytes } from '../format.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { useAsync } from '../use-async.js';
import { StorageSettingsDialog } from './storage-settings-dialog.js';
import { Prose } from './prose.js';

type Usage = Awaited<ReturnType<CompanionApi['storageUsage']>>;

/**
 * The bar is what images can take: what they use plus what more fits (the quota's rest or the
 * disk's room, whichever is less); unbounded only when neither is known.
 */
function meterOf(u: Usage) {
  const bounded = u.availableBytes !== undefined || u.quotaBytes !== undefined;
  const total = Math.max(
    u.availableBytes !== undefined ? u.usedBytes + u.availableBytes : (u.quotaBytes ?? u.usedBytes),
    1,
  );
  const usedPct = Math.min(100, (u.usedBytes / total) * 100);
  const reclaimPct = Math.min(usedPct, (u.reclaimableBytes / total) * 100);
  return { bounded, total, usedPct, reclaimPct };
}

/** The used / reclaimable bar and its legend. */
function StorageMeter({ u }: { u: Usage }) {
  const { t, locale } = useI18n();
  const { bounded, total, usedPct, reclaimPct } = meterOf(u);
  return (
    <>
      <div
        className={bounded ? 'storage-bar' : 'storage-bar storage-bar-unbounded'}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={u.usedBytes}
        aria-label={t('storage.title')}
      >
        <div className="storage-used" style={{ width: `${usedPct - reclaimPct}%` }} />
        <div className="storage-reclaimable" style={{ width: `${reclaimPct}%` }} />
      </div>
      <div className="storage-legend">
        <span>
          <i className="swatch swatch-used" />
          {u.quotaBytes !== undefined
            ? t('storage.ofQuota', {
                used: formatBytes(u.usedBytes, locale),
                quota: formatBytes(u.quotaBytes, locale),
              })
            : t('storage.used', { used: formatBytes(u.usedBytes, locale) })}
          {' · '}
          {u.availableBytes !== undefined
            ? t('storage.free', { size: formatBytes(u.availableBytes, locale) })
            : t('storage.noQuota')}
        </span>
        <span>
          <i className="swatch swatch-reclaimable" />
          {t('storage.reclaimable', { size: formatBytes(u.reclaimableBytes, locale) })}
        </span>
      </div>
    </>
  );
}

/** Why nothing more can be stored, if so. */
function StorageBlocked({ u }: { u: Usage }) {
  const { t } = useI18n();
  const key =
    u.blockedBy === 'read-only'
      ? 'storage.readOnly'
      : u.blockedBy === 'inodes'
        ? 'storage.noInodes'
        : u.availableBytes === 0
          ? 'storage.full'
          : undefined;
  return key ? <p className="error-text">{t(key)}</p> : null;
}

/** "Reclaim space": runs garbage collection, says what it gave back, then reloads the usage. */
function useReclaim(reloadUsage: () => void) {
  const { t, locale, te } = useI18n();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const reclaim = async () => {
    setBusy(true);
    try {
      const r = await companion!.collectGarbage();
      const kept =
        r.bytesKeptRecent > 0
          ? ` ${t('storage.keptRecent', { size: formatBytes(r.bytesKeptRecent, locale) })}`
          : '';
      notify(
        'info',
        r.bytesReclaimed > 0
          ? t('storage.reclaimed', { size: formatBytes(r.bytesReclaimed, locale), blobs: r.blobsRemoved }) +
              kept
          : kept
            ? t('storage.nothingYet') + kept
            : t('storage.nothing'),
      );
    } catch (e) {
      notify('error', te(e));
    } finally {
      setBusy(false);
      reloadUsage();
    }
  };
  return { busy, reclaim };
}

export function StorageCard({ refreshKey, canCollect }: { refreshKey: number; canCollect: boolean }) {
  const { t, te } = useI18n();
  const usage = useAsync(() => companion!.storageUsage(), [refreshKey]);
  const settings = useAsync(() => companion!.storageSettings(), [refreshKey]);
  const { busy, reclaim } = useReclaim(usage.reload);
  const [editing, setEditing] = useState(false);
  const u = usage.data;

  return (
    <section className="card storage-card" aria-labelledby="storage-title">
      <header className="card-header">
        <h2 id="storage-title">{t('storage.title')}</h2>
        {canCollect && (
          <div className="panel-tools">
            <button
              type="button"
              className="button"
              disabled={!settings.data || !u}
              onClick={() => setEditing(true)}
            >
              {t('storage.settings')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy || !u || u.blockedBy === 'read-only'}
              onClick={() => void reclaim()}
            >
              {busy ? t('storage.reclaiming') : t('storage.reclaim')}
            </button>
          </div>
        )}
      </header>
      {usage.error && (
        <p className="error-text">
          <Prose>{te(usage.error)}</Prose>
        </p>
      )}
      {u && (
        <>
          <StorageMeter u={u} />
          <StorageBlocked u={u} />
          {settings.data && (
            <p className="storage-schedule muted">
              {settings.data.gcDailyAt !== null
                ? t('storage.nightlyAt', { time: settings.data.gcDailyAt })
                : t('storage.onRequest')}
            </p>
          )}
        </>
      )}
      {editing && settings.data && u && (
        <StorageSettingsDialog
          current={settings.data}
          usedBytes={u.usedBytes}
          onClose={() => setEditing(false)}
        />
      )}
    </section>
  );
}
