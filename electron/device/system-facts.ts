// Gathers the SystemFacts of this machine for the plan builder, without privileges.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
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
