// The shape of one `edge-registry` sub-command. Each command lives in its own file in
// electron/cli/ and is listed once in electron/cli/commands.ts.
//
// How a command declares its options (once: parsing, typing and the help come from it):
//
//   export const fooCommand = defineCommand({
//     name: 'foo',
//     summary: 'One line for `edge-registry --help`',
//     usage: ['ENDPOINT/REPO:TAG [options]'],   // forms after "Usage: edge-registry foo";
//                                               // left out: generated from the options
//     description: 'What it does, as paragraphs (wrapped by hand).',
//     options: {
//       to: { type: 'string', value: 'ENDPOINT/REPO:TAG', description: 'where to push' },
//       tag: { type: 'string', short: 't', value: 'TAG', multiple: true, description: '...' },
//       kind: { type: 'string', value: 'KIND', default: 'pod', description: '...' },
//       json: { type: 'boolean', description: 'JSON lines on stdout' },
//       ca: caOptionDecl, // the shared --ca FILE
//     },
//     positionals: true,                        // takes arguments (IMAGE, ENDPOINT...)
//     refused: { '-p': (given) => 'why, and what to write instead' }, // refused options (exit 64)
//     footer: 'Exit codes: ...',                // after the options in --help
//     async run(values, positionals, io) { ... },
//   });
//
// In run, `values` is typed from the declaration: a flag is a boolean (false when absent), a
// string option `string | undefined` (`string` with a default), a repeatable one `string[]`
// (empty when absent). An option key is its long name (`--mount-from` is values['mount-from']).
// The help lists each option as `-t, --tag TAG  description (repeatable; default X)`, in the
// order declared. An unknown option, a missing value, a flag given a value, or an argument to a
// command without positionals is a usage error (exit 64) naming it, with the usage lines.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { portProblem } from '../../shared/endpoint.js';

/** One option of a command: see the format above. */
export interface OptionDecl {
  type: 'string' | 'boolean';
  /** One letter: `-u` for `--username`. */
  short?: string;
  /** The value's name in the help and messages (string options): FILE, HOST:PORT. */
  value?: string;
  /** For the help: what it does (one sentence or two; it is wrapped). */
  description: string;
  /** The value when the option is not given (string options); shown in the help. */
  default?: string;
  /** May be given more than once; the values come as an array. */
  multiple?: boolean;
}

export type OptionDecls = Readonly<Record<string, OptionDecl>>;

// A declaration of unknown type (the dispatcher's view of any command) gets any of the values.
type ValueOf<D extends OptionDecl> = D['type'] extends 'boolean'
  ? boolean
  : D['type'] extends 'string'
    ? D extends { multiple: true }
      ? string[]
      : D extends { default: string }
        ? string
        : string | undefined
    : string | boolean | string[] | undefined;

/** The parsed values of a command's options, typed from its declaration. */
export type OptionValues<O extends OptionDecls> = { -readonly [K in keyof O]: ValueOf<O[K]> };

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Resolves when the user asks the command to stop (SIGINT/SIGTERM). */
  signal: AbortSignal;
}

/** What was given besides a refused option, for its message: declared options and arguments. */
export interface GivenArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** A command as declared (see the format above); `O` is its options' declaration. */
export interface CommandSpec<O extends OptionDecls> {
  name: string;
  /** One line for `edge-registry --help`. */
  summary: string;
  /** The forms after `Usage: edge-registry NAME`; generated from the options when left out. */
  usage?: string[];
  /** Paragraphs between the usage and the options in `edge-registry NAME --help`. */
  description?: string;
  options: O;
  /** Allows positional arguments (e.g. IMAGE). */
  positionals?: boolean;
  /**
   * Options refused with their own message (exit 64), keyed as typed: `-p`, `--password`. The
   * message may use the rest of the command line (without the refused option's value).
   */
  refused?: Readonly<Record<string, string | ((given: GivenArgs) => string)>>;
  /** Text after the options in the help (exit codes, examples). */
  footer?: string;
  /** Returns the exit code (see ExitCode). */
  run(values: OptionValues<O>, positionals: string[], io: CommandIO): Promise<number>;
}

export type Command = CommandSpec<OptionDecls>;

/** A command with its options' types inferred from their declaration (see the format above). */
export function defineCommand<const O extends OptionDecls>(spec: CommandSpec<O>): Command {
  return spec;
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

/** The `--ca FILE` option, the same for every command that talks to a registry. */
export const caOptionDecl = {
  type: 'string',
  value: 'FILE',
  description: 'trust this CA certificate (default: the CA setup installed for Docker)',
} as const satisfies OptionDecl;

/** `--yes` and `--json`, the same for the commands that apply a plan (setup, forget). */
export const planOptionDecls = {
  yes: { type: 'boolean', description: 'apply the plan without asking' },
  json: { type: 'boolean', description: 'JSON lines on stdout' },
} as const satisfies OptionDecls;

/** Writes a line for the user on stderr, unless the output is JSON lines. */
export function sayer(io: CommandIO, json: boolean | undefined): (msg: string) => void {
  return (msg) => {
    if (!json) io.stderr.write(msg + '\n');
  };
}

/** The PEM text of `--ca FILE`, when given. */
export function caOption(values: { ca?: string | undefined }): string | undefined {
  return values.ca ? readInputFile('--ca', values.ca).toString('utf8') : undefined;
}

/** Writes `prompt` on stderr and resolves with the line the user types (stdin: a terminal). */
export async function askLine(io: CommandIO, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  const rl = createInterface({ input: io.stdin });
  try {
    return await new Promise<string>((resolve) => rl.once('line', resolve));
  } finally {
    rl.close();
  }
}

/** Asks a yes/no question on the terminal; false when stdin is not a terminal. */
export async function askYes(io: CommandIO, question: string): Promise<boolean> {
  if (!io.stdin.isTTY) return false;
  return /^\s*y(es)?\s*$/i.test(await askLine(io, `${question} [y/N] `));
}

/** Writes one JSON line on stdout (the --json format of every command). */
export function jsonLine(io: CommandIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}

/** `text` when it is one of `choices`, typed so; otherwise a usage error listing them. */
export function parseChoice<T extends string>(text: string, option: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === text);
  if (found !== undefined) return found;
  throw new CliError(`${option} ${text} is not one of ${choices.join(', ')}.`, ExitCode.usage);
}

/**
 * The port of `option` (shared/endpoint.ts's grammar: 1 to 65535), or `fallback` when not
 * given; with `free`, 0 too (the OS picks a free port).
 */
export function parsePort(text: string | undefined, option: string, fallback: number, free = false): number {
  if (text === undefined) return fallback;
  if (free && text === '0') return 0;
  if (portProblem(text) === undefined) return Number(text);
  throw new CliError(
    `invalid ${option} '${text}': use a number from 1 to 65535${free ? ', or 0 for a free one' : ''}.`,
    ExitCode.usage,
  );
}
