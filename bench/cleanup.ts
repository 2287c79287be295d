// Everything this run starts or writes is registered here, so that it is undone on
// success, on an error and on Ctrl-C alike. Cleanups are synchronous on purpose: they
// must also work from process.on('exit'), where nothing asynchronous runs any more.
import { rmSync } from 'node:fs';

type Cleanup = () => void;
const stack: { what: string; fn: Cleanup }[] = [];
let installed = false;

/** Registers `fn` to run when the bench ends (last registered runs first); returns an unregister. */
export function onCleanup(what: string, fn: Cleanup): () => void {
  installHandlers();
  const entry = { what, fn };
  stack.push(entry);
  return () => {
    const i = stack.indexOf(entry);
    if (i >= 0) stack.splice(i, 1);
  };
}

/** Removes `path` (a folder or file) when the bench ends, unless it was removed before. */
export function removeOnCleanup(path: string): () => void {
  return onCleanup(`remove ${path}`, () => rmSync(path, { recursive: true, force: true }));
}

/** Sends SIGTERM to `pid` when the bench ends, then SIGKILL if it is still there. */
export function killOnCleanup(what: string, pid: number): () => void {
  return onCleanup(`stop ${what}`, () => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    // A registry that ignores SIGTERM must not outlive the bench: give it a moment, then kill.
    const until = Date.now() + 2000;
    while (Date.now() < until) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  });
}

/** Runs every registered cleanup now (used at the normal end, and by the handlers). */
export function runCleanups(): void {
  while (stack.length > 0) {
    const { what, fn } = stack.pop()!;
    try {
      fn();
    } catch (e) {
      process.stderr.write(`bench: cleanup '${what}' failed: ${(e as Error).message}\n`);
    }
  }
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runCleanups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping the registries and removing temp data...\n`);
      runCleanups();
      process.exit(130);
    });
  }
}
