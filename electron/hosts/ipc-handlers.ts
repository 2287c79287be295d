// The Electron host's logic, without importing `electron` (so it runs and is tested under
// plain Node): one handler for every call, one for dropped files, one event fan-out, and
// the sender check of Electron's security checklist #17 ("Validate the sender of all IPC
// messages"): only the top frame of our own page may call. electron-ipc.ts plugs in
// ipcMain and webContents.
import { ApiErrorCode, toErrorData, type ApiResult } from '../../shared/api.js';
import type { HostBackend } from './host-backend.js';
import { ipcChannels } from './ipc-channels.js';

/** The part of an IpcMainInvokeEvent the check needs. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** The part of ipcMain the host uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** A renderer that may receive events. */
export interface ContentsLike {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

const forbidden: ApiResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This page is not the app: the call was refused.' },
};

/** Null when the sender is the top frame of a trusted page; otherwise the refusal to answer. */
export function checkSender(
  event: InvokeEventLike,
  isTrustedUrl: (url: string) => boolean,
): ApiResult<never> | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) return forbidden;
  return null;
}

/** Installs the handlers on `ipc`; events go to every trusted page `allContents()` lists. Returns the undo. */
export function installIpcHost(
  ipc: IpcMainLike,
  allContents: () => ContentsLike[],
  backend: HostBackend,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  ipc.handle(ipcChannels.call, async (event, method, args) => {
    return checkSender(event, isTrustedUrl) ?? backend.dispatch(method, args);
  });
  ipc.handle(ipcChannels.stage, async (event, path) => {
    const refusal = checkSender(event, isTrustedUrl);
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
    for (const contents of allContents()) {
      // Events go only to our own pages, never to anything else that might be loaded.
      if (!contents.isDestroyed() && isTrustedUrl(contents.getURL())) {
        contents.send(ipcChannels.event, event, payload);
      }
    }
  });
  return () => {
    unsubscribe();
    ipc.removeHandler(ipcChannels.call);
    ipc.removeHandler(ipcChannels.stage);
  };
}
