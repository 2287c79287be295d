// The main window: header with the device and language, the device and storage cards,
// and the registry / local images / setup views. Parts whose backend feature is not
// available (appInfo().features) are not shown.
import { useState } from 'react';
import type { DeviceView, Feature } from '../../shared/api.js';
import { companion } from './companion.js';
import { DeviceCard } from './components/device-card.js';
import { DropZone } from './components/drop-zone.js';
import { JobsTray } from './components/jobs-tray.js';
import { LocalImagesPanel } from './components/local-images-panel.js';
import { RepositoriesPanel } from './components/repositories-panel.js';
import { SetupPanel } from './components/setup-panel.js';
import { StorageCard } from './components/storage-card.js';
import { TopBar } from './components/top-bar.js';
import { ViewTabs, type ViewTab } from './components/view-tabs.js';
import { useI18n } from './i18n.js';
import { useNotify } from './notices.js';
import { useBackend, useLiveUpdates } from './use-backend.js';

type View = 'registry' | 'images' | 'setup';

/** The window before the backend answered, or when it could not. */
function Unready({ error, onRetry }: { error: Error | undefined; onRetry(): void }) {
  const { t, te } = useI18n();
  if (!error) return <div className="center muted">{t('app.loading')}</div>;
  return (
    <div className="center">
      <div className="card narrow-card">
        <h1>{t('common.error')}</h1>
        <p>{t('app.backendError', { message: te(error) })}</p>
        <button type="button" className="button button-primary" onClick={onRetry}>
          {t('app.retry')}
        </button>
      </div>
    </div>
  );
}

/** The device card (or why there is none) and the storage card. */
function Sidebar({
  device,
  has,
  refreshKey,
  reload,
  onSetUp,
}: {
  device: DeviceView | null;
  has(f: Feature): boolean;
  refreshKey: number;
  reload(): Promise<void>;
  onSetUp: (() => void) | undefined;
}) {
  const { t, te } = useI18n();
  const notify = useNotify();
  const useDemo = () =>
    void companion!.useDemoDevice().then(
      () => reload(),
      (e: Error) => notify('error', te(e)),
    );
  return (
    <aside className="sidebar">
      {device ? (
        <DeviceCard
          device={device}
          onUseDemo={has('demo') ? useDemo : undefined}
          onSetUp={onSetUp}
          canForget={has('setup')}
        />
      ) : (
        <section className="card">
          <p className="muted">{t('device.unavailable')}</p>
        </section>
      )}
      {device && has('storage') && <StorageCard refreshKey={refreshKey} canCollect={has('storage')} />}
    </aside>
  );
}

export function App() {
  const { t } = useI18n();
  const { info, device, error, reload } = useBackend();
  const { jobs, dismissJob, refreshKey, refresh } = useLiveUpdates(reload);
  const [view, setView] = useState<View>('registry');
  /** Bumped to make the setup view start with the demo device. */
  const [setupDemo, setSetupDemo] = useState(0);

  if (error || !info || device === undefined) return <Unready error={error} onRetry={() => void reload()} />;

  const has = (f: Feature) => info.features.includes(f);
  /** Opens the setup view started with the demo device (hosts entry, CA, certs.d for Docker). */
  const setUpDemo =
    has('setup') && has('demo') && device?.kind === 'demo'
      ? () => {
          setView('setup');
          setSetupDemo((n) => n + 1);
        }
      : undefined;
  const views: (ViewTab<View> & { shown: boolean })[] = [
    { id: 'registry', label: t('nav.registry'), shown: has('registry') },
    { id: 'images', label: t('nav.images'), shown: has('docker') },
    { id: 'setup', label: t('nav.setup'), shown: has('setup') },
  ];
  const shownViews = views.filter((v) => v.shown);
  const current = shownViews.find((v) => v.id === view)?.id ?? shownViews[0]?.id;
  const tabbed = shownViews.length > 1;

  return (
    <div className="app">
      <TopBar device={device} />
      <main className="layout">
        <Sidebar device={device} has={has} refreshKey={refreshKey} reload={reload} onSetUp={setUpDemo} />
        <div className="content">
          {tabbed && <ViewTabs tabs={shownViews} current={current} onSelect={(id: View) => setView(id)} />}
          <JobsTray jobs={jobs} onDismiss={dismissJob} />
          <div
            id="view"
            role={tabbed ? 'tabpanel' : undefined}
            aria-labelledby={tabbed ? `tab-${current}` : undefined}
          >
            {current === 'registry' && device && (
              <RepositoriesPanel
                device={device}
                refreshKey={refreshKey}
                canYaml={has('kubernetes')}
                canPushLocal={has('docker')}
                canPushTar={has('tarball')}
                onRefresh={refresh}
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
