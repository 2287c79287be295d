// `edge-registry`: the command line over electron/app, for scripts and headless machines.
import { commands } from './cli/commands.js';
import { CliError, ExitCode, type Command, type CommandIO } from './cli/command.js';
import { helpText, parseCommandLine } from './cli/options.js';
import { toCliError } from './cli/to-cli-error.js';
import { storageProblem } from './fs/atomic-file.js';

const pkgVersion = '0.1.0';

function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    "edge-registry: set up, push to and manage an edge device's container registry.",
    '',
    'Usage: edge-registry <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `edge-registry <command> --help` for a command's options.",
    '',
  ].join('\n');
}

/** Runs the CLI with argv (without node and script); resolves to the exit code. */
export async function main(argv: string[], io?: Partial<CommandIO>): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const fullIo: CommandIO = {
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    stdin: io?.stdin ?? process.stdin,
    signal: io?.signal ?? controller.signal,
  };
  try {
    return await dispatch(argv, fullIo);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function dispatch(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(globalHelp());
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${pkgVersion}\n`);
    return ExitCode.ok;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`edge-registry: unknown command '${name}'. Run \`edge-registry --help\` for the list.\n`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(helpText(command));
    return ExitCode.ok;
  }
  try {
    const { values, positionals } = parseCommandLine(command, rest);
    return await command.run(values, positionals, io);
  } catch (thrown) {
    const e = toCliError(thrown);
    if (e instanceof CliError) {
      io.stderr.write(`edge-registry ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    if (io.signal.aborted) return ExitCode.interrupted;
    io.stderr.write(`edge-registry ${name}: ${storageProblem(e) ?? (e as Error).message ?? String(e)}\n`);
    return ExitCode.failed;
  }
}
