// Pushing to the current device: a local Docker image (through the engine, by the device's
// name) or a dropped docker-save / OCI tarball (straight to the registry), each as a job.
import { ApiError, type CompanionApi } from '../../../shared/api.js';
import { text } from '../../../shared/i18n/index.js';
import type { CurrentDevice } from '../device-session.js';
import type { DockerSession } from '../docker-images.js';
import type { Jobs } from '../jobs.js';
import type { Staging } from '../staging.js';
import { pushArchive } from '../tarball-push.js';
import { checkTarget, repo, tagArg } from './arguments.js';
import type { Changed } from './changed.js';

type PushApi = Pick<CompanionApi, 'pushImage' | 'pushTarball' | 'cancelJob'>;

/** What the push methods need besides the session. */
export interface PushDeps {
  docker: Pick<DockerSession, 'push'>;
  jobs: Pick<Jobs, 'start' | 'cancel'>;
  staging: Pick<Staging, 'get' | 'release'>;
  changed: Changed;
}

/** The push methods over `session`'s current device. */
export function pushFeature(session: CurrentDevice, { docker, jobs, staging, changed }: PushDeps): PushApi {
  return {
    async pushImage(args) {
      const target = session.current();
      const repository = repo(args.repository);
      const tag = tagArg(args.tag);
      // Docker reaches the device by its name, which only setup maps (hosts entry, trusted CA).
      if (!session.describe(target).setUp)
        throw new ApiError('NOT_SET_UP', text('err.app.notSetUp', { endpoint: target.view.endpoint }));
      return jobs.start('push', `${repository}:${tag}`, async (ctx) => {
        try {
          return await docker.push(target, args.image, repository, tag, ctx);
        } finally {
          changed('repositories', 'storage');
        }
      });
    },
    async pushTarball(args) {
      const target = session.current();
      checkTarget(args.repository, args.tag); // first: a refused name leaves the file staged for a retry
      const file = staging.get(args.fileId);
      return jobs.start('push-tarball', file.name, async (ctx) => {
        try {
          return await pushArchive(
            target,
            file.path,
            file.name,
            { repository: args.repository, tag: args.tag },
            ctx,
          );
        } finally {
          await staging.release(file.id);
          changed('repositories', 'storage');
        }
      });
    },
    async cancelJob(args) {
      jobs.cancel(args.id);
    },
  };
}
