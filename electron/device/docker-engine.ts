// Which Docker engine this machine runs (it decides where Docker reads registry CAs and
// whether a restart is needed), and waiting until the engine answers after a restart.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connectDocker } from '../docker/engine.js';
import { findDockerApp } from './platform-darwin.js';
import { text, type Text } from '../../shared/i18n/index.js';

/**
 * - `docker-desktop`: Docker Desktop (Windows, macOS); reads the OS root store at start.
 * - `windows-service`: Docker Engine as the Windows service `docker`; reads %ProgramData%\docker\certs.d.
 * - `dockerd`: dockerd (systemd or started by hand); reads /etc/docker/certs.d on each connection.
 * - `rootless`: rootless dockerd; reads ~/.config/docker/certs.d.
 * - `none`: no engine installed or found.
 */
export type EngineKind = 'docker-desktop' | 'windows-service' | 'dockerd' | 'rootless' | 'none';

/** Finds the engine kind from installed files and the socket in use (no privileges needed). */
export function detectEngine(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): EngineKind {
  if (platform === 'win32') {
    const programFiles = env.ProgramFiles ?? 'C:\\Program Files';
    if (existsSync(join(programFiles, 'Docker', 'Docker', 'Docker Desktop.exe'))) return 'docker-desktop';
    const sc = spawnSync('sc.exe', ['query', 'docker'], { stdio: 'ignore', windowsHide: true });
    return sc.status === 0 ? 'windows-service' : 'none';
  }
  if (platform === 'darwin') {
    return findDockerApp() ? 'docker-desktop' : 'none';
  }
  const host = env.DOCKER_HOST ?? '';
  const runtime = env.XDG_RUNTIME_DIR;
  if (/\/run\/user\/\d+\//.test(host) || (runtime && host.includes(runtime))) return 'rootless';
  if (!host && runtime && existsSync(join(runtime, 'docker.sock')) && !existsSync('/var/run/docker.sock')) {
    return 'rootless';
  }
  const found = spawnSync('sh', ['-c', 'command -v dockerd'], { stdio: 'ignore' }).status === 0;
  return found || host || existsSync('/var/run/docker.sock') ? 'dockerd' : 'none';
}

/** The engine that runs now, watched: `gone` settles once it stops (its event stream ends). */
export interface EngineWatch {
  gone: Promise<void>;
  close(): void;
}

/**
 * Watches the engine that runs now, so that a wait after a restart can tell the old engine from
 * the new one: the old one's event stream ends when it stops. With no engine running, `gone` is
 * already settled (any engine that answers later is a new one).
 */
export async function watchEngine(env: NodeJS.ProcessEnv = process.env): Promise<EngineWatch> {
  const none = { gone: Promise.resolve(), close: () => {} };
  try {
    const docker = await connectDocker(env);
    const stream = (await docker.getEvents({ filters: { type: ['daemon'] } })) as NodeJS.ReadableStream & {
      destroy(): void;
    };
    const gone = new Promise<void>((resolve) => {
      for (const event of ['end', 'close', 'error']) stream.once(event, () => resolve());
    });
    stream.resume();
    return { gone, close: () => stream.destroy() };
  } catch {
    return none;
  }
}

/**
 * Waits until the engine answers or `timeoutMs` passes, reporting each attempt; throws a
 * message that says what to do when it never answers. Each attempt looks for the engine
 * afresh where connectDocker does (DOCKER_HOST, Docker Desktop's and rootless sockets): a
 * restarting Docker Desktop removes its socket and makes it again.
 */
export async function waitForEngine(
  opts: {
    timeoutMs?: number;
    intervalMs?: number;
    onProgress?: (t: Text) => void;
    signal?: AbortSignal;
    env?: NodeJS.ProcessEnv;
    /** The engine from before a restart: the wait ignores it, and starts asking once it has stopped. */
    oldEngine?: EngineWatch;
  } = {},
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const until = Date.now() + timeoutMs;
  if (opts.oldEngine) {
    opts.onProgress?.(text('job.docker.restarting'));
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      opts.oldEngine.gone.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!stopped) {
      throw new Error(
        'Docker was not restarted: the engine that ran before still runs, so it does not know the new CA yet. Restart Docker yourself (Docker Desktop: its menu, Restart), then retry.',
      );
    }
  }
  let attempt = 0;
  let last: string;
  for (;;) {
    attempt++;
    try {
      await connectDocker(opts.env);
      opts.onProgress?.(text('job.docker.answers', { attempt }));
      return;
    } catch (e) {
      last = (e as Error).message;
    }
    if (opts.signal?.aborted) throw new Error('Stopped while waiting for Docker.');
    if (Date.now() >= until) {
      throw new Error(
        `Docker did not answer within ${timeoutMs < 10_000 ? (timeoutMs / 1000).toFixed(1) : Math.round(timeoutMs / 1000)} s. ${last}`,
      );
    }
    opts.onProgress?.(text('job.docker.waiting', { attempt }));
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
  }
}
