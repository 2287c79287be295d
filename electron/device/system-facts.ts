// Gathers the SystemFacts of this machine for the plan builder, without privileges.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { detectEngine, type EngineKind } from './docker-engine.js';
import { hostsPath } from './hosts-file.js';
import { findDockerApp } from './platform-darwin.js';
import type { SystemFacts } from './setup-plan.js';

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
}

/** The facts of the machine this process runs on. `engine` may be given to skip detection. */
export function gatherFacts(opts: { engine?: EngineKind; env?: NodeJS.ProcessEnv } = {}): SystemFacts {
  const platform = process.platform;
  const env = opts.env ?? process.env;
  const path = hostsPath(platform, env);
  let hostsBytes: Buffer;
  try {
    hostsBytes = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(
        `Cannot read the hosts file ${path} (${(e as Error).message}). Check its permissions and retry.`,
        {
          cause: e,
        },
      );
    }
    hostsBytes = Buffer.alloc(0);
  }
  let hostsReadOnly = false;
  if (platform === 'win32') {
    try {
      hostsReadOnly = (statSync(path).mode & 0o200) === 0;
    } catch {
      hostsReadOnly = false;
    }
  }
  const linuxTrust =
    platform !== 'linux'
      ? 'none'
      : has('update-ca-certificates')
        ? 'debian'
        : has('update-ca-trust')
          ? 'fedora'
          : 'none';
  return {
    platform,
    hostsPath: path,
    hostsBytes,
    hostsReadOnly,
    engine: opts.engine ?? detectEngine(platform, env),
    linuxTrust,
    programData: env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData',
    rootlessDockerConfig: join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'docker'),
    ...(platform === 'darwin' ? { macDockerApp: findDockerApp() } : {}),
    exists: (p) => existsSync(p),
  };
}

/** Folders every machine of `platform` has (the review plan creates only the ones below them). */
const usualDirs: Record<string, string[]> = {
  win32: ['C:\\', 'C:\\ProgramData'],
  darwin: ['/', '/etc', '/Library', '/Library/Keychains'],
  linux: [
    '/',
    '/etc',
    '/etc/docker',
    '/usr',
    '/usr/local',
    '/usr/local/share',
    '/usr/local/share/ca-certificates',
  ],
};

/**
 * Facts of a typical machine of another OS, for a plan shown for review (`setup --dry-run
 * --platform`): its usual paths, `engine` (Docker Desktop on Windows and macOS, dockerd on
 * Linux, unless given), and a hosts file without the entry.
 */
export function typicalFacts(platform: NodeJS.Platform, engine?: EngineKind): SystemFacts {
  const dirs = new Set(usualDirs[platform] ?? usualDirs.linux);
  return {
    platform,
    hostsPath: platform === 'win32' ? 'C:\\Windows\\System32\\drivers\\etc\\hosts' : '/etc/hosts',
    hostsBytes: Buffer.alloc(0),
    hostsReadOnly: false,
    engine: engine ?? (platform === 'linux' ? 'dockerd' : 'docker-desktop'),
    linuxTrust: platform === 'linux' ? 'debian' : 'none',
    programData: 'C:\\ProgramData',
    rootlessDockerConfig: '/home/user/.config/docker',
    exists: (p) => dirs.has(p),
  };
}

/** An example staging folder on `platform` (review plans only; nothing is written there). */
export function exampleStagingDir(platform: NodeJS.Platform, kind: 'setup' | 'forget'): string {
  return platform === 'win32'
    ? win32.join('C:\\Users\\user\\AppData\\Local\\Temp', `edge-registry-${kind}-example`)
    : posix.join(platform === 'darwin' ? '/var/folders/xy/T' : '/tmp', `edge-registry-${kind}-example`);
}
