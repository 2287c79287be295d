// Finding the user's Docker engine: DOCKER_HOST when set, else the usual places per OS
// (the Windows named pipe, Docker Desktop's sockets on macOS and Linux, /var/run/docker.sock,
// rootless Docker). Says clearly whether Docker is missing or just not running.
import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter } from 'node:path';
import { DockerError } from './errors.js';
import { text } from '../../shared/i18n/index.js';

export interface EngineLocation {
  /** What we connect to, for messages (`unix:///var/run/docker.sock`, `npipe:////./pipe/docker_engine`). */
  label: string;
  options: Docker.DockerOptions;
}

/** Where the engine may be on this platform, most likely first (DOCKER_HOST wins). */
export function engineCandidates(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): EngineLocation[] {
  const host = env.DOCKER_HOST;
  if (host) {
    if (host.startsWith('unix://'))
      return [{ label: host, options: { socketPath: host.slice('unix://'.length) } }];
    if (host.startsWith('npipe://'))
      return [{ label: host, options: { socketPath: host.replace(/^npipe:\/\//, '') } }];
    // tcp:// and ssh://: docker-modem reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH itself.
    return [{ label: host, options: {} }];
  }
  const sock = (p: string): EngineLocation => ({ label: `unix://${p}`, options: { socketPath: p } });
  if (platform === 'win32') {
    return ['//./pipe/docker_engine', '//./pipe/dockerDesktopLinuxEngine'].map((p) => ({
      label: `npipe://${p}`,
      options: { socketPath: p },
    }));
  }
  if (platform === 'darwin') {
    return [
      join(home, '.docker/run/docker.sock'),
      '/var/run/docker.sock',
      join(home, '.docker/desktop/docker.sock'),
      join(home, '.colima/default/docker.sock'),
    ].map(sock);
  }
  const list = ['/var/run/docker.sock'];
  if (env.XDG_RUNTIME_DIR) list.push(join(env.XDG_RUNTIME_DIR, 'docker.sock'));
  list.push(join(home, '.docker/desktop/docker.sock'));
  return list.map(sock);
}

/** True when a docker CLI or engine binary is on PATH (to tell "not installed" from "not running"). */
function dockerInstalled(env: NodeJS.ProcessEnv): boolean {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  return (env.PATH ?? '')
    .split(delimiter)
    .some((d) => ['docker', 'dockerd'].some((n) => exts.some((x) => d && existsSync(join(d, n + x)))));
}

/** Connects to the engine and checks that it answers; throws a DockerError that says what to do. */
export async function connectDocker(env: NodeJS.ProcessEnv = process.env): Promise<Docker> {
  const candidates = engineCandidates(env);
  // Prefer a socket that exists; a pipe or a remote host can only be tried.
  const present = candidates.filter(
    (c) =>
      !c.options.socketPath ||
      c.options.socketPath.startsWith('//') ||
      c.options.socketPath.startsWith('\\\\') ||
      existsSync(c.options.socketPath),
  );
  const first = present[0];
  if (!first) {
    throw dockerInstalled(env)
      ? new DockerError(
          'NOT_RUNNING',
          text('err.docker.notRunning', { where: candidates.map((c) => c.label).join(', ') }),
        )
      : new DockerError('NOT_INSTALLED', text('err.docker.notInstalled'));
  }
  // Loaded here, not at start-up: dockerode is a tenth of a second of every CLI command's start.
  const { default: Docker } = await import('dockerode');
  let lastError: unknown;
  for (const c of present) {
    const docker = new Docker(c.options);
    try {
      await docker.ping();
      return docker;
    } catch (e) {
      lastError = e;
      if ((e as NodeJS.ErrnoException).code === 'EACCES') {
        throw new DockerError('NO_PERMISSION', text('err.docker.noPermission', { where: c.label }));
      }
    }
  }
  const code = (lastError as NodeJS.ErrnoException)?.code ?? (lastError as Error)?.message;
  throw new DockerError(
    'NOT_RUNNING',
    text('err.docker.notAnswering', { where: present.map((c) => c.label).join(', '), code: String(code) }),
  );
}
