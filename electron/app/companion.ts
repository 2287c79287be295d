// The backend of the UI: implements shared/api's CompanionApi by composing the modules
// (registry-server, registry-client, docker, device). Both UI hosts (Electron IPC and
// the web host) and the tests use it; it never imports `electron`.
//
// A method whose module has not landed yet is not faked: it answers UNAVAILABLE and its
// feature is missing from appInfo().features, so the UI does not show it.
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ApiError,
  ApiErrorCode,
  type AppInfo,
  type CompanionApi,
  type Feature,
  type StagedFile,
} from '../../shared/api.js';
import { createDispatcher, type Dispatch } from '../hosts/dispatcher.js';
import type { HostBackend } from '../hosts/host-backend.js';
import { EventHub, type CompanionListener } from './events.js';
import { Jobs } from './jobs.js';
import { Staging } from './staging.js';

export interface CompanionOptions {
  /** Which UI host runs this backend (shown in appInfo). */
  host: 'electron' | 'web';
  /** The app's data folder (demo device, staged uploads, settings). */
  dataDir: string;
  /** The app version shown in the UI. */
  version?: string;
  /** Start the embedded demo device (default true); port 0 picks a free one. */
  demo?: false | { port?: number; name?: string; ip?: string };
}

/** The backend object: the API, its events, dropped-file staging and shutdown. */
export interface Companion extends HostBackend {
  api: CompanionApi;
  close(): Promise<void>;
}

/** Creates the backend and starts the demo device (unless disabled). */
export async function createCompanion(options: CompanionOptions): Promise<Companion> {
  const hub = new EventHub();
  const jobs = new Jobs(hub);
  const staging = new Staging(join(options.dataDir, 'staging'));
  const features: Feature[] = [];

  const unavailable = (what: string) =>
    new ApiError(ApiErrorCode.unavailable, `${what} is not available in this version of the app.`);

  const api: CompanionApi = {
    async appInfo(): Promise<AppInfo> {
      return {
        version: options.version ?? '0.1.0',
        platform: process.platform,
        host: options.host,
        features: [...features],
      };
    },
    async demoDevice() {
      throw unavailable('The demo device');
    },
    async currentDevice() {
      throw unavailable('The demo device');
    },
    async listRepositories() {
      throw unavailable('Browsing repositories');
    },
    async previewDelete() {
      throw unavailable('Deleting images');
    },
    async deleteTag() {
      throw unavailable('Deleting images');
    },
    async storageUsage() {
      throw unavailable('Storage figures');
    },
    async collectGarbage() {
      throw unavailable('Reclaiming space');
    },
    async listLocalImages() {
      throw unavailable('Docker images');
    },
    async pushImage() {
      throw unavailable('Pushing Docker images');
    },
    async pushTarball() {
      throw unavailable('Pushing tarballs');
    },
    async cancelJob(args) {
      jobs.cancel(String(args?.id ?? ''));
    },
    async discoverDevice() {
      throw unavailable('Device discovery');
    },
    async planSetup() {
      throw unavailable('Device setup');
    },
    async runSetup() {
      throw unavailable('Device setup');
    },
    async kubernetesYaml() {
      throw unavailable('Kubernetes YAML');
    },
  };

  const dispatch: Dispatch = createDispatcher(api);
  return {
    api,
    dispatch,
    onEvent: (listener: CompanionListener) => hub.on(listener),
    stageUpload: (name: string, body: Readable): Promise<StagedFile> => staging.addUpload(name, body),
    stagePath: (path: string): Promise<StagedFile> => staging.addPath(path),
    async close() {
      jobs.cancelAll();
      await staging.releaseAll();
    },
  };
}
