// The one place that knows which device the UI works with and which devices the app knows:
// the embedded demo device (its id is `demo`) and the devices set up from the UI (their id is
// their endpoint, host:port). Switching, remembering the last set-up device between runs, and
// the demo takeover (another process's demo registry stops, the app serves it) live here;
// the feature modules only ask for the current device.
import { logToStderr, type RunningRegistry } from '../registry-server/index.js';
import { RegistryError } from '../registry-client/index.js';
import { ApiError, type CompanionEvents, type DeviceView } from '../../shared/api.js';
import { text } from '../../shared/i18n/index.js';
import { findDevice } from '../device/device-state.js';
import { normalizeFingerprint } from '../device/certificates.js';
import { connectDevice, connectSetUpDevice, setUpDeviceView, type ActiveDevice } from './active-device.js';
import { startDemoDevice, type DemoOptions } from './demo-device.js';
import { forgetRememberedDevice, loadRememberedDevices, rememberDevice } from './remembered-device.js';
import { diagnoseDevice } from './device-doctor.js';
import type { DoctorReport } from '../../shared/doctor.js';
import type { RememberedDevice } from './remembered-device.js';
import type { SecretStore } from './secret-store.js';

/** The demo device's id in `known()` and `use()`. */
export const demoDeviceId = 'demo';

/**
 * A device set up from the UI, with the password the session keeps (in the SecretStore); an
 * empty password: remembered from an earlier run where it could not be kept (no OS keychain),
 * listed, but used only after the user logs in again.
 */
export type SetUpDevice = RememberedDevice & { password: string };

/** LOGIN_NEEDED for a device remembered without its password: it is used after a login only. */
export function requireLogin(endpoint: string, password: string): void {
  if (!password) throw new ApiError('LOGIN_NEEDED', text('err.app.loginNeeded', { endpoint }));
}

/** One device the session knows, as the UI would list it. */
export interface KnownDevice {
  /** `demo`, or the endpoint (host:port) of a device set up from the UI. */
  id: string;
  view: DeviceView;
  current: boolean;
}

export interface DeviceSessionOptions {
  /** The app's data folder (demo device, device records, the remembered device). */
  dataDir: string;
  /** Start the embedded demo device (default: yes, on 31001 or a free port). */
  demo?: false | DemoOptions;
  /** Where device passwords are kept. */
  secrets: SecretStore;
  /** Tells the UI that the device (or its setup state) changed. */
  changed: (what: CompanionEvents['changed']['what']) => void;
}

/** What the feature modules need of the session (tests pass a stand-in). */
export type CurrentDevice = Pick<DeviceSession, 'current' | 'describe'>;

/** The current device, the known devices, switching between them, and the demo device's lifetime. */
export class DeviceSession {
  #demo: RunningRegistry | undefined;
  #demoDevice: ActiveDevice | undefined;
  /** The device the UI works with: the demo device until the user sets up another. */
  #device: ActiveDevice | undefined;
  /** Devices set up from the UI (this run, or remembered from the last), by endpoint. */
  readonly #setUp = new Map<string, SetUpDevice>();
  /** The last re-check of each known device in this run, by id. */
  readonly #checks = new Map<string, DoctorReport>();
  #closing: Promise<void> | undefined;

  private constructor(private readonly options: DeviceSessionOptions) {}

  /** Starts the demo device (unless disabled) and opens on the device the user last set up. */
  static async open(options: DeviceSessionOptions): Promise<DeviceSession> {
    const session = new DeviceSession(options);
    const demo =
      options.demo === false ? undefined : await startDemoDevice(options.dataDir, options.demo ?? {});
    try {
      session.#demoDevice = demo ? await connectDevice(demo.info, demo.url, 'demo') : undefined;
    } catch (e) {
      await demo?.close();
      throw e;
    }
    session.#demo = demo;
    session.#device = session.#demoDevice;
    // Every device set up from the app, those whose password could not be kept too (the user
    // logs in again to use one); open with the one last used when its password is at hand.
    const remembered = await loadRememberedDevices(options.dataDir);
    for (const d of remembered.devices) {
      const password = (await options.secrets.get(endpointOf(d))) ?? '';
      session.#setUp.set(endpointOf(d), { ...d, password });
    }
    const last = remembered.current === undefined ? undefined : session.#setUp.get(remembered.current);
    if (last?.password) session.#device = connectSetUpDevice(last);
    session.#takeOverWhenGone(demo);
    return session;
  }

  /** The device the UI works with; NO_DEVICE when there is none (no demo, nothing set up). */
  current(): ActiveDevice {
    if (!this.#device) throw new ApiError('NO_DEVICE', text('err.app.noDevice'));
    return this.#device;
  }

  /** The current device, or undefined when there is none. */
  get currentOrNone(): ActiveDevice | undefined {
    return this.#device;
  }

  /** The running demo device, when there is one. */
  get demo(): RunningRegistry | undefined {
    return this.#demo;
  }

  /** The running demo device's registry; NO_DEMO when the app runs without it. */
  demoRegistry(): RunningRegistry {
    if (!this.#demo) throw new ApiError('NO_DEMO', text('err.app.noDemo'));
    return this.#demo;
  }

  /**
   * `device`'s view with whether setup ran on this computer for it (the device records of
   * electron/device) with the CA it has now: after the demo CA was re-issued (see
   * registry-server/tls.ts), the trust stores hold the old one, and setup must run again.
   */
  describe(device: ActiveDevice = this.current()): DeviceView {
    return this.#describeView(device.view);
  }

  #describeView(view: DeviceView): DeviceView {
    let setUp = false;
    try {
      const record = findDevice(view.endpoint, this.options.dataDir);
      setUp =
        record !== undefined &&
        (!view.caFingerprint ||
          normalizeFingerprint(record.caSha256) === normalizeFingerprint(view.caFingerprint));
    } catch {
      // A damaged record file: setup will say so when the user runs it.
    }
    return { ...view, setUp };
  }

  /** Every device the session knows: the demo device first, then those set up from the UI. */
  known(): KnownDevice[] {
    const list: KnownDevice[] = [];
    if (this.#demoDevice) {
      const current = this.#device === this.#demoDevice;
      list.push({ id: demoDeviceId, view: this.describe(this.#demoDevice), current });
    }
    for (const [id, d] of this.#setUp) {
      const current = this.#device?.isDemo === false && this.#device.view.endpoint === id;
      list.push({ id, view: this.#describeView(setUpDeviceView(d)), current });
    }
    return list;
  }

  /**
   * The known device `id` to work with without making it current (a push to several devices);
   * undefined when it is not known or its password is not kept. `release` closes what it opened.
   */
  connect(id: string): { device: ActiveDevice; release: () => void } | undefined {
    if (id === demoDeviceId)
      return this.#demoDevice ? { device: this.#demoDevice, release: () => {} } : undefined;
    const setUp = this.#setUp.get(id);
    if (!setUp) return undefined;
    if (this.#device?.isDemo === false && this.#device.view.endpoint === id)
      return { device: this.#device, release: () => {} };
    const device = connectSetUpDevice(setUp);
    return { device, release: () => device.client.close() };
  }

  /** The last re-check of the known device `id` in this run, if any. */
  lastCheck(id: string): DoctorReport | undefined {
    return this.#checks.get(id);
  }

  /** Re-checks the known device `id` from this computer (the doctor) and keeps the report. */
  async doctor(id: string): Promise<DoctorReport> {
    const setUp = this.#setUp.get(id);
    if (id !== demoDeviceId && !setUp) throw new ApiError('DEVICE_UNKNOWN', text('err.setup.deviceGone'));
    if (id === demoDeviceId && !this.#demoDevice) this.demoRegistry();
    const report = setUp
      ? await diagnoseDevice(setUpDeviceView(setUp), { caPem: setUp.caPem })
      : await diagnoseDevice(this.#demoDevice!.view);
    this.#checks.set(id, report);
    return report;
  }

  /**
   * Makes the known device `id` the current one (`demo`, or a set-up device's endpoint). With
   * `password`, logs in to it first (checked against the registry, then kept as setup keeps
   * it); a device with no password kept needs one (LOGIN_NEEDED).
   */
  async use(id: string, password?: string): Promise<DeviceView> {
    if (id === demoDeviceId) return this.useDemo();
    let device = this.#setUp.get(id);
    if (!device) throw new ApiError('DEVICE_UNKNOWN', text('err.setup.deviceGone'));
    if (password !== undefined) device = await this.#logIn(device, password);
    requireLogin(id, device.password);
    this.#switchTo(connectSetUpDevice(device));
    await rememberDevice(this.options.dataDir, recordOf(device));
    this.options.changed('device');
    return this.describe();
  }

  /** `device` with `password`, once its registry accepted it; kept for the session (and later runs when it can be). */
  async #logIn(device: SetUpDevice, password: string): Promise<SetUpDevice> {
    const endpoint = endpointOf(device);
    const candidate = { ...device, password };
    const { client } = connectSetUpDevice(candidate);
    try {
      await client.checkAuth();
    } catch (e) {
      // Said for the dialog it was typed in, not as the CLI's "run edge-registry login".
      if (e instanceof RegistryError && (e.code === 'UNAUTHORIZED' || e.code === 'DENIED'))
        throw new ApiError(
          'LOGIN_REFUSED',
          text('err.app.loginRefused', { endpoint, username: device.username }),
        );
      throw e;
    } finally {
      client.close();
    }
    this.#setUp.set(endpoint, candidate);
    await this.options.secrets.set(endpoint, password);
    return candidate;
  }

  /** Makes the demo device the current one again; the app opens on it next time. */
  async useDemo(): Promise<DeviceView> {
    this.demoRegistry();
    this.#switchTo(this.#demoDevice);
    await forgetRememberedDevice(this.options.dataDir);
    this.options.changed('device');
    return this.describe();
  }

  /**
   * Adds a device just set up from the UI and makes it current. It is remembered (no secret in
   * that list); its password survives a restart only where the SecretStore can encrypt it.
   */
  async add(device: SetUpDevice): Promise<void> {
    const endpoint = endpointOf(device);
    this.#setUp.set(endpoint, device);
    this.#switchTo(connectSetUpDevice(device));
    await this.options.secrets.set(endpoint, device.password);
    await rememberDevice(this.options.dataDir, recordOf(device));
    this.options.changed('device');
  }

  /** Drops what the session knows of `endpoint` after "forget this device"; the demo device becomes current if it was. */
  async forget(endpoint: string): Promise<void> {
    // The forgotten device no longer resolves by name here: go back to the demo device.
    if (this.#device && this.#device !== this.#demoDevice && this.#device.view.endpoint === endpoint) {
      this.#switchTo(this.#demoDevice);
    }
    await forgetRememberedDevice(this.options.dataDir, endpoint);
    this.#setUp.delete(endpoint);
    this.#checks.delete(endpoint);
    await this.options.secrets.delete(endpoint);
    this.options.changed('device');
  }

  /** Closes the registry clients and stops the demo device (when this process serves it). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#device && this.#device !== this.#demoDevice) this.#device.client.close();
      this.#demoDevice?.client.close();
      await this.#demo?.close();
    })();
    return this.#closing;
  }

  /** Switches the current device, closing the client of a set-up device left behind. */
  #switchTo(next: ActiveDevice | undefined): void {
    if (this.#device && this.#device !== this.#demoDevice && this.#device !== next)
      this.#device.client.close();
    this.#device = next;
  }

  /**
   * When the demo device was another process's (`edge-registry demo`) and that process stops
   * serving it, the app serves it from then on (or uses whichever process took it meanwhile).
   */
  #takeOverWhenGone(reg: RunningRegistry | undefined): void {
    const demoOptions = this.options.demo;
    if (!reg?.gone || demoOptions === false) return;
    void reg.gone.then(async () => {
      if (this.#closing || reg !== this.#demo) return;
      const log = demoOptions?.log ?? logToStderr;
      try {
        const next = await startDemoDevice(this.options.dataDir, demoOptions ?? {});
        const nextDevice = await connectDevice(next.info, next.url, 'demo');
        if (this.#closing) {
          nextDevice.client.close();
          await next.close();
          return;
        }
        const wasCurrent = this.#device === this.#demoDevice;
        this.#demoDevice?.client.close();
        this.#demo = next;
        this.#demoDevice = nextDevice;
        if (wasCurrent) this.#device = nextDevice;
        this.#takeOverWhenGone(next);
        this.options.changed('device');
        log(
          `The demo device's registry at ${reg.url} stopped: ${next.gone ? `the app uses ${next.url} now` : 'the app serves it now'}.`,
        );
      } catch (e) {
        log(`The demo device's registry stopped, and the app could not serve it: ${(e as Error).message}`);
      }
    });
  }
}

const endpointOf = (d: { host: string; port: number }) => `${d.host}:${d.port}`;

/** What is remembered of a device between runs: everything but the password (that is in the SecretStore). */
function recordOf(d: SetUpDevice): RememberedDevice {
  const { host, port, ip, caPem, caFingerprint, username } = d;
  return { host, port, ip, caPem, caFingerprint, username };
}
