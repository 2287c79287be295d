// Registry credentials the way `docker login` keeps them, so the docker CLI and this app
// share one login: the configured credential helper (`credHelpers[registry]`, else
// `credsStore`: desktop, wincred, osxkeychain, secretservice, pass, ...) through its stdin
// protocol, or `auths` in config.json only when no helper is configured. The secret goes to a
// helper on stdin only, never on its command line, and is never logged.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { makeDir, writeFileReplacing } from '../fs/atomic-file.js';
import { DockerError } from './errors.js';

export interface StoredCredentials {
  username: string;
  password: string;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** Where a login went; `unencryptedIn`, the file, when no helper is configured (docker does the same then). */
export interface StoredWhere {
  store: string;
  unencryptedIn?: string;
}

/** The docker config folder: $DOCKER_CONFIG or ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

async function readConfig(dir: string): Promise<DockerConfigFile> {
  try {
    return JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as DockerConfigFile;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new DockerError(
      'ENGINE',
      `${join(dir, 'config.json')} is not valid JSON (${(e as Error).message}). Fix or remove it, then try again.`,
    );
  }
}

/** Writes config.json atomically with mode 0600 (it may hold `auths`). */
async function writeConfig(dir: string, config: DockerConfigFile): Promise<void> {
  await makeDir(dir, 0o700);
  await writeFileReplacing(join(dir, 'config.json'), JSON.stringify(config, null, '\t') + '\n', {
    mode: 0o600,
  });
}

/** The helper configured for `registry` (host:port), if any. */
export function helperFor(config: DockerConfigFile, registry: string): string | undefined {
  return config.credHelpers?.[registry] || config.credsStore || undefined;
}

/** Runs `docker-credential-<helper> <action>` with `input` on stdin; resolves with stdout. */
export function runHelper(
  helper: string,
  action: 'store' | 'get' | 'erase' | 'list',
  input: string,
): Promise<{ code: number; stdout: string }> {
  const bin = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [action], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new DockerError(
          'HELPER_FAILED',
          e.code === 'ENOENT'
            ? `The Docker credential helper ${bin} is configured (config.json) but not installed. Install it, or remove "credsStore"/"credHelpers" from ${dockerConfigDir()}/config.json, then log in again.`
            : `The Docker credential helper ${bin} could not start (${e.code ?? e.message}).`,
        ),
      ),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: stdout || stderr }));
    child.stdin.on('error', () => {}); // A helper that exits early: its exit code says why.
    child.stdin.end(input);
  });
}

/** Stores credentials for `registry` where `docker login` would; returns where they went. */
export async function storeCredentials(
  registry: string,
  creds: StoredCredentials,
  configDir = dockerConfigDir(),
): Promise<StoredWhere> {
  const config = await readConfig(configDir);
  const helper = helperFor(config, registry);
  if (helper) {
    const r = await runHelper(
      helper,
      'store',
      JSON.stringify({ ServerURL: registry, Username: creds.username, Secret: creds.password }),
    );
    if (r.code !== 0) {
      throw new DockerError(
        'HELPER_FAILED',
        `The Docker credential helper docker-credential-${helper} could not store the login for ${registry}: ${r.stdout.trim().slice(0, 200)}`,
      );
    }
    // Docker keeps an empty entry so that `docker` knows the registry is logged in.
    config.auths = { ...config.auths, [registry]: {} };
    await writeConfig(configDir, config);
    return { store: `credential helper ${helper}` };
  }
  const auth = Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
  config.auths = { ...config.auths, [registry]: { auth } };
  await writeConfig(configDir, config);
  const file = join(configDir, 'config.json');
  return { store: `${file} (auths)`, unencryptedIn: file };
}

/** Reads the stored credentials for `registry`, or null when there are none. */
export async function getCredentials(
  registry: string,
  configDir = dockerConfigDir(),
): Promise<StoredCredentials | null> {
  const config = await readConfig(configDir);
  const helper = helperFor(config, registry);
  if (helper) {
    const r = await runHelper(helper, 'get', registry);
    // Helpers answer "credentials not found in native keychain" with a non-zero exit.
    if (r.code !== 0) return null;
    try {
      const body = JSON.parse(r.stdout) as { Username?: string; Secret?: string };
      return body.Secret ? { username: body.Username ?? '', password: body.Secret } : null;
    } catch {
      throw new DockerError(
        'HELPER_FAILED',
        `The Docker credential helper docker-credential-${helper} answered with something that is not JSON.`,
      );
    }
  }
  const auth = config.auths?.[registry]?.auth;
  if (!auth) return null;
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Removes the stored credentials for `registry` (logout). */
export async function eraseCredentials(registry: string, configDir = dockerConfigDir()): Promise<void> {
  const config = await readConfig(configDir);
  const helper = helperFor(config, registry);
  if (helper) await runHelper(helper, 'erase', registry);
  if (config.auths?.[registry]) {
    delete config.auths[registry];
    await writeConfig(configDir, config);
  }
}
