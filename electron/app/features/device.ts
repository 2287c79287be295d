// The app and its devices as the UI sees them: what the app can do now, the demo device, the
// current device, the devices this computer knows (switch, re-check) and going back to the demo device.
import type { CompanionApi, Feature, KnownDeviceView } from '../../../shared/api.js';
import type { DeviceSession } from '../device-session.js';

type DeviceApi = Pick<
  CompanionApi,
  'appInfo' | 'demoDevice' | 'currentDevice' | 'useDemoDevice' | 'listDevices' | 'useDevice' | 'doctor'
>;

/** Which host runs the backend and its version, for appInfo. */
export interface AppIdentity {
  host: 'electron' | 'web';
  version: string;
}

/** What the UI may show now: depends on the current device (storage and GC are the demo device's). */
export function featuresOf(session: Pick<DeviceSession, 'demo' | 'currentOrNone'>): Feature[] {
  const list: Feature[] = ['setup', 'docker'];
  if (session.demo) list.push('demo');
  const device = session.currentOrNone;
  if (device) list.push('registry', 'tarball', 'kubernetes');
  if (device?.isDemo) list.push('storage');
  return list;
}

/** The app and device methods over `session`. */
export function deviceFeature(
  session: Pick<
    DeviceSession,
    | 'demo'
    | 'currentOrNone'
    | 'current'
    | 'describe'
    | 'demoRegistry'
    | 'useDemo'
    | 'known'
    | 'use'
    | 'doctor'
    | 'lastCheck'
  >,
  app: AppIdentity,
): DeviceApi {
  return {
    async appInfo() {
      return {
        version: app.version,
        platform: process.platform,
        host: app.host,
        features: featuresOf(session),
      };
    },
    async demoDevice() {
      return session.demoRegistry().info;
    },
    async currentDevice() {
      return session.describe();
    },
    async useDemoDevice() {
      return session.useDemo();
    },
    async listDevices() {
      return session.known().map(({ id, view, current }): KnownDeviceView => {
        const lastCheck = session.lastCheck(id);
        return {
          id,
          endpoint: view.endpoint,
          label: view.label,
          kind: view.kind,
          username: view.username,
          current,
          setUp: view.setUp,
          loginStored: view.password !== '',
          ...(lastCheck ? { lastCheck } : {}),
        };
      });
    },
    async useDevice(args) {
      return session.use(args.id, args.password);
    },
    async doctor(args) {
      return session.doctor(args.id);
    },
  };
}
