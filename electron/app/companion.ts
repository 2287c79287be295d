// The composition root of the UI's backend: builds the device session and the feature modules
// (features/) and joins them into shared/api's CompanionApi. Both UI hosts (Electron IPC and
// the web host, which put the dispatcher in front of it) and the tests use it; it never
// imports `electron`.
//
// A method whose module is not wired yet is not faked: it answers UNAVAILABLE and its
// feature is missing from appInfo().features, so the UI does not show it.
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { storageProblem } from '../fs/atomic-file.js';
import { makePrivateDir } from '../fs/private-dir.js';
import { appVersion } from '../app-package.js';
import type { CompanionApi, StagedFile } from '../../shared/api.js';
import type { RunningRegistry } from '../registry-server/index.js';
import type { DemoOptions } from './demo-device.js';
import { DeviceSession } from './device-session.js';
import { DockerSession } from './docker-images.js';
import { EventHub, type CompanionListener } from './events.js';
import { Jobs } from './jobs.js';
import { SecretStore, type SecretCipher } from './secret-store.js';
import { SetupFlow } from './setup-flow.js';
import { Staging } from './staging.js';
import { browseFeature } from './features/browse.js';
import { changedOn } from './features/changed.js';
import { deviceFeature } from './features/device.js';
import { kubernetesFeature } from './features/kubernetes.js';
import { localImagesFeature } from './features/local-images.js';
import { pushFeature } from './features/push.js';
import { setupFeature } from './features/setup.js';
import { storageFeature } from './features/storage.js';

export interface CompanionOptions {
  /** Which UI host runs this backend (shown in appInfo). */
  host: 'electron' | 'web';
  /** The app's data folder (demo device, staged uploads, device records). */
  dataDir: string;
  /** The app version shown in the UI (default: package.json's, as the CLI's --version says it). */
  version?: string;
  /** Start the embedded demo device (default: yes, on 31001 or a free port). */
  demo?: false | DemoOptions;
  /** Encrypts device passwords to keep them between runs (Electron's safeStorage); without it they stay in memory. */
  cipher?: SecretCipher;
}

/** What a UI host needs from the backend: the API, its events and the hand-over of dropped files. */
export interface AppBackend {
  api: CompanionApi;
  /** Subscribes to every backend event; returns the unsubscribe function. */
  onEvent(listener: CompanionListener): () => void;
  /** Keeps the bytes of a dropped file (web host upload) for a later call; returns its id. */
  stageUpload(name: string, body: Readable): Promise<StagedFile>;
  /** Registers a dropped file by its path (Electron: no copy); returns its id. */
  stagePath(path: string): Promise<StagedFile>;
}

/** The backend object: the API, its events, dropped-file staging and shutdown. */
export interface Companion extends AppBackend {
  /** The running demo device, when there is one (tests push to it directly). */
  demo: RunningRegistry | undefined;
  /** The device session (the current device and the known ones). */
  session: DeviceSession;
  close(): Promise<void>;
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
  const changed = changedOn(hub);
  const secrets = new SecretStore(join(options.dataDir, 'secrets.json'), options.cipher);
  const jobs = new Jobs(hub);
  const staging = new Staging(join(options.dataDir, 'staging'));
  const session = await DeviceSession.open({
    dataDir: options.dataDir,
    demo: options.demo,
    secrets,
    changed,
  });
  const setup = new SetupFlow(options.dataDir, () => session.demo?.info);
  const docker = new DockerSession();
  let closing: Promise<void> | undefined;

  const api: CompanionApi = {
    ...deviceFeature(session, { host: options.host, version: options.version ?? appVersion() }),
    ...browseFeature(session, changed, hub),
    ...storageFeature(session, changed),
    ...localImagesFeature(session, docker),
    ...pushFeature(session, { docker, jobs, staging, changed }),
    ...setupFeature(setup, { session, jobs, deviceChanged: () => changed('device') }),
    ...kubernetesFeature(session),
  };

  return {
    api,
    get demo() {
      return session.demo;
    },
    session,
    onEvent: (listener: CompanionListener) => hub.on(listener),
    stageUpload: (name: string, body: Readable): Promise<StagedFile> => staging.addUpload(name, body),
    stagePath: (path: string): Promise<StagedFile> => staging.addPath(path),
    close() {
      closing ??= (async () => {
        jobs.cancelAll();
        setup.close();
        await staging.releaseAll();
        await session.close();
      })();
      return closing;
    },
  };
}
