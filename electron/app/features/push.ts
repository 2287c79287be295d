// Pushing to the current device: a local Docker image (through the engine, by the device's
// name) or a dropped docker-save / OCI tarball (straight to the registry), each as a job.
import { ApiError, ApiErrorCode, type CompanionApi } from '../../../shared/api.js';
import { text } from '../../../shared/i18n/index.js';
import { requireLogin, type CurrentDevice, type DeviceSession } from '../device-session.js';
import type { DockerSession } from '../docker-images.js';
import type { Jobs } from '../jobs.js';
import type { Staging } from '../staging.js';
import { pushArchive } from '../tarball-push.js';
import { checkTarget, repo, tagArg } from './arguments.js';
import type { Changed } from './changed.js';

type PushApi = Pick<CompanionApi, 'pushImage' | 'pushTarball' | 'pushToDevices' | 'cancelJob'>;

/** What the push methods need besides the session. */
export interface PushDeps {
  docker: Pick<DockerSession, 'push'>;
  jobs: Pick<Jobs, 'start' | 'cancel'>;
  staging: Pick<Staging, 'get' | 'release'>;
  changed: Changed;
}

/** The push methods over `session`'s current device. */
export function pushFeature(
  session: CurrentDevice & Pick<DeviceSession, 'connect'>,
  { docker, jobs, staging, changed }: PushDeps,
): PushApi {
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
    async pushToDevices(args) {
      const local = args.image !== undefined && args.image !== '';
      if (local === (args.fileId !== undefined && args.fileId !== ''))
        throw new ApiError(ApiErrorCode.badRequest, text('err.app.fleetNoSource'));
      const repository = local ? repo(args.repository ?? '') : args.repository;
      const tag = local ? tagArg(args.tag ?? '') : args.tag;
      if (!local) checkTarget(repository, tag);
      // Every device is checked before any job starts: a typo must not leave half a fleet pushed.
      const devices = [...new Set(args.devices)];
      if (devices.length === 0) throw new ApiError(ApiErrorCode.badRequest, text('err.app.fleetNoDevice'));
      const connected = devices.map((id) => session.connect(id));
      const releaseAll = () => connected.forEach((c) => c?.release());
      const unknown = devices.find((_, i) => !connected[i]);
      if (unknown !== undefined) {
        releaseAll();
        throw new ApiError(ApiErrorCode.badRequest, text('err.app.fleetUnknownDevice', { device: unknown }));
      }
      const targets = connected.filter((c) => c !== undefined);
      // Remembered from a run that could not keep its password: the user logs in to it first.
      try {
        for (const { device } of targets) requireLogin(device.view.endpoint, device.view.password);
      } catch (e) {
        releaseAll();
        throw e;
      }
      const notSetUp = local ? targets.find((c) => !session.describe(c.device).setUp) : undefined;
      if (notSetUp) {
        releaseAll();
        throw new ApiError(
          'NOT_SET_UP',
          text('err.app.notSetUp', { endpoint: notSetUp.device.view.endpoint }),
        );
      }
      let file: ReturnType<typeof staging.get> | undefined;
      try {
        file = local ? undefined : staging.get(args.fileId!);
      } catch (e) {
        releaseAll();
        throw e;
      }
      let left = targets.length;
      return targets.map(({ device, release }) =>
        jobs.start(
          local ? 'push' : 'push-tarball',
          `${device.view.endpoint}: ${local ? `${repository}:${tag}` : file!.name}`,
          async (ctx) => {
            try {
              if (local) return await docker.push(device, args.image!, repository!, tag!, ctx);
              return await pushArchive(device, file!.path, file!.name, { repository, tag }, ctx);
            } finally {
              release();
              // The staged file stays until the last device has read it.
              if (--left === 0 && file) await staging.release(file.id);
              changed('repositories', 'storage');
            }
          },
        ),
      );
    },
    async cancelJob(args) {
      jobs.cancel(args.id);
    },
  };
}
