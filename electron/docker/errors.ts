// Errors of the Docker side, each with a stable code and a message for users (a catalog Text
// where the UI shows it, so it speaks the UI's language).
import { TextError, type Text } from '../../shared/i18n/index.js';

export type DockerErrorCode =
  | 'NOT_INSTALLED'
  | 'NOT_RUNNING'
  | 'NO_PERMISSION'
  | 'IMAGE_NOT_FOUND'
  | 'HELPER_FAILED'
  | 'LOAD_FAILED'
  | 'RUN_FAILED'
  | 'CANCELLED'
  /** A container uses the image whose last tag was to be removed. */
  | 'IN_USE'
  | 'ENGINE';

export class DockerError extends TextError {
  override name = 'DockerError';
  constructor(
    readonly code: DockerErrorCode,
    message: string | Text,
  ) {
    super(message);
  }

  toJSON() {
    return { code: this.code, message: this.message };
  }
}

/** The engine's JSON error message (`{"message": ...}`) of a dockerode failure. */
export function engineMessage(e: unknown): string {
  const err = e as { json?: { message?: string }; reason?: string; message?: string };
  return err?.json?.message ?? err?.message ?? String(e);
}
