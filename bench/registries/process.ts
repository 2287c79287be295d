// Starting and stopping a registry process so that it never outlives the bench.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { killOnCleanup } from '../cleanup.js';

/** Registers `child` for cleanup; returns an async stop that waits for it to exit. */
export function supervise(what: string, child: ChildProcess): () => Promise<void> {
  if (child.pid === undefined) throw new Error(`${what} did not start`);
  const unregister = killOnCleanup(what, child.pid);
  return async () => {
    unregister();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1 (Distribution cannot report a port 0 bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port')),
      );
    });
  });
}
