// The backend of the UI: implements shared/api's CompanionApi by composing the modules
// (registry-server, registry-client, device, docker). Both UI hosts (Electron IPC and the
// web host) and the tests use it; it never imports `electron`.
//
// A method whose module is not wired yet is not faked: it answers UNAVAILABLE and its
// feature is missing from appInfo().features, so the UI does not show it.
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { storageProblem } from '../fs/atomic-file.js';
import { makePrivateDir } from '../fs/private-dir.js';
import {
  ApiError,
  ApiErrorCode,
  type AppInfo,
  type CompanionApi,
  type DeviceView,
  type Feature,
  maxTagDetails,
  type StagedFile,
  type StorageSettings,
} from '../../shared/api.js';
import { createDispatcher, type Dispatch } from '../hosts/dispatcher.js';
import type { HostBackend } from '../hosts/host-backend.js';
import { logToStderr, type RegistrySettings, type RunningRegistry } from '../registry-server/index.js';
import { checkSettings } from '../registry-server/settings.js';
import { connectDevice, connectSetUpDevice, type ActiveDevice } from './active-device.js';
import { startDemoDevice, type DemoOptions } from './demo-device.js';
import { EventHub, type CompanionListener } from './events.js';
import { Jobs } from './jobs.js';
import { deleteTag, previewDelete } from './registry-browser.js';
import { RegistryBrowser } from './browse.js';
import { SetupFlow, type DiscoveredDevice } from './setup-flow.js';
import { findDevice } from '../device/device-state.js';
import { normalizeFingerprint } from '../device/certificates.js';
import { Staging } from './staging.js';
import {
  defaultPullSecret,
  deploymentYaml,
  isDnsLabel,
  isDnsSubdomain,
  podYaml,
  pullSecretYaml,
} from '../../shared/kubernetes.js';
import { SecretStore, type SecretCipher } from './secret-store.js';
import { forgetRememberedDevice, loadRememberedDevice, rememberDevice } from './remembered-device.js';
import { pushArchive } from './tarball-push.js';
import { checkRepository, checkTag } from '../../shared/image-name.js';
import { DockerSession } from './docker-images.js';
import { text } from '../../shared/i18n/index.js';

export interface CompanionOptions {
  /** Which UI host runs this backend (shown in appInfo). */
  host: 'electron' | 'web';
  /** The app's data folder (demo device, staged uploads, device records). */
  dataDir: string;
  /** The app version shown in the UI. */
  version?: string;
  /** Start the embedded demo device (default: yes, on 31001 or a free port). */
  demo?: false | DemoOptions;
  /** Encrypts device passwords to keep them between runs (Electron's safeStorage); without it they stay in memory. */
  cipher?: SecretCipher;
}

/** The backend object: the API, its events, dropped-file staging and shutdown. */
export interface Companion extends HostBackend {
  api: CompanionApi;
  /** The running demo device, when there is one (tests push to it directly). */
  demo: RunningRegistry | undefined;
  close(): Promise<void>;
}

/** The registry's settings as the UI sees them (a test's interval schedule reads as none). */
function toStorageSettings(s: RegistrySettings): StorageSettings {
  const at = s.gcSchedule !== false && 'dailyAt' in s.gcSchedule ? s.gcSchedule.dailyAt : null;
  return { quotaBytes: s.quotaBytes, gcDailyAt: at };
}

/** Creates the backend and starts the demo device (unless disabled). */
export async function createCompanion(options: CompanionOptions): Promise<Companion> {
  try {
    return await create(options);
  } catch (e) {
    // Both hosts show this message as the reason the app cannot start.
    const problem = storageProblem(e);
    throw problem ? new Error(problem, { cause: e }) : e;
  }
}

async function create(options: CompanionOptions): Promise<Companion> {
  await makePrivateDir(options.dataDir);
  const hub = new EventHub();
  const secrets = new SecretStore(join(options.dataDir, 'secrets.json'), options.cipher);
  const jobs = new Jobs(hub);
  const staging = new Staging(join(options.dataDir, 'staging'));
  let demo = options.demo === false ? undefined : await startDemoDevice(options.dataDir, options.demo ?? {});
  let demoDevice: ActiveDevice | undefined;
  try {
    demoDevice = demo ? await connectDevice(demo.info, demo.url, 'demo') : undefined;
  } catch (e) {
    await demo?.close();
    throw e;
  }
  /** The device the UI works with: the demo device until the user sets up another. */
  let device: ActiveDevice | undefined = demoDevice;
  // Open with the device the user last set up, when its password could be kept.
  const remembered = await loadRememberedDevice(options.dataDir);
  const rememberedPassword = remembered && (await secrets.get(`${remembered.host}:${remembered.port}`));
  if (remembered && rememberedPassword)
    device = connectSetUpDevice({ ...remembered, password: rememberedPassword });
  const setup = new SetupFlow(options.dataDir, () => demo?.info);
  const docker = new DockerSession();
  let closing: Promise<void> | undefined;

  /**
   * When the demo device was another process's (`edge-registry demo`) and that process stops
   * serving it, the app serves it from then on (or uses whichever process took it meanwhile).
   */
  const takeOverWhenGone = (reg: RunningRegistry | undefined) =>
    void reg?.gone?.then(async () => {
      if (closing || reg !== demo || options.demo === false) return;
      const log = options.demo?.log ?? logToStderr;
      try {
        const next = await startDemoDevice(options.dataDir, options.demo ?? {});
        const nextDevice = await connectDevice(next.info, next.url, 'demo');
        if (closing) {
          nextDevice.client.close();
          await next.close();
          return;
        }
        const wasCurrent = device === demoDevice;
        demoDevice?.client.close();
        demo = next;
        demoDevice = nextDevice;
        if (wasCurrent) device = nextDevice;
        takeOverWhenGone(next);
        hub.emit('changed', { what: 'device' });
        log(
          `The demo device's registry at ${reg.url} stopped: ${next.gone ? `the app uses ${next.url} now` : 'the app serves it now'}.`,
        );
      } catch (e) {
        log(`The demo device's registry stopped, and the app could not serve it: ${(e as Error).message}`);
      }
    });
  takeOverWhenGone(demo);

  /** What the UI may show now: depends on the current device (storage and GC are the demo device's). */
  const features = (): Feature[] => {
    const list: Feature[] = ['setup', 'docker'];
    if (demo) list.push('demo');
    if (device) list.push('registry', 'tarball', 'kubernetes');
    if (device?.isDemo) list.push('storage');
    return list;
  };

  /** Makes a device set up from the UI the current one, when its credentials are known (pasted info). */
  const useSetUpDevice = async (d: DiscoveredDevice) => {
    if (!d.username || !d.password) {
      // Set up without credentials (the demo device, or an IP only): the device stays, its setup state changed.
      hub.emit('changed', { what: 'device' });
      return;
    }
    if (device && device !== demoDevice) device.client.close();
    const record = {
      host: d.host,
      port: d.port,
      ip: d.ip,
      caPem: d.root.pem,
      caFingerprint: d.root.sha256,
      username: d.username,
    };
    device = connectSetUpDevice({ ...record, password: d.password });
    await secrets.set(`${d.host}:${d.port}`, d.password);
    if (secrets.persistent) await rememberDevice(options.dataDir, record);
    hub.emit('changed', { what: 'device' });
  };

  /**
   * The view with whether setup ran on this computer for it (the device records of electron/device)
   * with the CA it has now: after the demo CA was re-issued (see registry-server/tls.ts), the
   * trust stores hold the old one, and setup must run again to swap them.
   */
  const withSetUp = (view: DeviceView): DeviceView => {
    let setUp = false;
    try {
      const record = findDevice(view.endpoint, options.dataDir);
      setUp =
        record !== undefined &&
        (!view.caFingerprint ||
          normalizeFingerprint(record.caSha256) === normalizeFingerprint(view.caFingerprint));
    } catch {
      // A damaged record file: setup will say so when the user runs it.
    }
    return { ...view, setUp };
  };
  const unavailable = (what: string) =>
    new ApiError(ApiErrorCode.unavailable, `${what} is not available in this version of the app.`);
  const current = (): ActiveDevice => {
    if (!device) {
      throw new ApiError('NO_DEVICE', text('err.app.noDevice'));
    }
    return device;
  };
  const runningDemo = (): RunningRegistry => {
    if (!demo) throw new ApiError('NO_DEMO', text('err.app.noDemo'));
    return demo;
  };
  /** The demo device's registry, when it is the current device (storage belongs to it). */
  const demoStorage = (what: string): RunningRegistry => {
    if (!current().isDemo) throw unavailable(`${what} of ${current().view.endpoint}`);
    return runningDemo();
  };
  const str = (v: unknown, what: string): string => {
    if (typeof v !== 'string' || v === '') throw new ApiError(ApiErrorCode.badRequest, `${what} is missing.`);
    return v;
  };
  /** A repository or tag argument, checked before it reaches a URL (`../../x` must never be a path). */
  const valid = <T>(check: (v: unknown) => T, v: unknown): T => {
    try {
      return check(v);
    } catch (e) {
      throw new ApiError(ApiErrorCode.badRequest, (e as Error).message);
    }
  };
  const repo = (v: unknown) => valid(checkRepository, str(v, 'The repository'));
  const tagArg = (v: unknown) => valid(checkTag, str(v, 'The tag'));
  const tagList = (v: unknown): string[] => {
    if (!Array.isArray(v) || v.length > maxTagDetails)
      throw new ApiError(
        ApiErrorCode.badRequest,
        `The tags are missing: send a list of at most ${maxTagDetails}.`,
      );
    return v.map(tagArg);
  };
  /** The browse calls of the current device, with that device's caches. */
  const browsers = new WeakMap<ActiveDevice, RegistryBrowser>();
  const browser = (): RegistryBrowser => {
    const d = current();
    let b = browsers.get(d);
    if (!b) browsers.set(d, (b = new RegistryBrowser(d.client)));
    return b;
  };
  // A push or delete through the app moves tags: their digests are asked again.
  hub.on((event, payload) => {
    if (event === 'changed' && (payload as { what: string }).what === 'repositories' && device)
      browsers.get(device)?.forgetTags();
  });
  /** A push target the registry will take (a repository or tag left out is chosen later). */
  const checkTarget = (repository: unknown, tag: unknown): void => {
    if (repository !== undefined && repository !== '') valid(checkRepository, repository);
    if (tag !== undefined && tag !== '') valid(checkTag, tag);
  };

  const api: CompanionApi = {
    async appInfo(): Promise<AppInfo> {
      return {
        version: options.version ?? '0.1.0',
        platform: process.platform,
        host: options.host,
        features: features(),
      };
    },
    async demoDevice() {
      return runningDemo().info;
    },
    async useDemoDevice() {
      runningDemo();
      if (device && device !== demoDevice) device.client.close();
      device = demoDevice;
      await forgetRememberedDevice(options.dataDir);
      hub.emit('changed', { what: 'device' });
      return withSetUp(device!.view);
    },
    async currentDevice() {
      return withSetUp(current().view);
    },
    async listRepositoryNames(args) {
      return browser().repositoryNames(args?.after === undefined ? undefined : repo(args.after));
    },
    async listTags(args) {
      return browser().tags(repo(args?.repository));
    },
    async tagDetails(args) {
      const repository = repo(args?.repository);
      return browser().details(repository, tagList(args?.tags));
    },
    async previewDelete(args) {
      const [repository, tag] = [repo(args?.repository), tagArg(args?.tag)];
      return previewDelete(current(), repository, tag);
    },
    async deleteTag(args) {
      const siblings = Array.isArray(args?.confirmedSiblings)
        ? args.confirmedSiblings.map((t: unknown) => valid(checkTag, t))
        : [];
      const [repository, tag] = [repo(args?.repository), tagArg(args?.tag)];
      const result = await deleteTag(current(), repository, tag, siblings);
      hub.emit('changed', { what: 'repositories' });
      hub.emit('changed', { what: 'storage' });
      return result;
    },
    async storageUsage() {
      const u = await demoStorage('Storage figures').usage();
      return {
        usedBytes: u.usedBytes,
        reclaimableBytes: u.reclaimableBytes,
        ...(u.quotaBytes !== null ? { quotaBytes: u.quotaBytes } : {}),
        ...(typeof u.availableBytes === 'number' ? { availableBytes: u.availableBytes } : {}),
        ...(u.blockedBy ? { blockedBy: u.blockedBy } : {}),
      };
    },
    async collectGarbage() {
      const r = await demoStorage('Reclaiming space').gc();
      hub.emit('changed', { what: 'storage' });
      return {
        reclaimedBytes: r.bytesReclaimed,
        removedBlobs: r.blobsRemoved,
        keptRecentBytes: r.bytesKeptRecent ?? 0,
      };
    },
    async storageSettings() {
      return toStorageSettings(await demoStorage('The storage settings').settings());
    },
    async setStorageSettings(args) {
      const reg = demoStorage('Changing the storage settings');
      const at = args?.gcDailyAt ?? null;
      if (at !== null && typeof at !== 'string')
        throw new ApiError(ApiErrorCode.badRequest, 'The reclaim time must be "HH:MM", or null for none.');
      // Checked here so that only bad input answers BAD_REQUEST (not a disk or network failure).
      let next: RegistrySettings;
      try {
        next = checkSettings({
          quotaBytes: args?.quotaBytes ?? null,
          gcSchedule: at === null ? false : { dailyAt: at },
        });
      } catch (e) {
        throw new ApiError(ApiErrorCode.badRequest, (e as Error).message);
      }
      const applied = await reg.configure(next);
      hub.emit('changed', { what: 'storage' });
      return toStorageSettings(applied);
    },
    async listLocalImages() {
      return docker.list();
    },
    async untagLocalImage(args) {
      return docker.untag(str(args?.ref, 'The tag'));
    },
    async dockerTrust() {
      const d = current();
      return docker.trust({ ...d, view: withSetUp(d.view) });
    },
    async pushImage(args) {
      const target = current();
      const image = str(args?.image, 'The image');
      const repository = repo(args?.repository);
      const tag = tagArg(args?.tag);
      // Docker reaches the device by its name, which only setup maps (hosts entry, trusted CA).
      if (!withSetUp(target.view).setUp)
        throw new ApiError('NOT_SET_UP', text('err.app.notSetUp', { endpoint: target.view.endpoint }));
      return jobs.start('push', `${repository}:${tag}`, async (ctx) => {
        try {
          return await docker.push(target, image, repository, tag, ctx);
        } finally {
          hub.emit('changed', { what: 'repositories' });
          hub.emit('changed', { what: 'storage' });
        }
      });
    },
    async pushTarball(args) {
      const target = current();
      checkTarget(args?.repository, args?.tag); // first: a refused name leaves the file staged for a retry
      const file = staging.get(str(args?.fileId, 'The dropped file'));
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
          hub.emit('changed', { what: 'repositories' });
          hub.emit('changed', { what: 'storage' });
        }
      });
    },
    async cancelJob(args) {
      jobs.cancel(str(args?.id, 'The job id'));
    },
    async discoverDevice(args) {
      return setup.discover(args ?? {});
    },
    async planSetup(args) {
      return setup.plan({ deviceId: str(args?.deviceId, 'The device'), fingerprint: args.fingerprint });
    },
    async planForget(args) {
      return setup.planForget(str(args?.endpoint, 'The endpoint'));
    },
    async runForget(args) {
      return setup.runForget(str(args?.planId, 'The plan'), jobs, async (endpoint) => {
        // The forgotten device no longer resolves by name here: go back to the demo device.
        if (device && device !== demoDevice && device.view.endpoint === endpoint) {
          device.client.close();
          device = demoDevice;
          await forgetRememberedDevice(options.dataDir);
        }
        await secrets.delete(endpoint);
        hub.emit('changed', { what: 'device' });
      });
    },
    async runSetup(args) {
      return setup.run(str(args?.planId, 'The plan'), jobs, useSetUpDevice);
    },
    async kubernetesYaml(args) {
      const { view } = current();
      const image = `${view.endpoint}/${repo(args?.repository)}:${tagArg(args?.tag)}`;
      const namespace = args.namespace?.trim() || undefined;
      const pullSecret = args.secretName?.trim() ?? defaultPullSecret;
      if (namespace !== undefined && !isDnsLabel(namespace))
        throw new ApiError(
          ApiErrorCode.badRequest,
          `'${namespace}' is not a Kubernetes namespace: use up to 63 lower case letters, digits and -, starting and ending with a letter or digit.`,
        );
      if (pullSecret !== '' && !isDnsSubdomain(pullSecret))
        throw new ApiError(
          ApiErrorCode.badRequest,
          `'${pullSecret}' is not a Kubernetes Secret name: use up to 253 lower case letters, digits, - and ., each part between dots starting and ending with a letter or digit.`,
        );
      const workload = { image, namespace, pullSecret };
      const docs = [args.kind === 'pod' ? podYaml(workload) : deploymentYaml(workload)];
      if (args.withSecret) {
        // Written only on request: the Secret carries the registry password.
        docs.unshift(
          pullSecretYaml({
            registry: view.endpoint,
            username: view.username,
            password: view.password,
            name: pullSecret || defaultPullSecret,
            namespace,
          }),
        );
      }
      return { yaml: docs.join('---\n') };
    },
  };

  const dispatch: Dispatch = createDispatcher(api);
  return {
    api,
    get demo() {
      return demo;
    },
    dispatch,
    onEvent: (listener: CompanionListener) => hub.on(listener),
    stageUpload: (name: string, body: Readable): Promise<StagedFile> => staging.addUpload(name, body),
    stagePath: (path: string): Promise<StagedFile> => staging.addPath(path),
    close() {
      closing ??= (async () => {
        jobs.cancelAll();
        setup.close();
        if (device && device !== demoDevice) device.client.close();
        demoDevice?.client.close();
        await staging.releaseAll();
        await demo?.close();
      })();
      return closing;
    },
  };
}
