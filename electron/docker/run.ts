// Running an image the way the device manual does (`docker run -p 8080:80 IMAGE`): pull it
// with the stored credentials when it is not local, start it detached, report the URL; and
// stop-and-remove it again.
import type Docker from 'dockerode';
import { DockerError, engineMessage } from './errors.js';
import type { StoredCredentials } from './credentials.js';
import { imageExists } from './images.js';

export interface RunImageOptions {
  image: string;
  /** `HOST:CONTAINER[/proto]` port mappings, as `docker run -p` takes them. */
  ports?: string[];
  name?: string;
  /** Docker network mode (default: the engine's default bridge). */
  network?: string;
  /** Command to run instead of the image's CMD. */
  command?: string[];
  credentials?: StoredCredentials | null;
  signal?: AbortSignal;
}

export interface RunResult {
  id: string;
  name: string;
  /** http://localhost:<host port> per published port. */
  urls: string[];
}

/** Parses `-p` values: `8080:80`, `127.0.0.1:8080:80`, `8080:80/udp`. */
export function parsePorts(ports: string[]): { container: string; hostIp: string; hostPort: string }[] {
  return ports.map((p) => {
    const [spec, proto = 'tcp'] = p.split('/');
    const parts = (spec ?? '').split(':');
    if (
      parts.length < 2 ||
      parts.length > 3 ||
      !parts.every((x, i) => (i === 0 && parts.length === 3) || /^\d{1,5}$/.test(x))
    ) {
      throw new DockerError(
        'RUN_FAILED',
        `'${p}' is not a port mapping; write HOST:CONTAINER, e.g. 8080:80.`,
      );
    }
    const [hostIp, hostPort, container] = parts.length === 3 ? parts : ['', parts[0]!, parts[1]!];
    return { container: `${container}/${proto}`, hostIp: hostIp!, hostPort: hostPort! };
  });
}

/** Pulls `image` with explicit credentials (dockerode does not read the Docker config). */
export async function pullImage(
  docker: Docker,
  image: string,
  credentials?: StoredCredentials | null,
): Promise<void> {
  const registry = image.split('/')[0]!;
  const authconfig = credentials ? { ...credentials, serveraddress: registry } : undefined;
  let failure: string | undefined;
  try {
    const stream = (await docker.pull(image, authconfig ? { authconfig } : {})) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(
        stream,
        (err) => (err ? reject(err) : resolve()),
        (ev: { error?: string; errorDetail?: { message?: string } }) => {
          if (ev.error || ev.errorDetail) failure = ev.errorDetail?.message ?? ev.error;
        },
      ),
    );
  } catch (e) {
    failure ??= engineMessage(e);
  }
  if (failure)
    throw new DockerError(
      'RUN_FAILED',
      `Docker could not pull ${image}: ${failure}. Check the name (\`edge-registry ls ${registry}\`) and your login.`,
    );
}

/** Starts `image` detached with the port mappings; resolves with its id, name and URLs. */
export async function runImage(docker: Docker, opts: RunImageOptions): Promise<RunResult> {
  const ports = parsePorts(opts.ports ?? []);
  if (!(await imageExists(docker, opts.image))) await pullImage(docker, opts.image, opts.credentials);
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ports) {
    exposed[p.container] = {};
    (bindings[p.container] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort });
  }
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
      Image: opts.image,
      name: opts.name,
      Cmd: opts.command,
      ExposedPorts: exposed,
      HostConfig: { PortBindings: bindings, NetworkMode: opts.network },
    });
    await container.start();
  } catch (e) {
    throw new DockerError('RUN_FAILED', `Docker could not run ${opts.image}: ${engineMessage(e)}`);
  }
  const info = await container.inspect();
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    urls: ports
      .filter((p) => p.container.endsWith('/tcp'))
      .map((p) => `http://${p.hostIp && p.hostIp !== '0.0.0.0' ? p.hostIp : 'localhost'}:${p.hostPort}`),
  };
}

/** Stops (2 s grace) and removes a container started by runImage. */
export async function stopContainer(docker: Docker, idOrName: string): Promise<void> {
  const c = docker.getContainer(idOrName);
  try {
    await c.stop({ t: 2 }).catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 304) throw e; // 304: already stopped.
    });
    await c.remove({ force: true });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) {
      throw new DockerError(
        'RUN_FAILED',
        `There is no container ${idOrName}. List them with \`docker ps -a\`.`,
      );
    }
    throw new DockerError('RUN_FAILED', `Docker could not stop ${idOrName}: ${engineMessage(e)}`);
  }
}
