/** Exit codes of `pgflex-restore`, documented in the README. */
import { assertNever, type UserErrorCode } from '../core/errors';

export const EXIT = {
  ok: 0,
  /** The replay did not restore everything asked for, or inspect found unreadable dumps. */
  incomplete: 1,
  /** Bad arguments or unusable input (missing/empty folder, no client tools). */
  input: 2,
  /** The target refused: unreachable, wrong password, database exists. */
  target: 3,
  /** Not signed in to Azure, or Azure refused the token (expired, revoked, wrong tenant). */
  signedOut: 4,
  /** Azure refused the operation: an ARM error, a failed prerequisite, a failed restore job. */
  azureRefused: 5,
  cancelled: 130,
} as const;

/**
 * Which exit code a user error ends the command with. Every code is listed (no `default`), so a
 * new error code does not compile until someone decides its exit code.
 */
export function exitCodeFor(code: UserErrorCode): number {
  switch (code) {
    case 'target-unreachable':
    case 'target-auth':
    case 'target-refused':
    case 'database-exists':
    case 'database-busy':
      return EXIT.target;
    case 'azure-signed-out':
      return EXIT.signedOut;
    case 'azure-refused':
    case 'azure-prerequisites':
      return EXIT.azureRefused;
    case 'download-incomplete':
      return EXIT.incomplete;
    case 'cancelled':
      return EXIT.cancelled;
    case 'folder-missing':
    case 'folder-empty':
    case 'not-an-archive':
    case 'archive-truncated':
    case 'archive-unsupported':
    case 'no-client':
    case 'client-too-old':
    case 'option-conflict':
    case 'bad-argument':
    case 'sandbox-failed':
    case 'unsafe-file':
    case 'folder-busy':
    case 'set-changed':
    case 'no-space':
      return EXIT.input;
    default:
      return assertNever(code);
  }
}
