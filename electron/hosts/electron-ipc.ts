// The Electron host: the same dispatcher as the web host, reached over IPC. The logic
// (sender check #17, one channel for calls, one for events) is in ipc-handlers.ts, which
// does not import electron so that it is tested under plain Node; this file plugs in
// ipcMain and webContents.
import { ipcMain, webContents } from 'electron';
import type { HostBackend } from './host-backend.js';
import { installIpcHost, type IpcMainLike } from './ipc-handlers.js';

/** Registers the IPC handlers; `isTrustedUrl` says whether a frame URL is the app's own page. Returns the undo. */
export function registerIpcHost(backend: HostBackend, isTrustedUrl: (url: string) => boolean): () => void {
  return installIpcHost(
    ipcMain as unknown as IpcMainLike,
    () => webContents.getAllWebContents(),
    backend,
    isTrustedUrl,
  );
}
