// The parts of Electron's main-process API that electron/main.ts and electron/main/security.ts
// use, recording what they are asked to do, so tests can check the window's hardening
// and the IPC wiring under plain Node (TESTING.md: the Electron binary is not here).
function emitter(target) {
  const handlers = {};
  target.on = (event, fn) => {
    (handlers[event] ??= []).push(fn);
    return target;
  };
  target.once = target.on;
  target.emit = (event, ...args) => (handlers[event] ?? []).map((fn) => fn(...args));
  target.listenerCount = (event) => (handlers[event] ?? []).length;
  return target;
}

export const calls = {
  enableSandbox: 0,
  schemes: [],
  protocolHandlers: {},
  permissionRequest: undefined,
  permissionCheck: undefined,
  windows: [],
  menu: undefined,
  errorBox: undefined,
  opened: [],
  quit: 0,
};

let fireReady;
const ready = new Promise((resolve) => (fireReady = resolve));
/** Lets main.ts past `await app.whenReady()`. */
export function makeReady() {
  fireReady();
}

let windowCreated;
/** Resolves with the first BrowserWindow main.ts creates. */
export const firstWindow = new Promise((resolve) => (windowCreated = resolve));

let quitCalled;
/** Resolves when main.ts calls app.quit(). */
export const quitting = new Promise((resolve) => (quitCalled = resolve));

export const app = emitter({
  enableSandbox() {
    calls.enableSandbox++;
  },
  requestSingleInstanceLock: () => true,
  whenReady: () => ready,
  getVersion: () => '0.0.0-test',
  isPackaged: false,
  quit() {
    calls.quit++;
    quitCalled();
  },
  exit(code) {
    calls.exit = code;
  },
});

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    calls.schemes.push(...schemes);
  },
};

export const session = {
  defaultSession: {
    protocol: {
      handle(scheme, handler) {
        calls.protocolHandlers[scheme] = handler;
      },
    },
    setPermissionRequestHandler(fn) {
      calls.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn) {
      calls.permissionCheck = fn;
    },
  },
};

export class BrowserWindow {
  constructor(options) {
    emitter(this);
    this.options = options;
    calls.windows.push(this);
    windowCreated(this);
  }
  loadURL(url) {
    this.url = url;
    return Promise.resolve();
  }
  show() {}
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  static getAllWindows() {
    return calls.windows;
  }
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu(menu) {
    calls.menu = menu;
  },
};

export const dialog = {
  showErrorBox(title, message) {
    calls.errorBox = [title, message];
  },
};

export const safeStorage = {
  isAsyncEncryptionAvailable: async () => false,
  getSelectedStorageBackend: () => 'basic_text',
};

export const shell = {
  async openExternal(url) {
    calls.opened.push(url);
  },
};

export const ipcMain = {
  handlers: {},
  handle(channel, fn) {
    this.handlers[channel] = fn;
  },
  removeHandler(channel) {
    delete this.handlers[channel];
  },
};

export const webContents = { getAllWebContents: () => [] };

/** A stand-in for a renderer's WebContents, for the web-contents-created rules. */
export function fakeContents() {
  const contents = emitter({});
  contents.setWindowOpenHandler = (fn) => (contents.windowOpenHandler = fn);
  return contents;
}
