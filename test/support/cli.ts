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

/** Runs `main` with `stdin`, capturing its output; `onStderr` sees stderr so far as it grows. */
async function captured(
  args: string[],
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
  onStderr?: (soFar: string) => void,
): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => {
    e += d.toString();
    onStderr?.(e);
  });
  const code = await main(args, { stdout: out, stderr: err, stdin });
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

export async function runCli(args: string[], stdin = ''): Promise<CliRun> {
  const input = new PassThrough();
  input.end(stdin);
  return captured(args, input);
}

/**
 * `edge-registry ARGS` on a terminal: stdin says it is a TTY, and each prompt that matches a
 * key of `answers` (seen at the end of stderr) gets its answer typed once.
 */
export async function runCliOnTerminal(args: string[], answers: [RegExp, string][]): Promise<CliRun> {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const pending = [...answers];
  return captured(args, stdin, (e) => {
    const i = pending.findIndex(([prompt]) => prompt.test(e));
    if (i >= 0) stdin.write(pending.splice(i, 1)[0]![1]);
  });
}
