import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { companion } from './companion.js';
import { I18nProvider } from './i18n.js';
import { NoticeProvider } from './notices.js';

const root = createRoot(document.getElementById('root')!);
if (!companion) {
  // Opened without a host (e.g. index.html from disk): say how to open the app instead.
  root.render(
    <div className="center">
      <div className="card narrow-card">
        <h1>Edge Registry Companion</h1>
        <p>
          This page needs the app around it. Run <code>npm start</code> (or <code>edge-registry serve</code>)
          and open the URL it prints.
        </p>
      </div>
    </div>,
  );
} else {
  root.render(
    <StrictMode>
      <I18nProvider>
        <NoticeProvider>
          <App />
        </NoticeProvider>
      </I18nProvider>
    </StrictMode>,
  );
}
