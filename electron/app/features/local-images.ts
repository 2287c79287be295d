// Local Docker images: the list, removing a tag, and whether this computer's engine trusts
// the current device.
import type { CompanionApi } from '../../../shared/api.js';
import type { CurrentDevice } from '../device-session.js';
import type { DockerSession } from '../docker-images.js';

type LocalImagesApi = Pick<CompanionApi, 'listLocalImages' | 'untagLocalImage' | 'dockerTrust'>;

/** The local-image methods over `docker`. */
export function localImagesFeature(
  session: CurrentDevice,
  docker: Pick<DockerSession, 'list' | 'untag' | 'trust'>,
): LocalImagesApi {
  return {
    async listLocalImages() {
      return docker.list();
    },
    async untagLocalImage(args) {
      return docker.untag(args.ref);
    },
    async dockerTrust() {
      const d = session.current();
      return docker.trust({ ...d, view: session.describe(d) });
    },
  };
}
