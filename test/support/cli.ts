// `edge-registry ARGS` run in this process through the CLI's own `main`, with stdout and stderr
// captured and `stdin` (ended) as its input: the arguments, messages and exit codes a user
// would see, without a child process. (test/support/cli-main.ts is the entry for a child.)
import { PassThrough } from 'node:stream';
import { main } from '../../electron/cli.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stdout as JSON lines (for --json). */
  lines(): Record<string, unknown>[];
}

export async function runCli(args: string[], stdin = ''): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => (e += d.toString()));
  const input = new PassThrough();
  input.end(stdin);
  const code = await main(args, { stdout: out, stderr: err, stdin: input });
  return {
    code,
    out: o,
    err: e,
    lines: () =>
      o
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
