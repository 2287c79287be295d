// Errors of the Docker side, each with a stable code and a message for users.

export type DockerErrorCode =
  | 'NOT_INSTALLED'
  | 'NOT_RUNNING'
  | 'NO_PERMISSION'
  | 'IMAGE_NOT_FOUND'
  | 'HELPER_FAILED'
  | 'LOAD_FAILED'
  | 'RUN_FAILED'
  | 'CANCELLED'
  | 'ENGINE';

export class DockerError extends Error {
  override name = 'DockerError';
  constructor(
    readonly code: DockerErrorCode,
    message: string,
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
