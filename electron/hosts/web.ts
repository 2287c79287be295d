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
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { ApiErrorCode, type ApiResult } from '../../shared/api.js';
import type { HostBackend } from './host-backend.js';

/** URL paths of the host's own endpoints (the bridge script builds the same ones relative to the page). */
export const webPaths = {
  bridge: '/__companion/bridge.js',
  session: '/__companion/session',
  api: '/__companion/api',
  stage: '/__companion/stage',
  events: '/__companion/events',
} as const;

/** The events socket's subprotocol; the session travels as a second one, `session.<credential>`. */
export const eventsProtocol = 'companion-events';
/** How long a login link works when the caller does not say (it works once in any case). */
export const defaultLoginTtlMs = 10 * 60_000;
const maxApiBody = 1 << 20;
/** Bounds the memory an unused flood of login links or sessions could take. */
const maxPending = 1000;

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

// Same policy as the page's meta tag; sent as a header too so it also covers the bridge script.
const csp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

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

const newSecret = () => randomBytes(32).toString('base64url');

/** Constant-time membership of a presented secret in a set of ours. */
function holds(set: Iterable<string>, candidate: string | undefined): string | undefined {
  if (!candidate) return undefined;
  const b = Buffer.from(candidate);
  for (const s of set) {
    const a = Buffer.from(s);
    if (a.length === b.length && timingSafeEqual(a, b)) return s;
  }
  return undefined;
}

/** The session a request presents: `Authorization: Bearer S`, or (WebSocket) a `session.S` subprotocol. */
function presentedSession(req: IncomingMessage): string | undefined {
  const auth = /^Bearer ([A-Za-z0-9_-]{1,100})$/.exec(String(req.headers.authorization ?? ''));
  if (auth) return auth[1];
  for (const p of String(req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const m = /^session\.([A-Za-z0-9_-]{1,100})$/.exec(p.trim());
    if (m) return m[1];
  }
  return undefined;
}

/** Starts the web host on 127.0.0.1; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = resolve(options.rendererDir);
  const indexHtml = injectBridge(readFileSync(join(rendererDir, 'index.html'), 'utf8'));
  const bridgeJs = readFileSync(options.bridgeScript);
  let port = 0;
  /** Login codes not used yet -> when they stop working. */
  const codes = new Map<string, number>();
  /** Session credentials given out (one per logged-in tab); they end with the host. */
  const sessions = new Set<string>();

  const hostOk = (req: IncomingMessage) =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
  const originOk = (req: IncomingMessage) =>
    req.headers.origin === `http://127.0.0.1:${port}` || req.headers.origin === `http://localhost:${port}`;

  /** Checks Host, (for state-changing requests) Origin, and the session; returns the refusal, or null to go on. */
  const admit = (
    req: IncomingMessage,
    needs: { origin: boolean; session: boolean },
  ): { status: number; message: string } | null => {
    if (!hostOk(req))
      return {
        status: 403,
        message: 'This server answers only to 127.0.0.1 or localhost (wrong Host header).',
      };
    if (needs.origin && !originOk(req))
      return {
        status: 403,
        message: 'Request refused: it did not come from the app page (wrong or missing Origin).',
      };
    if (needs.session && !holds(sessions, presentedSession(req))) {
      return {
        status: 401,
        message:
          'Not logged in (no session, or one from before a restart): open a new login link from `edge-registry serve` or `npm start` (press Enter there for a new one).',
      };
    }
    return null;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const reads = method === 'GET' || method === 'HEAD';
    // The static UI is public (the app's code, no data); the session and its uses are not.
    const refusal = admit(req, {
      origin: !reads,
      session: !reads && url.pathname !== webPaths.session,
    });
    if (refusal) {
      req.resume();
      return sendText(res, refusal.status, refusal.message);
    }
    handle(req, res, url, method).catch((e: unknown) => {
      if (!res.headersSent) sendText(res, 500, `Internal error: ${(e as Error).message}`);
      else res.destroy();
    });
  });

  /** POST {code}: the one use of a login code, answered with a new session credential. */
  const handleSession = async (req: IncomingMessage, res: ServerResponse) => {
    let code: unknown;
    try {
      ({ code } = JSON.parse((await readBody(req, 4096)).toString('utf8')) as { code?: unknown });
    } catch {
      return sendJson(res, 400, errorResult(ApiErrorCode.badRequest, 'Send {"code": "..."} as JSON.'));
    }
    const now = Date.now();
    const known = holds(codes.keys(), typeof code === 'string' ? code : undefined);
    const expiresAt = known === undefined ? undefined : codes.get(known);
    if (known !== undefined) codes.delete(known); // one use, whatever its outcome
    if (expiresAt === undefined || expiresAt < now) {
      return sendJson(
        res,
        401,
        errorResult(
          'UNAUTHORIZED',
          `This login link ${expiresAt === undefined ? 'was already used or is not one of this server' : 'has expired'}. Get a new one: press Enter in the terminal that runs \`edge-registry serve\` (or \`npm start\`), or restart it.`,
        ),
      );
    }
    if (sessions.size >= maxPending) sessions.delete(sessions.values().next().value!);
    const session = newSecret();
    sessions.add(session);
    return sendJson(res, 200, { ok: true, result: { session } });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, method: string) => {
    if (method === 'POST' && url.pathname === webPaths.session) return handleSession(req, res);
    if (method === 'POST' && url.pathname === webPaths.api) return handleApi(req, res);
    if (method === 'POST' && url.pathname === webPaths.stage) return handleStage(req, res, url);
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      return sendText(res, 405, `${method} is not supported here.`);
    }
    if (url.pathname === webPaths.bridge) return sendBody(res, 200, bridgeJs, '.js');
    if (url.pathname === '/' || url.pathname === '/index.html') return sendBody(res, 200, indexHtml, '.html');
    return sendStatic(res, rendererDir, url.pathname);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse) => {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      req.resume();
      return sendJson(
        res,
        415,
        errorResult(ApiErrorCode.badRequest, 'Calls must be JSON (Content-Type: application/json).'),
      );
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, maxApiBody)).toString('utf8'));
    } catch (e) {
      return sendJson(
        res,
        400,
        errorResult(ApiErrorCode.badRequest, `The call is not valid JSON: ${(e as Error).message}`),
      );
    }
    const { method, args } = (body ?? {}) as { method?: unknown; args?: unknown };
    return sendJson(res, 200, await options.backend.dispatch(method, args));
  };

  const handleStage = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const name = (url.searchParams.get('name') ?? 'upload.tar').slice(0, 255);
    try {
      const staged = await options.backend.stageUpload(name, req);
      return sendJson(res, 200, { ok: true, result: staged });
    } catch (e) {
      req.resume();
      return sendJson(res, 200, errorResult(ApiErrorCode.badRequest, (e as Error).message));
    }
  };

  // A dropped multi-GB tarball may take long to upload: no overall request timeout, but headers must come quickly.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;

  const { WebSocketServer } = await import('ws'); // only the web host needs it, not every CLI command
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // Answer with the plain protocol name, never echo the session one.
    handleProtocols: (protocols) => (protocols.has(eventsProtocol) ? eventsProtocol : false),
  });
  const sockets = new Set<WebSocket>();
  const unsubscribe = options.backend.onEvent((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refusal =
      url.pathname === webPaths.events
        ? admit(req, { origin: true, session: true })
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

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    loginUrl(opts = {}) {
      const now = Date.now();
      for (const [c, until] of codes) if (until < now) codes.delete(c);
      if (codes.size >= maxPending) codes.delete(codes.keys().next().value!);
      const code = newSecret();
      codes.set(code, now + (opts.ttlMs ?? defaultLoginTtlMs));
      return `${origin}/#login=${code}`;
    },
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Puts the bridge script before the app's own scripts, so window.companion exists when they run. */
export function injectBridge(html: string): string {
  const tag = `<script src=".${webPaths.bridge}"></script>`;
  return html.includes('</head>') ? html.replace('</head>', `    ${tag}\n  </head>`) : tag + html;
}

function errorResult(code: string, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

function securityHeaders(res: ServerResponse) {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendText(res: ServerResponse, status: number, text: string) {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text + '\n');
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}

function sendBody(res: ServerResponse, status: number, body: string | Buffer, ext: string) {
  securityHeaders(res);
  res.writeHead(status, {
    'Content-Type': mimeTypes[ext] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendStatic(res: ServerResponse, root: string, pathname: string) {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'Bad path.');
  }
  const file = normalize(join(root, rel));
  if (!file.startsWith(root + sep) || rel.includes('\0')) return sendText(res, 404, 'Not found.');
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return sendText(res, 404, 'Not found.');
    size = st.size;
  } catch {
    return sendText(res, 404, 'Not found.');
  }
  securityHeaders(res);
  res.writeHead(200, {
    'Content-Type': mimeTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    // Vite names assets by content hash, so they may be cached.
    'Cache-Control': rel.startsWith('/assets/') ? 'max-age=31536000, immutable' : 'no-store',
  });
  createReadStream(file).pipe(res);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        fail(new Error(`the call is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}
