// Runs in the browser page served by the web host (bundled by esbuild into a classic
// script, loaded before the app's own scripts): defines window.companion over fetch and
// one WebSocket, from the same table as the Electron preload (shared/bridge.ts).
// The token never appears here: after the first load it travels as an HttpOnly cookie.
import { createBridge, type BridgeTransport } from '../../shared/bridge.js';
import { ApiErrorCode, type ApiResult, type DroppedFile, type StagedFile } from '../../shared/api.js';

// Relative to the page, so the same script works whatever port the host picked.
const base = new URL('./__companion/', window.location.href);

async function asResult<T>(response: Response): Promise<ApiResult<T>> {
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) return (await response.json()) as ApiResult<T>;
  const text = (await response.text()).trim();
  return {
    ok: false,
    error: {
      code: response.status === 401 ? 'UNAUTHORIZED' : ApiErrorCode.internal,
      message: `The app's local server refused the call (${response.status}): ${text || response.statusText}`,
    },
  };
}

function networkError(e: unknown): ApiResult<never> {
  return {
    ok: false,
    error: {
      code: 'HOST_UNREACHABLE',
      message: `The app's local server does not answer (${(e as Error).message}). Is \`npm start\` / \`edge-registry serve\` still running?`,
    },
  };
}

const transport: BridgeTransport = {
  async call(method, args) {
    try {
      const response = await fetch(new URL('api', base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method, args }),
        credentials: 'same-origin',
      });
      return await asResult(response);
    } catch (e) {
      return networkError(e);
    }
  },

  subscribe(listener) {
    let socket: WebSocket | undefined;
    let stopped = false;
    let delay = 250;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const open = (isReconnect: boolean) => {
      const url = new URL('events', base);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(url);
      socket.onopen = () => {
        delay = 250;
        // Events may have been missed while the socket was down: let the UI refresh.
        if (isReconnect) listener('changed', { what: 'repositories' });
      };
      socket.onmessage = (m) => {
        try {
          const { event, payload } = JSON.parse(String(m.data)) as { event: string; payload: unknown };
          listener(event, payload);
        } catch {
          // A malformed frame is dropped; the next refresh corrects the view.
        }
      };
      socket.onclose = () => {
        if (stopped) return;
        // Backs off up to 5 s: the host may be restarting; there is nothing else to do meanwhile.
        timer = setTimeout(() => open(true), delay);
        delay = Math.min(delay * 2, 5000);
      };
    };
    open(false);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    };
  },

  async stageFile(file: DroppedFile): Promise<ApiResult<StagedFile>> {
    try {
      const url = new URL('stage', base);
      url.searchParams.set('name', file.name);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file as unknown as Blob,
        credentials: 'same-origin',
      });
      return await asResult(response);
    } catch (e) {
      return networkError(e);
    }
  },
};

Object.defineProperty(window, 'companion', {
  value: createBridge(transport),
  writable: false,
  configurable: false,
  enumerable: true,
});
