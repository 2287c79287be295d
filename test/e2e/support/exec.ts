// Runs a client tool without blocking the event loop: the e2e tests run the demo registry
// in this same process, so a synchronous spawn would leave it unable to answer.
import { runAsync } from '../../support/system.js';

/** Runs `cmd` to completion; never rejects on a non-zero exit (tests assert on it). */
export const exec = (cmd: string, args: string[]) => runAsync(cmd, args);

/** Like exec(), but rejects with the tool's stderr when it fails. */
export async function execOk(cmd: string, args: string[]): Promise<string> {
  const r = await runAsync(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args[0] ?? ''} exited ${r.status}: ${r.stderr || r.stdout}`);
  return r.stdout;
}
