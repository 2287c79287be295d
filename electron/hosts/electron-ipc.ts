// The Electron host: the same dispatcher as the web host, reached over IPC. One channel
// carries every call (the method name is data), one carries every event; see
// ipc-channels.ts. Each message's sender is checked (Electron security checklist #17,
// "Validate the sender of all IPC messages"): only our own page may call.
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import { ApiErrorCode, type ApiResult } from '../../shared/api.js';
import type { HostBackend } from './host-backend.js';
import { ipcChannels } from './ipc-channels.js';
import { toErrorData } from '../../shared/api.js';

/** Registers the IPC handlers; `isTrustedUrl` says whether a frame URL is the app's own page. Returns the undo. */
export function registerIpcHost(backend: HostBackend, isTrustedUrl: (url: string) => boolean): () => void {
  const refuse = (event: IpcMainInvokeEvent): ApiResult<never> | null => {
    const frame = event.senderFrame;
    // A sub-frame or any page other than ours (checklist #17) gets nothing but a refusal.
    if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'This page is not the app: the call was refused.' },
      };
    }
    return null;
  };

  ipcMain.handle(ipcChannels.call, async (event, method: unknown, args: unknown) => {
    return refuse(event) ?? backend.dispatch(method, args);
  });
  ipcMain.handle(ipcChannels.stage, async (event, path: unknown) => {
    const refusal = refuse(event);
    if (refusal) return refusal;
    if (typeof path !== 'string' || path === '') {
      return {
        ok: false,
        error: {
          code: ApiErrorCode.badRequest,
          message: 'The dropped item is not a file on this computer. Drop a .tar file from a folder.',
        },
      };
    }
    try {
      return { ok: true, result: await backend.stagePath(path) };
    } catch (e) {
      return { ok: false, error: toErrorData(e) };
    }
  });

  const unsubscribe = backend.onEvent((event, payload) => {
    for (const contents of webContents.getAllWebContents()) {
      // Events go only to our own pages, never to anything else that might be loaded.
      if (!contents.isDestroyed() && isTrustedUrl(contents.getURL())) {
        contents.send(ipcChannels.event, event, payload);
      }
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(ipcChannels.call);
    ipcMain.removeHandler(ipcChannels.stage);
  };
}
