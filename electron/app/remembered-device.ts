// The device the user last worked with (not the demo device), so the app opens on it
// again. Holds no secret: the password is in the SecretStore under the endpoint.
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

const fileName = 'current-device.json';

/** The remembered device in `dataDir`, if any and readable. */
export async function loadRememberedDevice(dataDir: string): Promise<RememberedDevice | undefined> {
  try {
    const d = JSON.parse(await readFile(join(dataDir, fileName), 'utf8')) as Partial<RememberedDevice>;
    const ok =
      typeof d.host === 'string' &&
      typeof d.port === 'number' &&
      typeof d.ip === 'string' &&
      typeof d.caPem === 'string' &&
      typeof d.caFingerprint === 'string' &&
      typeof d.username === 'string';
    return ok ? (d as RememberedDevice) : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers `device` as the one to open with. */
export async function rememberDevice(dataDir: string, device: RememberedDevice): Promise<void> {
  await writeFileReplacing(join(dataDir, fileName), JSON.stringify(device, null, 2), { mode: 0o600 });
}

/** Goes back to opening with the demo device. */
export async function forgetRememberedDevice(dataDir: string): Promise<void> {
  await rm(join(dataDir, fileName), { force: true });
}
