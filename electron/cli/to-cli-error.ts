// One table from the errors of the layers below (registry client, Docker, device setup) to
// the exit codes scripts rely on. The dispatcher applies it to whatever a command throws.
import { CliError, ExitCode } from './command.js';
import { RegistryError } from '../registry-client/index.js';
import { DockerError } from '../docker/index.js';
import { SetupError } from '../device/setup-device.js';

const registryCodes: Record<string, number> = {
  UNAUTHORIZED: ExitCode.noPermission,
  DENIED: ExitCode.noPermission,
  UNREACHABLE: ExitCode.unavailable,
  TLS: ExitCode.unavailable,
  INVALID_ARCHIVE: ExitCode.dataError,
  CANCELLED: ExitCode.interrupted,
};

const dockerCodes: Record<string, number> = {
  NOT_INSTALLED: ExitCode.unavailable,
  NOT_RUNNING: ExitCode.unavailable,
  NO_PERMISSION: ExitCode.noPermission,
  IMAGE_NOT_FOUND: ExitCode.dataError,
  LOAD_FAILED: ExitCode.dataError,
  CANCELLED: ExitCode.interrupted,
};

const setupCodes: Record<string, number> = {
  unreachable: ExitCode.unavailable,
  timeout: ExitCode.unavailable,
  'fingerprint-unconfirmed': ExitCode.noPermission,
  'fingerprint-mismatch': ExitCode.noPermission,
};

// The device layer says what is needed; here, how to give it on the command line.
const setupHints: Record<string, string> = {
  'no-ca-in-chain': ' Pass it with --ca FILE.',
  'no-name': ' Or give it with --endpoint NAME:PORT --ip IP.',
};

/** Maps our error types to a CliError with the exit code scripts rely on; others pass through. */
export function toCliError(e: unknown): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof RegistryError) return new CliError(e.message, registryCodes[e.code] ?? ExitCode.failed);
  if (e instanceof DockerError) return new CliError(e.message, dockerCodes[e.code] ?? ExitCode.failed);
  if (e instanceof SetupError)
    return new CliError(e.message + (setupHints[e.code] ?? ''), setupCodes[e.code] ?? ExitCode.dataError);
  if (e instanceof Error && /RegistryInfoError|HostsFileError|CertificateError/.test(e.name))
    return new CliError(e.message, ExitCode.dataError);
  return e;
}
