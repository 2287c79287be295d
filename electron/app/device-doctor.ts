// The doctor (electron/device/doctor.ts) for a device the app knows: the target from what the
// app holds of it (its address, the CA fingerprint confirmed at setup or the demo device's own,
// that CA's certificate, the password the app keeps), so the UI's re-check asks what the CLI's
// `edge-registry doctor` asks.
import { readFile } from 'node:fs/promises';
import type { DeviceView } from '../../shared/api.js';
import { parseEndpoint } from '../../shared/endpoint.js';
import { runDoctor, type DoctorOptions, type DoctorReport, type DoctorTarget } from '../device/doctor.js';

/** What the doctor checks for `view`; `caPem` is the CA kept for a device set up from the app. */
export async function doctorTargetOf(view: DeviceView, caPem?: string): Promise<DoctorTarget> {
  const { host, port } = parseEndpoint(view.endpoint);
  // The demo device's CA is a file; a device set up from the app keeps its CA's text.
  const pem = caPem ?? (view.caCertPath ? await readFile(view.caCertPath, 'utf8').catch(() => '') : '');
  return {
    host,
    port,
    ...(view.ipAddress ? { ip: view.ipAddress } : {}),
    ...(view.caFingerprint ? { pinnedSha256: view.caFingerprint } : {}),
    caPems: pem ? [pem] : [],
    ...(view.username && view.password
      ? { credentials: { username: view.username, password: view.password } }
      : {}),
  };
}

/** Runs the doctor for `view` (see doctorTargetOf). */
export async function diagnoseDevice(
  view: DeviceView,
  opts: DoctorOptions & { caPem?: string } = {},
): Promise<DoctorReport> {
  const { caPem, ...doctorOptions } = opts;
  return runDoctor(await doctorTargetOf(view, caPem), doctorOptions);
}
