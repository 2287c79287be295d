// Every HTTP route of the web host, declared once (like the registry's routes.ts), with the
// handlers and the responses they send. Which requests need an Origin and a session is decided
// by the route: see `needsOf`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { ApiErrorCode, type ApiResult } from '../../shared/api.js';
import type { HostBackend } from './host-backend.js';
import type { WebLogins } from './web-sessions.js';

/** URL paths of the host's own endpoints (the bridge script builds the same ones relative to the page). */
export const webPaths = {
  bridge: '/__companion/bridge.js',
  session: '/__companion/session',
  api: '/__companion/api',
  stage: '/__companion/stage',
  events: '/__companion/events',
} as const;

const maxApiBody = 1 << 20;

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

/** What the handlers need from the host that serves them. */
export interface WebContext {
  backend: HostBackend;
  logins: WebLogins;
  /** Absolute folder of the built renderer. */
  rendererDir: string;
  /** index.html with the bridge script injected. */
  indexHtml: string;
  bridgeJs: Buffer;
}

type WebHandler = (
  ctx: WebContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => Promise<void> | void;

export interface WebRoute {
  method: 'GET' | 'POST';
  path: string;
  /** False only where the session is made; every other POST needs one. */
  session?: boolean;
  handle: WebHandler;
}

/** The host's routes; a GET that matches none is a file of the built UI. */
export const webRoutes: WebRoute[] = [
  { method: 'POST', path: webPaths.session, session: false, handle: createSession },
  { method: 'POST', path: webPaths.api, handle: callApi },
  { method: 'POST', path: webPaths.stage, handle: stageUpload },
  {
    method: 'GET',
    path: webPaths.bridge,
    handle: (ctx, _req, res) => sendBody(res, 200, ctx.bridgeJs, '.js'),
  },
  { method: 'GET', path: '/', handle: sendIndex },
  { method: 'GET', path: '/index.html', handle: sendIndex },
];

function findRoute(method: string, pathname: string): WebRoute | undefined {
  const as = method === 'HEAD' ? 'GET' : method;
  return webRoutes.find((r) => r.method === as && r.path === pathname);
}

/**
 * What a request must carry: the static UI is public (the app's code, no data); anything else
 * needs our Origin and, except where the session is made, the session.
 */
export function needsOf(method: string, pathname: string): { origin: boolean; session: boolean } {
  if (method === 'GET' || method === 'HEAD') return { origin: false, session: false };
  return { origin: true, session: !webRoutes.some((r) => r.path === pathname && r.session === false) };
}

/** Answers an admitted request from the route table. */
export async function routeRequest(ctx: WebContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const method = req.method ?? 'GET';
  const route = findRoute(method, url.pathname);
  if (route) return route.handle(ctx, req, res, url);
  if (method !== 'GET' && method !== 'HEAD') {
    req.resume();
    return sendText(res, 405, `${method} is not supported here.`);
  }
  return sendStatic(res, ctx.rendererDir, url.pathname);
}

function sendIndex(ctx: WebContext, _req: IncomingMessage, res: ServerResponse) {
  sendBody(res, 200, ctx.indexHtml, '.html');
}

/** POST {code}: the one use of a login code, answered with a new session credential. */
async function createSession(ctx: WebContext, req: IncomingMessage, res: ServerResponse) {
  let code: unknown;
  try {
    ({ code } = JSON.parse((await readBody(req, 4096)).toString('utf8')) as { code?: unknown });
  } catch {
    return sendJson(res, 400, errorResult(ApiErrorCode.badRequest, 'Send {"code": "..."} as JSON.'));
  }
  const outcome = ctx.logins.redeem(code);
  if ('refused' in outcome) {
    return sendJson(
      res,
      401,
      errorResult(
        'UNAUTHORIZED',
        `This login link ${outcome.refused === 'unknown' ? 'was already used or is not one of this server' : 'has expired'}. Get a new one: press Enter in the terminal that runs \`edge-registry serve\` (or \`npm start\`), or restart it.`,
      ),
    );
  }
  return sendJson(res, 200, { ok: true, result: { session: outcome.session } });
}

/** POST {method, args}: one API call through the host's dispatcher. */
async function callApi(ctx: WebContext, req: IncomingMessage, res: ServerResponse) {
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
  return sendJson(res, 200, await ctx.backend.dispatch(method, args));
}

/** POST ?name=FILE with the file as the body: staged for a later push. */
async function stageUpload(ctx: WebContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const name = (url.searchParams.get('name') ?? 'upload.tar').slice(0, 255);
  try {
    const staged = await ctx.backend.stageUpload(name, req);
    return sendJson(res, 200, { ok: true, result: staged });
  } catch (e) {
    req.resume();
    return sendJson(res, 200, errorResult(ApiErrorCode.badRequest, (e as Error).message));
  }
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

/** A plain-text answer (refusals and errors), never cached. */
export function sendText(res: ServerResponse, status: number, text: string) {
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
