// The devices set up from the app on this computer, and the one it opens with (none: the
// demo device), in known-devices.json. Holds no secret: each password is in the SecretStore
// under the device's endpoint. An older version kept only the last device, in
// current-device.json: it is read as a list of one until the list is first written.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileReplacing } from '../fs/atomic-file.js';

export interface RememberedDevice {
  host: string;
  port: number;
  ip: string;
  caPem: string;
  caFingerprint: string;
  username: string;
}

export interface RememberedDevices {
  devices: RememberedDevice[];
  /** The endpoint (`host:port`) the app opens with; absent: the demo device. */
  current?: string;
}

interface KnownDevicesFile {
  version: 1;
  current: string | null;
  devices: RememberedDevice[];
}

const fileName = 'known-devices.json';
const legacyFileName = 'current-device.json';

/** `host:port`, the key of a remembered device (and of its password in the SecretStore). */
export const endpointOf = (d: { host: string; port: number }): string => `${d.host}:${d.port}`;
const sameEndpoint = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function isRemembered(v: unknown): v is RememberedDevice {
  const d = v as Partial<RememberedDevice> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.host === 'string' &&
    typeof d.port === 'number' &&
    typeof d.ip === 'string' &&
    typeof d.caPem === 'string' &&
    typeof d.caFingerprint === 'string' &&
    typeof d.username === 'string'
  );
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    // Missing or damaged: as if nothing were remembered (the devices can be set up again).
    return undefined;
  }
}

/** Every remembered device and the current one; a missing or damaged file reads as none. */
export async function loadRememberedDevices(dataDir: string): Promise<RememberedDevices> {
  const file = (await readJson(join(dataDir, fileName))) as Partial<KnownDevicesFile> | undefined;
  if (file && Array.isArray(file.devices)) {
    const devices = file.devices.filter(isRemembered);
    const current = devices.find(
      (d) => typeof file.current === 'string' && sameEndpoint(endpointOf(d), file.current),
    );
    return { devices, ...(current ? { current: endpointOf(current) } : {}) };
  }
  const legacy = await readJson(join(dataDir, legacyFileName));
  return isRemembered(legacy) ? { devices: [legacy], current: endpointOf(legacy) } : { devices: [] };
}

async function save(dataDir: string, state: RememberedDevices): Promise<void> {
  const body: KnownDevicesFile = { version: 1, current: state.current ?? null, devices: state.devices };
  await writeFileReplacing(join(dataDir, fileName), JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  await rm(join(dataDir, legacyFileName), { force: true });
}

// Read-modify-write, one at a time in this process: two devices set up together both stay.
let queue: Promise<unknown> = Promise.resolve();
function change(dataDir: string, edit: (state: RememberedDevices) => RememberedDevices): Promise<void> {
  const next = queue.then(async () => save(dataDir, edit(await loadRememberedDevices(dataDir))));
  queue = next.catch(() => {});
  return next;
}

/** The device the app opens with, if any and readable. */
export async function loadRememberedDevice(dataDir: string): Promise<RememberedDevice | undefined> {
  const { devices, current } = await loadRememberedDevices(dataDir);
  return current === undefined ? undefined : devices.find((d) => sameEndpoint(endpointOf(d), current));
}

/** Adds `device` to the list (replacing its endpoint's entry) and opens with it from now on. */
export function rememberDevice(dataDir: string, device: RememberedDevice): Promise<void> {
  const key = endpointOf(device);
  return change(dataDir, ({ devices }) => ({
    devices: [...devices.filter((d) => !sameEndpoint(endpointOf(d), key)), device],
    current: key,
  }));
}

/** Opens with the remembered device `endpoint` from now on (it must be in the list); false when it is not. */
export async function useRememberedDevice(dataDir: string, endpoint: string): Promise<boolean> {
  let found = false;
  await change(dataDir, (state) => {
    const d = state.devices.find((x) => sameEndpoint(endpointOf(x), endpoint));
    found = d !== undefined;
    return d ? { ...state, current: endpointOf(d) } : state;
  });
  return found;
}

/**
 * Without `endpoint`: opens with the demo device from now on, keeping the list. With it: drops
 * that device from the list (after forget), and opens with the demo device if it was current.
 */
export function forgetRememberedDevice(dataDir: string, endpoint?: string): Promise<void> {
  return change(dataDir, ({ devices, current }) => {
    if (endpoint === undefined) return { devices };
    const rest = devices.filter((d) => !sameEndpoint(endpointOf(d), endpoint));
    return { devices: rest, ...(current && !sameEndpoint(current, endpoint) ? { current } : {}) };
  });
}
