// Local Docker images and pushing one to the current device through the user's Docker
// engine (electron/docker, dockerode). The engine must reach the device by its endpoint
// name and trust its CA: that is what device setup does; the error says so otherwise.
import type Docker from 'dockerode';
import type { DockerTrustView, LocalImageView } from '../../shared/api.js';
import { checkEngineTrust } from '../docker/engine-trust.js';
import { connectDocker, listImages, pushAs, untagImage } from '../docker/index.js';
import type { ActiveDevice } from './active-device.js';
import { layerViews, type JobContext } from './jobs.js';
import { text, type Text } from '../../shared/i18n/index.js';

/** One engine connection, made on first use and made again after a failure (Docker restarted). */
export class DockerSession {
  #docker: Promise<Docker> | undefined;

  /** The connected engine, or the DockerError that says why there is none. */
  engine(): Promise<Docker> {
    this.#docker ??= connectDocker().catch((e: unknown) => {
      this.#docker = undefined;
      throw e;
    });
    return this.#docker;
  }

  /** Local images, newest first. */
  async list(): Promise<LocalImageView[]> {
    try {
      const images = await listImages(await this.engine());
      return images.map((i) => ({ id: i.id, repoTags: i.repoTags, size: i.size, created: i.created }));
    } catch (e) {
      // The engine may have gone away since we connected: connect afresh next time.
      this.#docker = undefined;
      throw e;
    }
  }

  /** Whether this computer's Docker engine trusts `device` (the "Docker on this computer" status). */
  async trust(device: ActiveDevice): Promise<DockerTrustView> {
    const registry = device.view.endpoint;
    if (!device.view.setUp) return { state: 'not-set-up', text: text('engineTrust.notSetUp') };
    let docker: Docker;
    try {
      docker = await this.engine();
    } catch {
      return { state: 'no-docker', text: text('engineTrust.noDocker', { registry }) };
    }
    try {
      const r = await checkEngineTrust(docker, registry, {
        credentials: { username: device.view.username, password: device.view.password },
      });
      return r.trusted
        ? { state: 'trusted', text: r.text }
        : { state: 'untrusted', problem: r.problem, text: r.text };
    } catch {
      this.#docker = undefined;
      return { state: 'no-docker', text: text('engineTrust.noDocker', { registry }) };
    }
  }

  /** Removes the local tag `ref`; its image stays while it has other tags. */
  async untag(ref: string): Promise<{ imageRemoved: boolean }> {
    return untagImage(await this.engine(), ref);
  }

  /**
   * Tags `image` as `<endpoint>/<repository>:<tag>` and pushes it with the device's credentials.
   * Docker pushes only a tag, so the app adds one; once the push ends (done, failed or cancelled)
   * that tag goes again, unless the user had made it before.
   */
  async push(
    device: ActiveDevice,
    image: string,
    repository: string,
    tag: string,
    ctx: JobContext,
  ): Promise<Text> {
    const docker = await this.engine();
    const target = `${device.view.endpoint}/${repository}:${tag}`;
    return this.#push(docker, device, image, target, ctx);
  }

  async #push(
    docker: Docker,
    device: ActiveDevice,
    image: string,
    target: string,
    ctx: JobContext,
  ): Promise<Text> {
    const result = await pushAs(docker, image, target, {
      credentials: { username: device.view.username, password: device.view.password },
      signal: ctx.signal,
      onProgress: (p) =>
        ctx.update({
          message: target,
          progress: p.total > 0 ? p.done / p.total : 0,
          layers: layerViews(p.layers),
        }),
    });
    return text('job.pushedDigest', { ref: target, digest: result.digest.slice(0, 19) });
  }
}
