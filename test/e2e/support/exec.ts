// Runs a client tool without blocking the event loop: the e2e tests run the demo registry
// in this same process, so a synchronous spawn would leave it unable to answer.
import { spawn } from 'node:child_process';

export interface ExecResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `cmd` to completion; never rejects on a non-zero exit (tests assert on it). */
export function exec(cmd: string, args: string[]): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? 1, stdout, stderr }));
  });
}

/** Like exec(), but rejects with the tool's stderr when it fails. */
export async function execOk(cmd: string, args: string[]): Promise<string> {
  const r = await exec(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args[0] ?? ''} exited ${r.status}: ${r.stderr || r.stdout}`);
  return r.stdout;
}
