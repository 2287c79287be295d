// Running an image the way the device manual does (`docker run -p 8080:80 IMAGE`): pull it
// with the stored credentials when it is not local, start it detached, report the URL; and
// stop-and-remove it again.
import type Docker from 'dockerode';
import { DockerError, engineMessage } from './errors.js';
import type { StoredCredentials } from './credentials.js';
import { imageExists } from './images.js';

export interface RunOptions {
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
  /** The network mode the container runs in: default (the bridge), host, none, or a network's name. */
  network: string;
  /**
   * Where it answers, from what Docker reports after the start (NetworkSettings.Ports), not
   * from what was asked: http://HOST:PORT per published TCP port; with host networking (Docker
   * publishes nothing there) the container's own ports on this computer.
   */
  urls: string[];
  /** Asked-for ports that are not reachable as asked, and why, in words (empty when all are). */
  notes: string[];
}

type PortMap = Record<string, { HostIp?: string; HostPort?: string }[] | null | undefined>;

/** A URL host for a binding's address: the wildcard addresses are this computer. */
function urlHost(ip: string | undefined): string {
  if (!ip || ip === '0.0.0.0' || ip === '::') return 'localhost';
  return ip.includes(':') ? `[${ip}]` : ip;
}

/**
 * The URLs and the notes of a started container, from its inspect data: the ports Docker
 * published, or with host networking the container's own ports (those asked for with -p, else
 * the image's EXPOSE); with no network, nothing.
 */
export function reachability(
  inspect: {
    HostConfig?: { NetworkMode?: string };
    NetworkSettings?: { Ports?: PortMap };
    Config?: { ExposedPorts?: Record<string, unknown> };
  },
  asked: { container: string; hostPort: string }[],
): { network: string; urls: string[]; notes: string[] } {
  const network = inspect.HostConfig?.NetworkMode || 'default';
  const tcp = (port: string) => port.endsWith('/tcp');
  const askedText = asked.map((p) => `-p ${p.hostPort}:${p.container.replace(/\/tcp$/, '')}`).join(' ');
  if (network === 'none') {
    return {
      network,
      urls: [],
      notes: [
        `Nothing in the container can be reached: it runs with --network none (no network at all)${asked.length ? `, so ${askedText} publishes nothing` : ''}. Leave out --network (or pick another network) to publish ports.`,
      ],
    };
  }
  if (network === 'host') {
    const own = asked.length
      ? asked.filter((p) => tcp(p.container)).map((p) => p.container)
      : Object.keys(inspect.Config?.ExposedPorts ?? {}).filter(tcp);
    const ports = [...new Set(own.map((p) => p.replace(/\/tcp$/, '')))];
    const notes = [];
    if (asked.some((p) => p.hostPort !== p.container.replace(/\/tcp$/, '')))
      notes.push(
        `With --network host Docker publishes no ports (${askedText} is ignored): the container uses this computer's ports directly, so it answers on its own port${ports.length === 1 ? '' : 's'} ${ports.join(', ')}.`,
      );
    if (!ports.length)
      notes.push(
        "The container shares this computer's network (--network host): it answers on whatever port it listens on; its image declares none (EXPOSE) and no -p was given.",
      );
    return { network, urls: ports.map((p) => `http://localhost:${p}`), notes };
  }
  const published = inspect.NetworkSettings?.Ports ?? {};
  const urls = new Set<string>();
  const notes: string[] = [];
  for (const [port, bindings] of Object.entries(published)) {
    if (!tcp(port)) continue;
    for (const b of bindings ?? []) if (b.HostPort) urls.add(`http://${urlHost(b.HostIp)}:${b.HostPort}`);
  }
  const missing = asked.filter((p) => !(published[p.container] ?? []).some((b) => b.HostPort));
  if (missing.length)
    notes.push(
      `Docker published ${missing.length === asked.length ? 'none' : 'not all'} of the ports asked for: ${missing.map((p) => `${p.hostPort}:${p.container}`).join(', ')} ${missing.length === 1 ? 'has' : 'have'} no binding on the ${network === 'default' ? 'default' : `'${network}'`} network. An engine started without its bridge network (dockerd --bridge=none) publishes nothing: start Docker with its bridge, or use --network host.`,
    );
  return { network, urls: [...urls], notes };
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
export async function runImage(docker: Docker, opts: RunOptions): Promise<RunResult> {
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
  return { id: info.Id, name: info.Name.replace(/^\//, ''), ...reachability(info, ports) };
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
