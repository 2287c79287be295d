// What a UI host (Electron IPC, the web host) works with: the app's backend (electron/app)
// behind the one dispatcher that every call goes through. The hosts build the dispatcher,
// so electron/app never imports hosts/; tests may pass a small in-memory backend.
import type { AppBackend } from '../app/companion.js';
import type { CompanionListener } from '../app/events.js';
import { createDispatcher, type Dispatch, type DispatcherOptions } from './dispatcher.js';

export type EventListener = CompanionListener;

export interface HostBackend extends Omit<AppBackend, 'api'> {
  /** Runs one call of the contract; results and errors come back as data. */
  dispatch: Dispatch;
}

/** The app's backend as the hosts use it: its API behind the dispatcher. */
export function hostBackend(app: AppBackend, options: DispatcherOptions = {}): HostBackend {
  return {
    dispatch: createDispatcher(app.api, options),
    onEvent: (listener) => app.onEvent(listener),
    stageUpload: (name, body) => app.stageUpload(name, body),
    stagePath: (path) => app.stagePath(path),
  };
}
