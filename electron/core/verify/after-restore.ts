/**
 * The replay's verification step for one database: starts the archive's row count when the
 * restore starts, and after it ends checks the target (restored or partial databases only).
 * A cancel stops both at once; the database then ends cancelled, not verified.
 */
import type { ArchiveInfo } from '../archive/types';
import { UserError } from '../errors';
import type { DatabaseResult } from '../replay/types';
import type { TargetConnection } from '../target/types';
import type { RowCountRun } from './archive-rows';
import { verifySummaryLine } from '../../shared/verify-summary';
import type { VerifyContext } from './types';
import { startRowCount, verifyDatabase } from './verify-database';

/** One database's check against its archive, begun beside its restore. */
export class AfterRestore {
  private readonly rowCount: RowCountRun;
  private readonly cancelled = new AbortController();

  constructor(private readonly archive: ArchiveInfo, private readonly target: TargetConnection, private readonly database: string, private readonly context: VerifyContext) {
    this.rowCount = startRowCount(archive);
    // A failure surfaces in verify(); never as an unhandled rejection meanwhile.
    this.rowCount.done.catch(() => {});
  }

  /** Stops the check: the row count's worker ends and the target's queries are cancelled. */
  cancel(): void {
    this.rowCount.stop();
    this.cancelled.abort();
  }

  /** Adds the verdict to a restored or partial result (others just stop the count). */
  async verify(result: DatabaseResult, log: (line: string) => void): Promise<DatabaseResult> {
    if (result.status !== 'restored' && result.status !== 'partial') {
      this.rowCount.stop();
      return result;
    }
    const signal = this.cancelled.signal;
    const cancelled = (): DatabaseResult => {
      log('pgflex-restore: verification cancelled; the database was not checked against the archive.');
      return {
        ...result, status: 'cancelled',
        reason: `Cancelled while verifying: pg_restore had ended (${result.status === 'restored' ? 'restored' : 'partly restored'}), but the database was not checked against the archive.`,
      };
    };
    if (signal.aborted) return cancelled();
    log('pgflex-restore: verifying the restored database against the archive…');
    try {
      const verify = await verifyDatabase({ archive: this.archive, rowCount: this.rowCount, target: this.target, database: this.database, context: this.context, options: { signal } });
      log(`pgflex-restore: ${verifySummaryLine(verify)}`);
      return { ...result, verify };
    } catch (err) {
      if (signal.aborted) return cancelled();
      const why = err instanceof UserError ? `${err.message} ${err.hint}` : (err as Error).message;
      log(`pgflex-restore: verification could not run: ${why}`);
      return {
        ...result,
        verify: {
          ok: false, tables: [], objects: [], sequences: { checked: 0, mismatched: [] }, totals: { tables: 0, rows: 0, indexes: 0 },
          notes: [`Verification could not run: ${why}`], durationMs: 0, rowCount: { bytes: 0, durationMs: 0, where: 'worker' },
        },
      };
    }
  }
}
