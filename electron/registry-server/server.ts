// The HTTP(S) front of the registry: Basic auth on every /v2 route, route dispatch from
// ./routes.ts, and errors written as the spec's error body. A client mistake is never a 500.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BasicAuthGuard } from './auth.js';
import type { Ctx, RegistryCore } from './context.js';
import { randomBytes } from 'node:crypto';
import { ServedError, storageRefusal } from './errors.js';
import { BodyIdleError } from './idle.js';
import { isValidName } from './names.js';
import { matchRoute } from './routes.js';

/** Error codes Node gives when the client went away mid-request: nothing to answer. */
const clientGone = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'EPIPE', 'ECONNABORTED']);

export type Logger = (line: string) => void;

/** After refusing a request whose body is still arriving: how long and how much of it is still read. */
const lingerMs = 2_000;
const lingerBytes = 64 << 20;

/**
 * Reads and discards the rest of a refused request's body, then calls `done`; after `lingerMs` or
 * `lingerBytes` it stops reading and closes the connection instead. Closing at once, with the
 * client's bytes unread, sends a reset: a client still writing its upload (Go's transport in
 * skopeo and Docker) then reports "broken pipe" instead of the answer, e.g. a quota DENIED.
 */
function linger(req: IncomingMessage, done: () => void): void {
  let read = 0;
  const giveUp = () => {
    // Only while this body is still coming: once it ended, the connection may carry the next request.
    if (!req.complete) req.socket.destroy();
  };
  const timer = setTimeout(giveUp, lingerMs);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > lingerBytes) giveUp();
  });
  req.once('end', () => {
    clearTimeout(timer);
    done();
  });
  req.once('close', () => clearTimeout(timer));
}

function writeError(req: IncomingMessage, res: ServerResponse, err: ServedError): void {
  const body = err.body();
  res.writeHead(err.status, {
    ...err.headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  const sent = req.method === 'HEAD' ? '' : body;
  if (req.complete || req.destroyed) {
    res.end(sent);
    return;
  }
  // The whole answer goes out now, but the response ends only once the body is in: Node closes a
  // `Connection: close` socket (skopeo's) as soon as the response ends, unread bytes or not.
  res.write(sent);
  linger(req, () => res.end());
}

/**
 * The request listener of the registry. File-system errors that are the state of the device's
 * disk, not a fault of ours (storageRefusals), are refused with what to do, and logged. Any other
 * failure of a handler is a 500 whose request id is in the answer and, with the stack, in the
 * log. Nothing a request does can end the process: a failure while answering a failure (or an
 * 'error' event on the request or response) ends that request's connection and is logged.
 */
export function requestHandler(core: RegistryCore, auth: BasicAuthGuard, log: Logger) {
  // Request ids: unique within a run, and apart from the ids of other runs in the same log.
  const run = randomBytes(3).toString('hex');
  let seq = 0;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const id = `${run}-${(++seq).toString(36)}`;
    const where = () => `${req.method} ${(req.url ?? '').split('?')[0]!.slice(0, 300)}`;
    // Stream errors surface where the body is read; unheard, they would be uncaught exceptions.
    req.on('error', () => {});
    res.on('error', () => {});
    const lastResort = (e: unknown) => {
      try {
        log(`registry: request ${id} ${where()}: failed while answering: ${describeError(e)}`);
      } catch {
        // a logger that throws must not end the process either
      }
      res.destroy();
    };
    const answer = (e: unknown) => {
      if (res.headersSent) {
        if (!(e instanceof BodyIdleError) && !isClientGone(req, e))
          log(`registry: request ${id} ${where()} failed mid-answer: ${describeError(e)}`);
        res.destroy();
        return;
      }
      if (e instanceof ServedError) {
        writeError(req, res, e);
        return;
      }
      if (e instanceof BodyIdleError) {
        log(`registry: request ${id} ${where()}: ${e.message}; connection closed`);
        res.destroy();
        return;
      }
      if (isClientGone(req, e)) {
        res.destroy();
        return;
      }
      const refusal = storageRefusal((e as NodeJS.ErrnoException)?.code);
      if (refusal) {
        log(`registry: request ${id} ${where()} refused: ${refusal}`);
        writeError(req, res, new ServedError('DENIED', { message: refusal }));
        return;
      }
      log(`registry: request ${id} ${where()} failed: ${describeError(e)}`);
      writeError(
        req,
        res,
        new ServedError('UNKNOWN', {
          message: `internal error (request ${id}); see the registry log`,
          detail: { requestId: id },
        }),
      );
    };
    try {
      res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
      handle(req, res, core, auth).then(undefined, (e: unknown) => {
        try {
          answer(e);
        } catch (e2) {
          lastResort(e2);
        }
      });
    } catch (e) {
      lastResort(e);
    }
  };
}

/** A failure that only says the client went away mid-request: nothing to answer, nothing to log. */
function isClientGone(req: IncomingMessage, e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  // req.destroyed alone is no sign: a request is destroyed once its body has been read.
  return (code !== undefined && clientGone.has(code)) || req.socket.destroyed;
}

function describeError(e: unknown): string {
  try {
    return e instanceof Error ? (e.stack ?? e.message) : String(e);
  } catch {
    return 'an unprintable value';
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, core: RegistryCore, auth: BasicAuthGuard) {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  if (!path.startsWith('/v2')) throw new ServedError('NOT_FOUND', { detail: { path: path.slice(0, 200) } });
  await auth.check(req);
  const match = matchRoute(path);
  if (!match) throw new ServedError('NOT_FOUND', { detail: { path: path.slice(0, 200) } });
  const method = (req.method ?? 'GET') as keyof typeof match.route.methods;
  const handler = match.route.methods[method];
  if (!handler) {
    throw new ServedError('UNSUPPORTED', {
      message: `${req.method} is not supported on ${match.route.name}`,
      headers: { Allow: Object.keys(match.route.methods).join(', ') },
    });
  }
  const name = match.params.name;
  if (name !== undefined && !isValidName(name)) {
    throw new ServedError('NAME_INVALID', {
      detail: { name: name.slice(0, 300) },
      message:
        'invalid repository name: use lower-case letters, digits and separators (. _ __ -), path components joined by /, at most 255 characters',
    });
  }
  const ctx: Ctx = { req, res, params: match.params, query, core };
  await handler(ctx);
}
