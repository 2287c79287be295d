// The sandboxed preload: exposes window.companion, derived from shared/api's table by
// shared/bridge.ts, over the app's IPC channels. It exposes no Electron API itself
// (checklist #20): only one wrapper per method, never ipcRenderer.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from '../shared/bridge.js';
import { ApiErrorCode, type ApiResult, type StagedFile } from '../shared/api.js';
import { ipcChannels } from './hosts/ipc-channels.js';

const bridge = createBridge({
  call: (method, args) => ipcRenderer.invoke(ipcChannels.call, method, args),
  subscribe(listener) {
    const handler = (_event: Electron.IpcRendererEvent, name: string, payload: unknown) =>
      listener(name, payload);
    ipcRenderer.on(ipcChannels.event, handler);
    return () => {
      ipcRenderer.off(ipcChannels.event, handler);
    };
  },
  async stageFile(file): Promise<ApiResult<StagedFile>> {
    // A dropped file's path is only visible here (webUtils); main reads the file in place, no copy.
    const path = webUtils.getPathForFile(file as File);
    if (!path) {
      return {
        ok: false,
        error: {
          code: ApiErrorCode.badRequest,
          message: 'The dropped item is not a file on this computer. Drop a .tar file from a folder.',
        },
      };
    }
    return ipcRenderer.invoke(ipcChannels.stage, path);
  },
});

contextBridge.exposeInMainWorld('companion', bridge);
