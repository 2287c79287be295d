// What a UI host (Electron IPC, the web host) needs from the backend: calls, events and
// the hand-over of dropped files. electron/app's Companion provides it; tests may pass
// a small in-memory one.
import type { Readable } from 'node:stream';
import type { ApiEvent, CompanionEvents, StagedFile } from '../../shared/api.js';
import type { Dispatch } from './dispatcher.js';

export type EventListener = <E extends ApiEvent>(event: E, payload: CompanionEvents[E]) => void;

export interface HostBackend {
  /** Runs one call of the contract; results and errors come back as data. */
  dispatch: Dispatch;
  /** Subscribes to every backend event; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Keeps the bytes of a dropped file (web host upload) for a later call; returns its id. */
  stageUpload(name: string, body: Readable): Promise<StagedFile>;
  /** Registers a dropped file by its path (Electron: no copy); returns its id. */
  stagePath(path: string): Promise<StagedFile>;
}
