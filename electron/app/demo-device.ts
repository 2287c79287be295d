// The embedded demo device: our own registry (electron/registry-server) started in this
// process, with its data under the app's data folder, so credentials and certificates
// stay the same from one start to the next.
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from '../registry-server/index.js';

export interface DemoOptions {
  /** 0 picks a free port; default: the device's usual 31001, or a free one when taken. */
  port?: number;
  name?: string;
  ip?: string;
}

/** Starts the demo registry under `dataDir`/demo-registry (the CLI's `demo` uses the same folder). */
export async function startDemoDevice(dataDir: string, opts: DemoOptions = {}): Promise<RunningRegistry> {
  const base = { dataDir: join(dataDir, 'demo-registry'), name: opts.name, ip: opts.ip };
  if (opts.port !== undefined) return startRegistry({ ...base, port: opts.port });
  try {
    return await startRegistry(base);
  } catch (e) {
    // Another program (or a second copy of the CLI demo) holds 31001: any port will do for the app.
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    return startRegistry({ ...base, port: 0 });
  }
}
