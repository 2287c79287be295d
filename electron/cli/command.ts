// The shape of one `edge-registry` sub-command. Each command lives in its own file in
// electron/cli/ and is listed once in electron/cli/commands.ts.
import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';

export type OptionsSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Resolves when the user asks the command to stop (SIGINT/SIGTERM). */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  /** One line for `edge-registry --help`. */
  summary: string;
  /** Usage lines and option descriptions for `edge-registry NAME --help`. */
  usage: string;
  options: OptionsSpec;
  /** Allows positional arguments (e.g. IMAGE). */
  positionals?: boolean;
  /** Returns the exit code (see ExitCode). */
  run(values: OptionValues, positionals: string[], io: CommandIO): Promise<number>;
}

/** Exit codes scripts can rely on (sysexits-style where one fits). */
export const ExitCode = {
  ok: 0,
  /** The operation ran and failed (registry said no, push failed, ...). */
  failed: 1,
  /** Bad command line: unknown option, missing argument. */
  usage: 64,
  /** Input data was bad (unparsable file, bad reference). */
  dataError: 65,
  /** An input file is missing or unreadable. */
  noInput: 66,
  /** A service we need is not there (Docker not running, registry unreachable). */
  unavailable: 69,
  /** Not allowed: wrong credentials, denied, quota. */
  noPermission: 77,
  /** Interrupted by the user. */
  interrupted: 130,
} as const;

/** An error whose message is written for the user and maps to an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
  ) {
    super(message);
  }
}

/** "1 blob", "3 blobs": a count with its English noun, for the commands' lines. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Why a file given on the command line could not be read, and what to do, in words. */
function fileProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'there is no such file. Check the path (and the folder you run the command from).';
    case 'EISDIR':
      return 'that is a folder. Give the file inside it.';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied. Copy the file somewhere you can read it, or run as a user who can.';
    default:
      return `${(e as Error).message}. Check the file and try again.`;
  }
}

/** Reads a file named by a command-line option, or fails saying why and what to do (exit 66). */
export function readInputFile(option: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${option} ${path}: ${fileProblem(e)}`, ExitCode.noInput);
  }
}

/** The PEM text of `--ca FILE`, when given. */
export function caOption(values: OptionValues): string | undefined {
  const path = values.ca as string | undefined;
  return path ? readInputFile('--ca', path).toString('utf8') : undefined;
}
