// Runs in the browser page served by the web host (bundled by esbuild into a classic
// script, loaded before the app's own scripts): defines window.companion over fetch and
// one WebSocket, from the same table as the Electron preload (shared/bridge.ts).
// Logging in: the page was opened with a login link (`#login=CODE`, a one-time code); the code
// leaves the address bar and history at once and is traded for this tab's session credential,
// kept in sessionStorage (per origin and tab: no other port's page can read it) and sent as a
// header. Opened without a link or a session, window.companion stays undefined and the UI says
// how to open the app. See docs/ui-hosts.md.
import { createBridge, type BridgeTransport } from '../../shared/bridge.js';
import { ApiErrorCode, type ApiResult, type DroppedFile, type StagedFile } from '../../shared/api.js';

// Relative to the page, so the same script works whatever port the host picked.
const base = new URL('./__companion/', window.location.href);
const sessionKey = 'companion.session';
/** The events socket's subprotocol (electron/hosts/web.ts `eventsProtocol`). */
const eventsProtocol = 'companion-events';

/** This tab's session: from a login code in the address, else the one kept from before (a reload). */
function login(): Promise<string> | undefined {
  const code = /(?:^#|&)login=([A-Za-z0-9_-]+)/.exec(window.location.hash)?.[1];
  const kept = sessionStorage.getItem(sessionKey);
  if (!code) return kept ? Promise.resolve(kept) : undefined;
  history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return (async () => {
    let result: ApiResult<{ session: string }>;
    try {
      const response = await fetch(new URL('session', base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
        credentials: 'omit',
      });
      result = await asResult<{ session: string }>(response);
    } catch (e) {
      result = networkError(e);
    }
    if (result.ok) {
      sessionStorage.setItem(sessionKey, result.result.session);
      return result.result.session;
    }
    // A used link reopened (history, a reload before the address changed) in a tab that is logged in.
    if (kept) return kept;
    throw new Error(result.error.message);
  })();
}

const session = login();
session?.catch(() => {}); // reported by each call below

/** The headers of an authenticated call, or the failed login as a result. */
async function authorized(
  headers: Record<string, string>,
): Promise<{ headers: Record<string, string> } | ApiResult<never>> {
  try {
    return { headers: { ...headers, Authorization: `Bearer ${await session!}` } };
  } catch (e) {
    return { ok: false, error: { code: 'UNAUTHORIZED', message: (e as Error).message } };
  }
}

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
    const auth = await authorized({ 'Content-Type': 'application/json' });
    if ('ok' in auth) return auth;
    try {
      const response = await fetch(new URL('api', base), {
        method: 'POST',
        headers: auth.headers,
        body: JSON.stringify({ method, args }),
        credentials: 'omit',
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
    const open = async (isReconnect: boolean) => {
      let credential: string;
      try {
        credential = await session!;
      } catch {
        return; // not logged in: the calls say so
      }
      if (stopped) return;
      const url = new URL('events', base);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      // A browser cannot set headers on a WebSocket: the session goes as a subprotocol.
      socket = new WebSocket(url, [eventsProtocol, `session.${credential}`]);
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
        timer = setTimeout(() => void open(true), delay);
        delay = Math.min(delay * 2, 5000);
      };
    };
    void open(false);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    };
  },

  async stageFile(file: DroppedFile): Promise<ApiResult<StagedFile>> {
    const auth = await authorized({ 'Content-Type': 'application/octet-stream' });
    if ('ok' in auth) return auth;
    try {
      const url = new URL('stage', base);
      url.searchParams.set('name', file.name);
      const response = await fetch(url, {
        method: 'POST',
        headers: auth.headers,
        body: file as unknown as Blob,
        credentials: 'omit',
      });
      return await asResult(response);
    } catch (e) {
      return networkError(e);
    }
  },
};

if (session) {
  Object.defineProperty(window, 'companion', {
    value: createBridge(transport),
    writable: false,
    configurable: false,
    enumerable: true,
  });
}
