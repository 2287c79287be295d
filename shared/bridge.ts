// Builds `window.companion` from the contract's table (apiMethods, apiEvents). The
// Electron preload and the web host's bridge script both call createBridge with their
// own transport, so neither spells a method name: adding a method to shared/api.ts is
// the whole change for every host.
import {
  ApiError,
  ApiErrorCode,
  apiMethodNames,
  isApiEvent,
  type ApiEvent,
  type ApiResult,
  type CompanionApi,
  type CompanionBridge,
  type CompanionEvents,
  type DroppedFile,
  type StagedFile,
} from './api.js';
import { isText } from './i18n/index.js';

/** How one host moves calls and events; everything else is derived. */
export interface BridgeTransport {
  /** Sends one call; resolves to the result as data (never rejects for backend errors). */
  call(method: string, args: unknown[]): Promise<ApiResult<unknown>>;
  /** Delivers every backend event to `listener` until the returned function is called. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  /** Host-specific hand-over of a dropped file. */
  stageFile(file: DroppedFile): Promise<ApiResult<StagedFile>>;
}

/** Turns a result-as-data into a value, or throws the ApiError it carries. */
export function unwrap<T>(result: ApiResult<T>): T {
  if (result && typeof result === 'object' && 'ok' in result) {
    if (result.ok) return result.result;
    const err = result.error ?? {
      code: ApiErrorCode.internal,
      message: 'The backend failed without a reason.',
    };
    throw new ApiError(String(err.code), String(err.message), isText(err.text) ? err.text : undefined);
  }
  throw new ApiError(ApiErrorCode.internal, 'The backend answered with something that is not a result.');
}

/** The bridge object for `transport`: one async function per method in apiMethods, plus on() and stageFile(). */
export function createBridge(transport: BridgeTransport): CompanionBridge {
  const listeners = new Map<ApiEvent, Set<(payload: unknown) => void>>();
  let unsubscribe: (() => void) | undefined;

  const ensureSubscribed = () => {
    unsubscribe ??= transport.subscribe((event, payload) => {
      if (!isApiEvent(event)) return;
      for (const l of listeners.get(event) ?? []) {
        try {
          l(payload);
        } catch (e) {
          // One listener's bug must not stop the others from hearing the event.
          console.error(e);
        }
      }
    });
  };

  const methods = Object.fromEntries(
    apiMethodNames.map((name) => [
      name,
      async (...args: unknown[]) => unwrap(await transport.call(name, args)),
    ]),
  ) as unknown as CompanionApi;

  const bridge: CompanionBridge = {
    ...methods,
    on<E extends ApiEvent>(event: E, listener: (payload: CompanionEvents[E]) => void) {
      if (!isApiEvent(event))
        throw new ApiError(ApiErrorCode.badRequest, `Unknown event '${String(event)}'.`);
      ensureSubscribed();
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
        if ([...listeners.values()].every((s) => s.size === 0)) {
          unsubscribe?.();
          unsubscribe = undefined;
        }
      };
    },
    async stageFile(file: DroppedFile) {
      return unwrap(await transport.stageFile(file));
    },
  };
  return Object.freeze(bridge);
}
