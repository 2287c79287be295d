// The one contract between the UI and the backend. The preload bridge, the Electron IPC
// handlers and the web host are all derived from `apiMethods` and `apiEvents` below, so
// no channel name is ever spelled twice (see electron/hosts/).
//
// Errors cross the boundary as data ({ ok: false, error }) with a stable code, and the
// bridge rethrows them as ApiError, so the UI can show the message written for users.

/** A failure the UI can show as is: `message` says what happened and what to do. */
export interface ApiErrorData {
  code: string;
  message: string;
}

export class ApiError extends Error implements ApiErrorData {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorData };

/** The demo device: the registry embedded in the app, as `Get-HcsKubernetesContainerRegistryInfo` shows one. */
export interface RegistryInfo {
  endpoint: string;
  ipAddress: string;
  username: string;
  password: string;
  caCertPath: string;
  caFingerprint: string;
}

/** Every method the UI may call. Arguments and results are plain JSON data. */
export interface CompanionApi {
  /** The app's version and the platform it runs on. */
  appInfo(): Promise<{ version: string; platform: string; host: 'electron' | 'web' }>;
  /** The embedded demo device's registry information, starting it if needed. */
  demoDevice(): Promise<RegistryInfo>;
}

export type ApiMethod = keyof CompanionApi;

/** The runtime list of methods; the type below fails to compile if one is missing. */
export const apiMethods = ['appInfo', 'demoDevice'] as const satisfies readonly ApiMethod[];

type Unlisted = Exclude<ApiMethod, (typeof apiMethods)[number]>;
const _allMethodsListed: [Unlisted] extends [never] ? true : Unlisted = true;
void _allMethodsListed;

/** Events the backend pushes to the UI. */
export interface CompanionEvents {
  /** Progress of a long job (push, setup, delete). */
  job: {
    id: string;
    kind: string;
    state: 'running' | 'done' | 'failed' | 'cancelled';
    message?: string;
    progress?: number;
  };
}

export type ApiEvent = keyof CompanionEvents;
export const apiEvents = ['job'] as const satisfies readonly ApiEvent[];

type UnlistedEvent = Exclude<ApiEvent, (typeof apiEvents)[number]>;
const _allEventsListed: [UnlistedEvent] extends [never] ? true : UnlistedEvent = true;
void _allEventsListed;

/** What `window.companion` is in the renderer: the methods plus an event subscription. */
export type CompanionBridge = CompanionApi & {
  on<E extends ApiEvent>(event: E, listener: (payload: CompanionEvents[E]) => void): () => void;
};
