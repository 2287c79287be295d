// Electron hardening, main process only. Each rule cites the item of Electron's security
// checklist (docs/tutorial/security.md, "Checklist: Security recommendations") that it
// implements. Items about things this app never does are noted where they apply:
//   #1 only secure content: the window loads only the bundled UI from app://; the
//      registry is spoken to from the main process over TLS, never from the page.
//   #11/#12 <webview>: the tag is disabled (webviewTag: false) and attaching is refused.
//   #16 a current Electron: package.json pins a supported major.
//   #17 IPC sender validation: electron/hosts/electron-ipc.ts.
//   #19 fuses: build/electron-builder.yml (electronFuses).
//   #20 no Electron API exposed to the page: electron/preload.ts exposes the derived bridge only.
import { app, protocol, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

import { appOrigin, appScheme, isAppUrl } from '../hosts/app-origin.js';

export { appOrigin, appScheme, isAppUrl };

/** The Content-Security-Policy of every app:// response (#7). */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Must run before `app.ready`: app:// behaves like a secure, standard origin (#18). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `rendererDir` on app://companion/, nothing outside it. */
export function serveAppProtocol(ses: Session, rendererDir: string): void {
  const root = normalize(rendererDir);
  ses.protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (!isAppUrl(request.url)) return new Response('Not found', { status: 404 });
    const rel = decodeURIComponent(
      url.pathname === '/' || url.pathname === '' ? '/index.html' : url.pathname,
    );
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': mimeTypes[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': contentSecurityPolicy,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** The window's webPreferences: every security-relevant option spelled out. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    nodeIntegration: false, // #2: no Node.js in the page
    nodeIntegrationInWorker: false, // #2
    nodeIntegrationInSubFrames: false, // #2
    contextIsolation: true, // #3: the preload's world is separate from the page's
    sandbox: true, // #4: the renderer runs in Chromium's sandbox
    webSecurity: true, // #6: never disabled
    allowRunningInsecureContent: false, // #8
    experimentalFeatures: false, // #9
    // #10: enableBlinkFeatures is deliberately not set.
    webviewTag: false, // #11, #12: no <webview>
    navigateOnDragDrop: false, // a dropped .tar is handled by the page, it must not navigate (#13)
    spellcheck: false,
  };
}

/** Denies every permission request and check (#5), except writing text to the clipboard from our page (the copy buttons). */
export function hardenSession(ses: Session): void {
  const allowed = (permission: string, origin: string) =>
    permission === 'clipboard-sanitized-write' && isAppUrl(origin);
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(allowed(permission, contents.getURL()));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin),
  );
}

/** Only these sites open in the user's browser (#15: never shell.openExternal with untrusted URLs). */
const externalAllowList = ['https://github.com/', 'https://learn.microsoft.com/', 'https://kubernetes.io/'];

/** Applies the navigation, window-opening and <webview> rules to every web contents the app creates. */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    // #13: the page never navigates away from the app.
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    // #14: no new windows; allow-listed https links go to the user's browser (#15).
    contents.setWindowOpenHandler(({ url }) => {
      if (externalAllowList.some((prefix) => url.startsWith(prefix))) void shell.openExternal(url);
      return { action: 'deny' };
    });
    // #12: no <webview> can be attached, whatever its options.
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
