// The web host: the same UI and API as the Electron window, served over HTTP on
// loopback for machines without a desktop and for browser tests of the real app.
//
// Threat model: any web page the user visits, any other program serving on 127.0.0.1 (another
// port is the same site to a browser, and cookies ignore ports), and any other local user can
// reach 127.0.0.1 and read `ps`. So (docs/ui-hosts.md says why each):
//   - bind 127.0.0.1 only (never 0.0.0.0 / ::);
//   - the way in is a login link with a one-time code (32 random bytes, short-lived, worthless
//     after its first use) in the URL's fragment, which is never sent in a request;
//   - the page trades the code for a session credential (POST /__companion/session), keeps it
//     in sessionStorage (per origin, so per port, and per tab) and sends it as
//     `Authorization: Bearer` (the events socket: as a WebSocket subprotocol). No cookie: the
//     browser would send one to every 127.0.0.1 port. The API, the events socket and uploads
//     need the session; the static UI (public code, no data) needs none;
//   - the Host header must be 127.0.0.1:PORT or localhost:PORT, which defeats DNS
//     rebinding (a rebound name arrives with its own Host);
//   - POST and WebSocket upgrades must carry our own Origin, which defeats CSRF and
//     cross-site WebSocket hijacking.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { HostBackend } from './host-backend.js';
import { needsOf, routeRequest, sendText, webPaths, type WebContext } from './web-routes.js';
import { WebLogins } from './web-sessions.js';

export { webPaths } from './web-routes.js';
export { defaultLoginTtlMs } from './web-sessions.js';

/** The events socket's subprotocol; the session travels as a second one, `session.<credential>`. */
export const eventsProtocol = 'companion-events';

export interface WebHostOptions {
  backend: HostBackend;
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string;
  /** The bundled bridge script that defines window.companion over fetch + WebSocket. */
  bridgeScript: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface WebHost {
  /** http://127.0.0.1:PORT (no credential: the page alone does nothing without a login). */
  origin: string;
  port: number;
  /**
   * A fresh login link, `http://127.0.0.1:PORT/#login=CODE`: opening it logs one browser tab
   * in. The code works once, for `ttlMs` (default 10 minutes). Each new page (a test's, a
   * second tab) needs its own.
   */
  loginUrl(opts?: { ttlMs?: number }): string;
  close(): Promise<void>;
}

/** The port the server listens on, known once it does (requests cannot come before). */
interface Listening {
  port: number;
}

/** Starts the web host on 127.0.0.1; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const ctx = loadContext(options);
  const listening: Listening = { port: 0 };
  const server = createHttpServer(ctx, listening);
  const closeEvents = await serveEvents(server, ctx, listening);
  listening.port = await listen(server, options.port ?? 0);
  const origin = `http://127.0.0.1:${listening.port}`;
  return {
    origin,
    port: listening.port,
    loginUrl: (opts = {}) => `${origin}/#login=${ctx.logins.issueCode(opts.ttlMs)}`,
    close: async () => {
      closeEvents();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Reads the built UI's page and the bridge script once, at start. */
function loadContext(options: WebHostOptions): WebContext {
  const rendererDir = resolve(options.rendererDir);
  return {
    backend: options.backend,
    logins: new WebLogins(),
    rendererDir,
    indexHtml: injectBridge(readFileSync(join(rendererDir, 'index.html'), 'utf8')),
    bridgeJs: readFileSync(options.bridgeScript),
  };
}

/** The HTTP server: every request is admitted (Host, Origin, session) and then routed. */
function createHttpServer(ctx: WebContext, listening: Listening): Server {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refusal = ctx.logins.admit(req, listening.port, needsOf(req.method ?? 'GET', url.pathname));
    if (refusal) {
      req.resume();
      return sendText(res, refusal.status, refusal.message);
    }
    routeRequest(ctx, req, res, url).catch((e: unknown) => {
      if (!res.headersSent) sendText(res, 500, `Internal error: ${(e as Error).message}`);
      else res.destroy();
    });
  });
  // A dropped multi-GB tarball may take long to upload: no overall request timeout, but headers must come quickly.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  return server;
}

/** The one-way events socket: every backend event goes to each logged-in tab. Returns its close. */
async function serveEvents(server: Server, ctx: WebContext, listening: Listening): Promise<() => void> {
  const { WebSocketServer } = await import('ws'); // only the web host needs it, not every CLI command
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // Answer with the plain protocol name, never echo the session one.
    handleProtocols: (protocols) => (protocols.has(eventsProtocol) ? eventsProtocol : false),
  });
  const sockets = new Set<WebSocket>();
  const unsubscribe = ctx.backend.onEvent((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refusal =
      url.pathname === webPaths.events
        ? ctx.logins.admit(req, listening.port, { origin: true, session: true })
        : { status: 404, message: 'No such endpoint.' };
    if (refusal) {
      const reason =
        refusal.status === 401 ? 'Unauthorized' : refusal.status === 404 ? 'Not Found' : 'Forbidden';
      socket.end(
        `HTTP/1.1 ${refusal.status} ${reason}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refusal.message}\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // The events socket is one-way: the page never needs to send anything.
      ws.on('message', () => ws.close(1003, 'This socket only sends events.'));
    });
  });
  return () => {
    unsubscribe();
    for (const ws of sockets) ws.terminate();
    wss.close();
  };
}

/** Listens on 127.0.0.1 only (never 0.0.0.0 / ::) and resolves with the port. */
async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Puts the bridge script before the app's own scripts, so window.companion exists when they run. */
export function injectBridge(html: string): string {
  const tag = `<script src=".${webPaths.bridge}"></script>`;
  return html.includes('</head>') ? html.replace('</head>', `    ${tag}\n  </head>`) : tag + html;
}
