/** Exit codes of `pgflex-restore`, documented in the README. */
import type { UserErrorCode } from '../core/errors';

export const EXIT = {
  ok: 0,
  /** The replay did not restore everything asked for, or inspect found unreadable dumps. */
  incomplete: 1,
  /** Bad arguments or unusable input (missing/empty folder, no client tools). */
  input: 2,
  /** The target refused: unreachable, wrong password, database exists. */
  target: 3,
  cancelled: 130,
} as const;

/** Which exit code a user error ends the command with. */
export function exitCodeFor(code: UserErrorCode): number {
  switch (code) {
    case 'target-unreachable':
    case 'target-auth':
    case 'target-refused':
    case 'database-exists':
      return EXIT.target;
    case 'cancelled':
      return EXIT.cancelled;
    default:
      return EXIT.input;
  }
}
