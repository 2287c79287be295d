// What the doctor (electron/device/doctor.ts) reports about one device, for the CLI and the UI.
import type { Text } from './i18n/index.js';

/** The checks, in the order they run: a check runs only after those it needs. */
export const doctorCheckIds = [
  'name',
  'port',
  'certificate',
  'chain',
  'os-trust',
  'credentials',
  'delete',
  'space',
  'engine',
] as const;
export type DoctorCheckId = (typeof doctorCheckIds)[number];

/** `skipped`: not run, because a check it needs did not pass or it does not apply (the text says which). */
export type DoctorVerdict = 'ok' | 'warn' | 'fail' | 'skipped';

export interface DoctorFinding {
  id: DoctorCheckId;
  verdict: DoctorVerdict;
  /** The check's name. */
  title: Text;
  /** What was found. */
  text: Text;
  /** The one thing to do about it (warn and fail). */
  fix?: Text;
}

export interface DoctorReport {
  /** `host:port`. */
  endpoint: string;
  /** The address the checks connected to, when one was known. */
  ip?: string;
  /** False when any check failed. */
  ok: boolean;
  checks: DoctorFinding[];
}
