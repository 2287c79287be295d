// Parsing a command's arguments and writing its help, both from the one declaration of its
// options (see the format in ./command.ts). Node's parseArgs splits the arguments into
// tokens; the checks and their messages are ours, so that every error names the option and
// shows the command's usage instead of Node's generic text.
import { parseArgs } from 'node:util';
import {
  CliError,
  ExitCode,
  type Command,
  type GivenArgs,
  type OptionDecl,
  type OptionDecls,
} from './command.js';

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** The widest help line we write; option descriptions wrap to it. */
const helpWidth = 100;

/** `--name VALUE` (or `--name` for a flag), as the help and the messages write it. */
function spelling(long: string, decl: OptionDecl): string {
  return decl.type === 'string' ? `--${long} ${decl.value ?? 'VALUE'}` : `--${long}`;
}

/** The synopsis of a command without usage lines of its own: `[--port N] [--demo] ...`. */
function synopsis(command: Command): string {
  return Object.entries(command.options)
    .map(([long, decl]) => `[${spelling(long, decl)}]${decl.multiple ? '...' : ''}`)
    .join(' ');
}

/** The usage lines: `Usage: edge-registry NAME ...`, one per form. */
export function usageLines(command: Command): string {
  const forms = command.usage ?? [synopsis(command)];
  return forms
    .map((form, i) => `${i === 0 ? 'Usage:' : '      '} edge-registry ${command.name} ${form}`.trimEnd())
    .join('\n');
}

/** Words of `text` in lines of at most `width` characters (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

/** The option table of the help: flags in one column, descriptions wrapped beside them. */
function optionTable(options: OptionDecls): string {
  const rows = Object.entries(options).map(([long, decl]) => {
    const flags = `${decl.short ? `-${decl.short}, ` : ''}${spelling(long, decl)}`;
    const notes = [
      decl.multiple ? 'repeatable' : undefined,
      decl.default !== undefined ? `default ${decl.default}` : undefined,
    ].filter(Boolean);
    return [flags, notes.length ? `${decl.description} (${notes.join('; ')})` : decl.description] as const;
  });
  const column = Math.min(Math.max(...rows.map(([flags]) => flags.length)) + 4, 32);
  return rows
    .map(([flags, text]) => {
      const lines = wrap(text, helpWidth - column);
      const first =
        flags.length + 4 <= column ? `  ${flags.padEnd(column - 2)}${lines.shift()}` : `  ${flags}`;
      return [first, ...lines.map((l) => ' '.repeat(column) + l)].join('\n');
    })
    .join('\n');
}

/** The whole `edge-registry NAME --help` text. */
export function helpText(command: Command): string {
  const parts = [usageLines(command)];
  if (command.description) parts.push(command.description.replace(/^\n+|\s+$/g, ''));
  if (Object.keys(command.options).length) parts.push(`Options:\n${optionTable(command.options)}`);
  if (command.footer) parts.push(command.footer.replace(/^\n+|\s+$/g, ''));
  return parts.join('\n\n') + '\n';
}

/** A usage error that shows the command's usage and where its options are explained. */
function usageError(command: Command, message: string): CliError {
  return new CliError(
    `${message}\n${usageLines(command)}\nRun \`edge-registry ${command.name} --help\` for its options.`,
    ExitCode.usage,
  );
}

/**
 * The refusal message when `tokens` hold a refused option. Its context leaves out the refused
 * option's value (`-p SECRET`: SECRET is not an argument, and must not be echoed).
 */
function refusal(command: Command, args: string[], tokens: Token[]): string | undefined {
  const refused = tokens.find((t) => t.kind === 'option' && command.refused?.[t.rawName] !== undefined);
  if (refused?.kind !== 'option') return undefined;
  const message = command.refused![refused.rawName]!;
  if (typeof message === 'string') return message;
  // `-p SECRET` (the option alone in its argument) takes the next one; `-pSECRET`, `--password=S` do not.
  const valueAt = args[refused.index] === refused.rawName ? refused.index + 1 : -1;
  const given: GivenArgs = { values: {}, positionals: [] };
  for (const t of tokens) {
    if (t === refused || t.index === valueAt) continue;
    if (t.kind === 'positional') given.positionals.push(t.value);
    else if (t.kind === 'option' && Object.hasOwn(command.options, t.name))
      given.values[t.name] = t.value ?? true;
  }
  return message(given);
}

/** The values and positionals of `args` for `command`, or a usage error that says what is wrong. */
export function parseCommandLine(
  command: Command,
  args: string[],
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  const config = Object.fromEntries(
    Object.entries(command.options).map(([long, d]) => [
      long,
      { type: d.type, ...(d.short ? { short: d.short } : {}), ...(d.multiple ? { multiple: true } : {}) },
    ]),
  );
  const { tokens } = parseArgs({
    args,
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const refused = refusal(command, args, tokens);
  if (refused) throw new CliError(refused, ExitCode.usage);
  const values: Record<string, string | boolean | string[] | undefined> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!command.positionals)
        throw usageError(command, `${command.name} takes no arguments, but '${token.value}' was given.`);
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const decl = Object.hasOwn(command.options, token.name) ? command.options[token.name] : undefined;
    if (!decl) throw usageError(command, `unknown option '${token.rawName}'.`);
    if (decl.type === 'boolean') {
      if (token.inlineValue) throw usageError(command, `${token.rawName} takes no value (give it alone).`);
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('-') && value !== '-'))
      throw usageError(
        command,
        `${token.rawName} needs a value: ${spelling(token.name, decl)}` +
          (value === undefined
            ? '.'
            : ` ('${value}' looks like an option; write --${token.name}=VALUE for a value that starts with -).`),
      );
    const before = values[token.name];
    values[token.name] = decl.multiple ? [...(Array.isArray(before) ? before : []), value] : value;
  }
  for (const [long, decl] of Object.entries(command.options)) {
    if (values[long] !== undefined) continue;
    values[long] = decl.type === 'boolean' ? false : decl.multiple ? [] : decl.default;
  }
  return { values, positionals };
}
