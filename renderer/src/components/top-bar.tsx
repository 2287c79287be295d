// The window's header: the app's name, the current device, and the language.
import type { DeviceView } from '../../../shared/api.js';
import { locales, type Locale } from '../../../shared/i18n/index.js';
import { useI18n } from '../i18n.js';

/** The header; `device` null or absent shows no device chip. */
export function TopBar({ device }: { device: DeviceView | null }) {
  const { t, locale, setLocale } = useI18n();
  return (
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
          <span className="small muted">{device.kind === 'demo' ? t('device.demo') : t('device.real')}</span>
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
  );
}
