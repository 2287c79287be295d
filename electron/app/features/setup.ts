// Setting up a device (discover, plan, run) and forgetting one, as jobs; a device set up with
// its credentials becomes the session's current device.
import type { CompanionApi } from '../../../shared/api.js';
import type { DeviceSession } from '../device-session.js';
import type { Jobs } from '../jobs.js';
import type { DiscoveredDevice, SetupFlow } from '../setup-flow.js';

type SetupApi = Pick<CompanionApi, 'discoverDevice' | 'planSetup' | 'runSetup' | 'planForget' | 'runForget'>;

/** What the setup methods need besides the setup flow. */
export interface SetupDeps {
  session: Pick<DeviceSession, 'add' | 'forget'>;
  jobs: Jobs;
  /** Tells the UI that the current device's setup state changed. */
  deviceChanged: () => void;
}

/** The setup methods over `setup`. */
export function setupFeature(setup: SetupFlow, { session, jobs, deviceChanged }: SetupDeps): SetupApi {
  /** Makes a device set up from the UI the current one, when its credentials are known (pasted info). */
  const useSetUpDevice = async (d: DiscoveredDevice) => {
    if (!d.username || !d.password) {
      // Set up without credentials (the demo device, or an IP only): the device stays, its setup state changed.
      deviceChanged();
      return;
    }
    await session.add({
      host: d.host,
      port: d.port,
      ip: d.ip,
      caPem: d.root.pem,
      caFingerprint: d.root.sha256,
      username: d.username,
      password: d.password,
    });
  };
  return {
    async discoverDevice(args) {
      return setup.discover(args);
    },
    async planSetup(args) {
      return setup.plan(args);
    },
    async planForget(args) {
      return setup.planForget(args.endpoint);
    },
    async runForget(args) {
      return setup.runForget(args.planId, jobs, (endpoint) => session.forget(endpoint));
    },
    async runSetup(args) {
      return setup.run(args.planId, jobs, useSetUpDevice);
    },
  };
}
