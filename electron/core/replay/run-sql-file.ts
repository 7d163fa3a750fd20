/**
 * Runs a plain-SQL file of the restore set (roles, schema, tablespaces) with psql. psql exits 0
 * even when statements fail (without ON_ERROR_STOP), so the result comes from its error lines.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from '../target/child-env';
import type { TargetConnection } from '../target/types';
import { startChild, type RunningChild } from './child-process';
import { classifyError } from './classify-error';
import type { FileResult, ReplayError } from './types';

const PSQL_ERROR = /^psql:.*?:(\d+): (ERROR|FATAL):\s+(.*)$/;

/** Parses a psql stderr line into the input line number and the message, or null. */
export function parsePsqlError(line: string): { line: number; message: string } | null {
  const m = PSQL_ERROR.exec(line);
  return m ? { line: Number(m[1]), message: m[3] } : null;
}

/** Arguments for psql running a file: quiet, no psqlrc, keep going after errors, never prompt. */
export function psqlArgs(file: string): string[] {
  return ['--no-psqlrc', '--quiet', '--no-password', '--set', 'ON_ERROR_STOP=0', '--file', file];
}

export interface SqlFileRun {
  done: Promise<FileResult>;
  cancel(): Promise<void>;
}

/** Runs `sql` (already transformed if needed) as the file of `kind`. */
export function runSqlFile(
  kind: FileResult['kind'],
  sql: string,
  psqlPath: string,
  conn: TargetConnection,
  listener: { onLog(line: string): void; onError(e: ReplayError): void },
  changes?: number,
): SqlFileRun {
  let child: RunningChild | null = null;
  let cancelled = false;
  const done = (async (): Promise<FileResult> => {
    const started = Date.now();
    const dir = await mkdtemp(join(tmpdir(), 'pgflex-sql-'));
    const file = join(dir, `${kind}.sql`);
    await writeFile(file, sql, { mode: 0o600 });
    const lines = sql.split('\n');
    const errors: ReplayError[] = [];
    const { env, cleanup } = await childEnv(conn, dir);
    try {
      child = startChild(psqlPath, psqlArgs(file), {
        env,
        onStdout: listener.onLog,
        onStderr: (raw) => {
          listener.onLog(raw);
          const e = parsePsqlError(raw);
          if (!e) return;
          const error: ReplayError = {
            tocId: e.line,
            item: `${kind} line ${e.line}`,
            message: e.message,
            command: lines[e.line - 1]?.trim() || null,
            ...classifyError(e.message),
          };
          errors.push(error);
          listener.onError(error);
        },
      });
      const { code, signal } = await child.done;
      const durationMs = Date.now() - started;
      const base = { kind, errors, durationMs, changes };
      if (cancelled) return { ...base, status: 'cancelled', reason: 'Cancelled.' };
      if (code !== 0) return { ...base, status: 'failed', reason: `psql exited with ${signal ?? `code ${code}`}.` };
      if (errors.length) {
        const real = errors.filter((e) => !e.benign).length;
        return { ...base, status: 'partial', reason: `${errors.length} statement(s) failed${real ? ` (${real} not benign)` : ' (all benign)'}.` };
      }
      return { ...base, status: 'restored', reason: 'Every statement ran.' };
    } finally {
      await cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return {
    done,
    async cancel() {
      cancelled = true;
      await child?.stop();
    },
  };
}
