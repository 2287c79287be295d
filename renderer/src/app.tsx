// The main window: header with the device and language, the device and storage cards,
// and the registry / local images / setup views. Parts whose backend feature is not
// available (appInfo().features) are not shown.
import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { AppInfo, DeviceView, Feature, JobEvent } from '../../shared/api.js';
import { locales, type Locale } from '../../shared/i18n/index.js';
import { companion } from './companion.js';
import { DeviceCard } from './components/device-card.js';
import { DevicesCard } from './components/devices-card.js';
import { DropZone } from './components/drop-zone.js';
import { JobsTray } from './components/jobs-tray.js';
import { LocalImagesPanel } from './components/local-images-panel.js';
import { RepositoriesPanel } from './components/repositories-panel.js';
import { SetupPanel } from './components/setup-panel.js';
import { StorageCard } from './components/storage-card.js';
import { useI18n } from './i18n.js';
import { useNotify } from './notices.js';

type View = 'registry' | 'images' | 'setup';

function useBackend() {
  const [info, setInfo] = useState<AppInfo>();
  const [device, setDevice] = useState<DeviceView | null>();
  const [error, setError] = useState<Error>();
  const load = useCallback(async () => {
    setError(undefined);
    try {
      const i = await companion!.appInfo();
      setInfo(i);
      setDevice(
        i.features.includes('demo') || i.features.includes('registry')
          ? await companion!.currentDevice()
          : null,
      );
    } catch (e) {
      setError(e as Error);
    }
  }, []);
  useEffect(() => void load(), [load]);
  return { info, device, error, reload: load };
}

export function App() {
  const { t, te, locale, setLocale } = useI18n();
  const notify = useNotify();
  const { info, device, error, reload } = useBackend();
  const [view, setView] = useState<View>('registry');
  const [refreshKey, setRefreshKey] = useState(0);
  const [jobs, setJobs] = useState<JobEvent[]>([]);
  /** Bumped to make the setup view start with the demo device. */
  const [setupDemo, setSetupDemo] = useState(0);

  useEffect(() => {
    const offJob = companion!.on('job', (job) => {
      setJobs((list) => {
        const i = list.findIndex((j) => j.id === job.id);
        if (i < 0) return [job, ...list];
        const next = list.slice();
        next[i] = job;
        return next;
      });
      if (job.state === 'done') {
        setRefreshKey((k) => k + 1);
        // A finished job's card leaves by itself after a while; failures stay until dismissed.
        setTimeout(() => setJobs((list) => list.filter((j) => j.id !== job.id)), 12_000);
      }
    });
    const offChanged = companion!.on('changed', (c) => {
      setRefreshKey((k) => k + 1);
      if (c.what === 'device') void reload();
    });
    return () => {
      offJob();
      offChanged();
    };
  }, [reload, notify]);

  // Pushes and deletes from outside the app (docker, skopeo, another machine) show up by themselves.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setRefreshKey((k) => k + 1);
    }, 30_000);
    return () => clearInterval(timer);
  }, []);

  const has = (f: Feature) => info?.features.includes(f) ?? false;
  /** Opens the setup view started with the demo device (hosts entry, CA, certs.d for Docker). */
  const setUpDemo =
    has('setup') && has('demo') && device?.kind === 'demo'
      ? () => {
          setView('setup');
          setSetupDemo((n) => n + 1);
        }
      : undefined;
  const views: { id: View; label: string; shown: boolean }[] = [
    { id: 'registry', label: t('nav.registry'), shown: has('registry') },
    { id: 'images', label: t('nav.images'), shown: has('docker') },
    { id: 'setup', label: t('nav.setup'), shown: has('setup') },
  ];
  const shownViews = views.filter((v) => v.shown);
  const current = shownViews.find((v) => v.id === view)?.id ?? shownViews[0]?.id;
  const onTabKey = (e: KeyboardEvent) => {
    const i = shownViews.findIndex((v) => v.id === current);
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % shownViews.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + shownViews.length) % shownViews.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? shownViews.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    setView(shownViews[to]!.id);
    document.getElementById(`tab-${shownViews[to]!.id}`)?.focus();
  };

  if (error) {
    return (
      <div className="center">
        <div className="card narrow-card">
          <h1>{t('common.error')}</h1>
          <p>{t('app.backendError', { message: te(error) })}</p>
          <button type="button" className="button button-primary" onClick={() => void reload()}>
            {t('app.retry')}
          </button>
        </div>
      </div>
    );
  }
  if (!info || device === undefined) {
    return <div className="center muted">{t('app.loading')}</div>;
  }

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <svg className="logo" viewBox="64 64 896 896" aria-hidden="true">
            <rect x="64" y="64" width="896" height="896" rx="200" />
            <path d="M512 236 L780 380 L512 524 L244 380 Z M244 512 L512 656 L780 512 M244 644 L512 788 L780 644" />
          </svg>
          <h1>{t('app.title')}</h1>
        </div>
        {device && (
          <div className="device-chip" title={device.endpoint}>
            <span className={`dot ${device.kind === 'demo' ? 'dot-demo' : 'dot-device'}`} />
            <span className="small muted">
              {device.kind === 'demo' ? t('device.demo') : t('device.real')}
            </span>
            <span className="mono">{device.endpoint}</span>
          </div>
        )}
        <label className="lang">
          <span className="sr-only">{t('lang.label')}</span>
          <select
            value={locale}
            onChange={(e) => setLocale(e.target.value as Locale)}
            aria-label={t('lang.label')}
          >
            {locales.map((l) => (
              <option key={l} value={l}>
                {l.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
      </header>

      <main className="layout">
        <aside className="sidebar">
          {device ? (
            <DeviceCard
              device={device}
              onUseDemo={
                has('demo')
                  ? () =>
                      void companion!.useDemoDevice().then(
                        () => reload(),
                        (e: Error) => notify('error', te(e)),
                      )
                  : undefined
              }
              onSetUp={setUpDemo}
              canForget={has('setup')}
            />
          ) : (
            <section className="card">
              <p className="muted">{t('device.unavailable')}</p>
            </section>
          )}
          {has('setup') && (
            <DevicesCard refreshKey={refreshKey} onSwitched={() => void reload()} canForget={has('setup')} />
          )}
          {device && has('storage') && <StorageCard refreshKey={refreshKey} canCollect={has('storage')} />}
        </aside>

        <div className="content">
          {shownViews.length > 1 && (
            <nav className="tabs" role="tablist" onKeyDown={onTabKey}>
              {shownViews.map((v) => (
                <button
                  key={v.id}
                  id={`tab-${v.id}`}
                  type="button"
                  role="tab"
                  aria-selected={current === v.id}
                  aria-controls="view"
                  // Roving focus (WAI-ARIA tabs): Tab enters the selected tab, arrows move between them.
                  tabIndex={current === v.id ? 0 : -1}
                  className={current === v.id ? 'tab tab-active' : 'tab'}
                  onClick={() => setView(v.id)}
                >
                  {v.label}
                </button>
              ))}
            </nav>
          )}
          <JobsTray jobs={jobs} onDismiss={(id) => setJobs((l) => l.filter((j) => j.id !== id))} />
          <div
            id="view"
            role={shownViews.length > 1 ? 'tabpanel' : undefined}
            aria-labelledby={shownViews.length > 1 ? `tab-${current}` : undefined}
          >
            {current === 'registry' && device && (
              <RepositoriesPanel
                device={device}
                refreshKey={refreshKey}
                canYaml={has('kubernetes')}
                canPushLocal={has('docker')}
                canPushTar={has('tarball')}
                onRefresh={() => setRefreshKey((k) => k + 1)}
              />
            )}
            {current === 'images' && device && (
              <LocalImagesPanel
                device={device}
                refreshKey={refreshKey}
                onSetUp={setUpDemo ?? (has('setup') ? () => setView('setup') : undefined)}
              />
            )}
            {current === 'setup' && <SetupPanel hasDemo={has('demo')} startWithDemo={setupDemo} />}
          </div>
        </div>
      </main>

      {device && <DropZone endpoint={device.endpoint} enabled={has('tarball')} />}
    </div>
  );
}
