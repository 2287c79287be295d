// The device the UI works with: its registry information and a registry client that
// reaches it by IP while trusting only its CA (the IP is in the certificate's SAN, so no
// hosts entry is needed to browse it).
import { readFile } from 'node:fs/promises';
import type { DeviceView, RegistryInfo } from '../../shared/api.js';
import { RegistryClient } from '../registry-client/index.js';
import type { RememberedDevice } from './remembered-device.js';

export interface ActiveDevice {
  view: DeviceView;
  client: RegistryClient;
  /** Our embedded registry speaks GET /v2/_edge/usage and deletes single tags. */
  isDemo: boolean;
}

/** A device set up from the UI: reached by its name (the hosts entry now maps it), its CA pinned. */
export function connectSetUpDevice(d: RememberedDevice & { password: string }): ActiveDevice {
  const client = new RegistryClient({
    registry: `${d.host}:${d.port}`,
    credentials: { username: d.username, password: d.password },
    ca: [d.caPem],
  });
  return { view: setUpDeviceView(d), client, isDemo: false };
}

/** How the UI shows a device set up from the UI (without connecting to it). */
export function setUpDeviceView(d: RememberedDevice & { password: string }): DeviceView {
  return {
    endpoint: `${d.host}:${d.port}`,
    ipAddress: d.ip,
    username: d.username,
    password: d.password,
    caCertPath: '',
    caFingerprint: d.caFingerprint,
    kind: 'device',
    label: d.host,
    setUp: true,
    reclaim: 'nightly',
  };
}

/** A client for `info`, connecting to `url` (https://ip:port) with the CA file pinned. */
export async function connectDevice(
  info: RegistryInfo,
  url: string,
  kind: DeviceView['kind'],
): Promise<ActiveDevice> {
  const ca = await readFile(info.caCertPath);
  const client = new RegistryClient({
    registry: url,
    credentials: { username: info.username, password: info.password },
    ca: [ca],
  });
  return {
    view: {
      ...info,
      kind,
      label: info.endpoint.replace(/:\d+$/, ''),
      setUp: false,
      reclaim: kind === 'demo' ? 'app' : 'nightly',
    },
    client,
    isDemo: kind === 'demo',
  };
}
