// Counts the Registry API requests (`/v2/…`) that any HTTP(S) server in this process receives,
// where the registry itself sees them (node's diagnostics channel), not where a client sends them.
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

/** Runs `fn`; the registry requests received meanwhile, as `METHOD /path?query`. */
export async function registryRequests(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    if (request.url?.startsWith('/v2/')) seen.push(`${request.method} ${request.url}`);
  };
  diagnostics.subscribe('http.server.request.start', listener);
  try {
    await fn();
  } finally {
    diagnostics.unsubscribe('http.server.request.start', listener);
  }
  return seen;
}
