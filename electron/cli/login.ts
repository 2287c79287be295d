// `edge-registry login ENDPOINT -u USER --password-stdin`: checks the credentials against the
// registry and stores them the way `docker login` does (credential helper, else auths).
import {
  CliError,
  ExitCode,
  askLine,
  caOption,
  caOptionDecl,
  defineCommand,
  jsonLine,
  type CommandIO,
  type GivenArgs,
} from './command.js';
import { getCredentials, login } from '../docker/index.js';
import { defaultUsername } from '../registry-server/auth.js';
import { parseEndpointAndRepo, trustedCas } from '../registry-client/index.js';

/** The command line that logs in with the password on stdin (for scripts), as hints print it. */
function stdinForm(registry: string, username: string): string {
  return `edge-registry login ${registry} -u ${username} --password-stdin < password-file`;
}

/** Why `-p`/`--password` is refused, with the forms that keep the password off the command line. */
function passwordOptionRefused(given: GivenArgs): string {
  const registry = given.positionals[0] ?? 'ENDPOINT';
  const username = typeof given.values.username === 'string' ? given.values.username : defaultUsername;
  return (
    'login takes no password on the command line: other users of this computer can see it (in `ps`, ' +
    '/proc) and it stays in your shell history. Type it when asked instead (it is not shown):\n' +
    `  edge-registry login ${registry} -u ${username}\n` +
    `or, in a script, pass it on stdin:\n  ${stdinForm(registry, username)}`
  );
}

/**
 * The user name: -u, else asked on a terminal (the stored one, or the device's, on Enter),
 * else the stored one. Without any, a usage error with the command to run.
 */
async function userName(io: CommandIO, registry: string, given: string | undefined, fromStdin: boolean) {
  if (given) return given;
  const stored = (await getCredentials(registry).catch(() => null))?.username;
  if (io.stdin.isTTY && !fromStdin) {
    const fallback = stored ?? defaultUsername;
    return (await askLine(io, `Username (${fallback}): `)).trim() || fallback;
  }
  if (stored) return stored;
  throw new CliError(
    `the user name is missing: pass it with -u (the device's is ${defaultUsername}), e.g.\n  ${stdinForm(registry, defaultUsername)}`,
    ExitCode.usage,
  );
}

/** Reads the password from stdin: all of it when piped; one hidden line on a terminal. */
async function readPassword(io: CommandIO, fromStdin: boolean, retry: string): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (!fromStdin && !stdin.isTTY) {
    throw new CliError(
      `no terminal to type the password on: pass it on stdin with --password-stdin (never on the command line):\n  ${retry}`,
      ExitCode.usage,
    );
  }
  if (stdin.isTTY && !fromStdin) {
    io.stderr.write('Password: ');
    stdin.setRawMode?.(true);
    try {
      let text = '';
      for await (const chunk of stdin) {
        const s = chunk.toString();
        if (s.includes('\u0003')) throw new CliError('cancelled', ExitCode.interrupted);
        const end = s.search(/[\r\n]/);
        text += end >= 0 ? s.slice(0, end) : s;
        if (end >= 0) break;
      }
      return text;
    } finally {
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
    }
  }
  let text = '';
  for await (const chunk of io.stdin) text += chunk.toString();
  // `echo secret |` adds a newline that is not part of the password.
  return text.replace(/\r?\n$/, '');
}

/** The registry endpoint of `login ENDPOINT`, or a usage error that says what is wrong. */
function endpointArg(text: string): string {
  try {
    const { registry, repository } = parseEndpointAndRepo(text);
    if (repository === undefined) return registry;
  } catch (e) {
    throw new CliError((e as Error).message, ExitCode.usage);
  }
  throw new CliError(
    `log in to the registry, not a repository: give ENDPOINT (host:port), not '${text}'.`,
    ExitCode.usage,
  );
}

export const loginCommand = defineCommand({
  name: 'login',
  summary: 'Log in to a registry (stored like docker login)',
  usage: ['ENDPOINT [-u USER] [--password-stdin] [options]'],
  description: `Checks the user and password against the registry, then stores them where the docker CLI
finds them too: the configured credential helper (credsStore/credHelpers in
$DOCKER_CONFIG/config.json, default ~/.docker), or "auths" when there is none.
The password is never taken on the command line (other users could see it): on a terminal it
is typed when asked, not shown; in a script it is read from stdin with --password-stdin.
Without -u, the user name is asked on a terminal (Enter takes the one stored for ENDPOINT, or
the device's, ${defaultUsername}); otherwise the stored one is used.`,
  options: {
    username: {
      type: 'string',
      short: 'u',
      value: 'USER',
      description: `user name (the device's: ${defaultUsername})`,
    },
    'password-stdin': {
      type: 'boolean',
      description: 'read the password from stdin (all of it; one final newline is dropped)',
    },
    ca: caOptionDecl,
    json: { type: 'boolean', description: 'print {"registry","store"} as one JSON line' },
  },
  positionals: true,
  refused: { '-p': passwordOptionRefused, '--password': passwordOptionRefused },
  async run(values, positionals, io) {
    const endpoint = positionals[0];
    if (!endpoint || positionals.length > 1)
      throw new CliError('login takes one ENDPOINT (host:port).', ExitCode.usage);
    // Checked before the password is asked for.
    const registry = endpointArg(endpoint);
    const fromStdin = values['password-stdin'];
    const username = await userName(io, registry, values.username, fromStdin);
    const password = await readPassword(io, fromStdin, stdinForm(registry, username));
    if (!password) throw new CliError('the password is empty.', ExitCode.usage);
    const r = await login({
      registry,
      credentials: { username, password },
      ca: trustedCas(registry, caOption(values)),
      signal: io.signal,
    });
    if (values.json) jsonLine(io, r);
    else io.stdout.write(`Login Succeeded (stored in ${r.store})\n`);
    if (r.unencryptedIn && !values.json) {
      // What docker login says in this case too: the user should know, and how to avoid it.
      io.stderr.write(
        `Warning: with no credential helper configured, the password is stored unencrypted (base64) in ${r.unencryptedIn}, readable by your user account. ` +
          'Configure one ("credsStore": "secretservice", "pass", "osxkeychain" or "wincred" in that file, with its docker-credential-* program installed) and log in again to keep it in the OS keychain.\n',
      );
    }
    return ExitCode.ok;
  },
});
