// The embedded demo device: our own registry (electron/registry-server) started in this
// process, with its data under the app's data folder, so credentials and certificates
// stay the same from one start to the next. When another process already serves that
// folder (`edge-registry demo` in a terminal), the app uses that registry: it is the same
// device, and two registries cannot share one data folder.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logToStderr, startRegistry, type RunningRegistry } from '../registry-server/index.js';
import { DataDirBusyError } from '../registry-server/lock.js';
import { attachServingRegistry } from '../registry-server/serving.js';

export interface DemoOptions {
  /** 0 picks a free port; default: the device's usual 31001, or a free one when taken. */
  port?: number;
  name?: string;
  ip?: string;
  /** Where the app says which registry it uses when another process serves it (default stderr). */
  log?: (line: string) => void;
}

/** How long to wait for a command that holds the folder without serving it (`edge-registry gc`). */
const offlineHolderWaitMs = 15_000;

/** Starts the demo registry under `dataDir`/demo-registry (the CLI's `demo` uses the same folder). */
export async function startDemoDevice(dataDir: string, opts: DemoOptions = {}): Promise<RunningRegistry> {
  const base = { dataDir: join(dataDir, 'demo-registry'), name: opts.name, ip: opts.ip };
  const log = opts.log ?? logToStderr;
  const deadline = Date.now() + offlineHolderWaitMs;
  for (;;) {
    try {
      if (opts.port !== undefined) return await startRegistry({ ...base, port: opts.port });
      try {
        return await startRegistry(base);
      } catch (e) {
        // Another program (or a second copy of the CLI demo) holds 31001: any port will do for the app.
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        return await startRegistry({ ...base, port: 0 });
      }
    } catch (e) {
      // This process has it already (a second backend in one process): nothing to wait for.
      if (!(e instanceof DataDirBusyError) || e.holder.pid === process.pid) throw e;
      const { pid, url } = e.holder;
      if (url) {
        const attached = await attachServingRegistry(base.dataDir, e.holder);
        log(`The demo device's folder is served by process ${pid} at ${url}: the app uses that registry.`);
        return attached;
      }
      // An offline command (gc, fsck --repair) has the folder for a moment.
      if (Date.now() > deadline) {
        throw new Error(
          `the demo device's folder ${base.dataDir} has been held by process ${pid} for ${offlineHolderWaitMs / 1000} s ` +
            '(an edge-registry gc or fsck --repair); wait for it to finish, then start the app again',
          { cause: e },
        );
      }
      await sleep(250);
    }
  }
}
