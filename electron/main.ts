// Electron entry: starts the backend (with the demo device), serves the built UI on
// app://companion, opens one hardened window, and wires the IPC host. Every security
// rule lives in ./main/security.ts with the checklist item it implements.
import {
  app,
  BrowserWindow,
  Menu,
  dialog,
  safeStorage,
  session,
  type MenuItemConstructorOptions,
} from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCompanion, type Companion } from './app/companion.js';
import type { SecretCipher } from './app/secret-store.js';
import { appDataDir } from './app-paths.js';
import { registerIpcHost } from './hosts/electron-ipc.js';
import { hostBackend } from './hosts/host-backend.js';
import {
  appOrigin,
  hardenAllWebContents,
  hardenSession,
  isAppUrl,
  registerAppScheme,
  secureWebPreferences,
  serveAppProtocol,
} from './main/security.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preload = join(here, 'preload.cjs');

// #4: every renderer is sandboxed, even one created by mistake without webPreferences.
app.enableSandbox();
registerAppScheme();
hardenAllWebContents();

let companion: Companion | undefined;
let window: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Edge Registry Companion',
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: secureWebPreferences(preload),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}

function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

/**
 * The OS-backed cipher for device passwords, or none: on Linux without a keyring,
 * safeStorage falls back to a hard-coded key ('basic_text'), which is no protection, so
 * passwords then stay in memory only.
 */
async function osCipher(): Promise<SecretCipher | undefined> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
    return undefined;
  return {
    encrypt: (text) => safeStorage.encryptStringAsync(text),
    decrypt: async (data) => (await safeStorage.decryptStringAsync(data)).result,
  };
}

async function start(): Promise<void> {
  // One instance: a second launch focuses the first (two demo devices would fight over the data dir).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  await app.whenReady();
  hardenSession(session.defaultSession);
  serveAppProtocol(session.defaultSession, rendererDir);
  Menu.setApplicationMenu(buildMenu());
  try {
    companion = await createCompanion({
      host: 'electron',
      dataDir: appDataDir(),
      version: app.getVersion(),
      demo: {},
      cipher: await osCipher(),
    });
  } catch (e) {
    dialog.showErrorBox(
      'Edge Registry Companion cannot start',
      `${(e as Error).message}\n\nClose other copies of the app, check the data folder ${appDataDir()}, and start it again.`,
    );
    app.exit(1);
    return;
  }
  registerIpcHost(hostBackend(companion), isAppUrl);
  window = createWindow();
  window.on('closed', () => (window = undefined));
  app.on('activate', () => {
    if (!window) window = createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let closing = false;
app.on('before-quit', (event) => {
  if (closing || !companion) return;
  // Stop the demo device and running jobs cleanly before the process exits.
  event.preventDefault();
  closing = true;
  void companion.close().finally(() => app.quit());
});

void start();
