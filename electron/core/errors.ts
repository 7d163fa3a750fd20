/**
 * Errors a user can act on. Each carries what happened, what it means and what to do, so every
 * layer (CLI, IPC, UI) can show it without guessing. Anything that is not a UserError is a bug.
 */
export type UserErrorCode =
  | 'folder-missing'
  | 'folder-empty'
  | 'not-an-archive'
  | 'unsafe-file'
  | 'archive-truncated'
  | 'archive-unsupported'
  | 'no-client'
  | 'client-too-old'
  | 'target-unreachable'
  | 'target-auth'
  | 'target-refused'
  | 'database-exists'
  | 'database-busy'
  | 'option-conflict'
  | 'bad-argument'
  | 'sandbox-failed'
  | 'azure-signed-out'
  | 'azure-refused'
  | 'azure-prerequisites'
  | 'download-incomplete'
  | 'folder-busy'
  | 'set-changed'
  | 'no-space'
  | 'cancelled';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    /** What happened, in one sentence. */
    message: string,
    /** What to do about it. */
    readonly hint: string,
    /** Extra facts (file, versions, stderr excerpt) for logs and reports. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** A plain-object copy that survives JSON and IPC. */
  toJSON(): { code: UserErrorCode; message: string; hint: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

/** For exhaustive switches: the compiler proves this is never reached. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
