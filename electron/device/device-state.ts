// What the app remembers per device (devices.json in the app's data folder): where it
// is, the CA fingerprint the user accepted (pinned: a later change is reported), and
// exactly what setup changed, so forget can undo that and nothing else. No secrets here.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appDataDir } from '../app-paths.js';
import { writeFileReplacing } from '../fs/atomic-file.js';
import type { AppliedChanges } from './setup-plan.js';

export interface DeviceRecord {
  /** `host:port`, the key. */
  endpoint: string;
  host: string;
  port: number;
  ip: string;
  /** SHA-256 of the trusted CA (upper-case hex pairs): the pinned fingerprint. */
  caSha256: string;
  /** SHA-1 thumbprint of the trusted CA (Windows and macOS store entries). */
  caThumbprint: string;
  caSubject: string;
  platform: NodeJS.Platform;
  /** What setup changed on this machine; forget undoes exactly this. */
  applied: AppliedChanges;
  setUpAt: string;
}

interface StateFile {
  version: 1;
  devices: DeviceRecord[];
}

/** The state file's path (in `dir`, default the app's data folder). */
export function stateFile(dir = appDataDir()): string {
  return join(dir, 'devices.json');
}

/** Every remembered device. A missing file means none; a damaged one is reported. */
export function loadDevices(dir = appDataDir()): DeviceRecord[] {
  let text: string;
  try {
    text = readFileSync(stateFile(dir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as StateFile;
    return Array.isArray(parsed.devices) ? parsed.devices : [];
  } catch {
    throw new Error(
      `${stateFile(dir)} is damaged (not JSON). Move it aside and run setup again for your devices.`,
    );
  }
}

/** The record for `endpoint` (`host:port`, case-insensitive host), if any. */
export function findDevice(endpoint: string, dir = appDataDir()): DeviceRecord | undefined {
  const key = endpoint.toLowerCase();
  return loadDevices(dir).find((d) => d.endpoint.toLowerCase() === key);
}

async function save(devices: DeviceRecord[], dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const body: StateFile = { version: 1, devices };
  await writeFileReplacing(stateFile(dir), Buffer.from(JSON.stringify(body, null, 2) + '\n'), {
    mode: 0o600,
    inPlaceOnMountPoint: true,
  });
}

// Read-modify-write of devices.json, one at a time in this process, so that two setups
// finishing together cannot drop each other's record.
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(change: () => Promise<T>): Promise<T> {
  const next = queue.then(change);
  queue = next.catch(() => {});
  return next;
}

/** Adds or replaces the record for its endpoint. */
export function rememberDevice(record: DeviceRecord, dir = appDataDir()): Promise<void> {
  const key = record.endpoint.toLowerCase();
  return serialized(() =>
    save([...loadDevices(dir).filter((d) => d.endpoint.toLowerCase() !== key), record], dir),
  );
}

/** Drops the record for `endpoint`; true when there was one. */
export function forgetDevice(endpoint: string, dir = appDataDir()): Promise<boolean> {
  const key = endpoint.toLowerCase();
  return serialized(async () => {
    const all = loadDevices(dir);
    const rest = all.filter((d) => d.endpoint.toLowerCase() !== key);
    if (rest.length === all.length) return false;
    await save(rest, dir);
    return true;
  });
}
