/**
 * Runs a plain-SQL file of the restore set (roles, schema, tablespaces) with psql. psql exits 0
 * even when statements fail (without ON_ERROR_STOP), so the result comes from its error lines.
 * The script must come from prepareSqlFile (sql-script-guard.ts); here it is wrapped in psql's
 * `\restrict` with a fresh key where the psql knows it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { childEnv } from '../target/child-env';
import { privateRunDir } from '../target/private-dir';
import type { TargetConnection } from '../target/types';
import { psqlSupportsRestrict } from '../binaries/psql-features';
import type { ClientTool } from '../binaries/types';
import { startChild, type RunningChild } from './child-process';
import { restrictKey, wrapScript, type PreparedScript } from './sql-script-guard';
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

/** How long a cancelled psql gets to cancel its statement on the server (it does on SIGINT) before it is killed. */
const CANCEL_GRACE_MS = 5000;

/** Runs a prepared script as the file of `kind`. */
export function runSqlFile(
  kind: FileResult['kind'],
  script: PreparedScript,
  psql: Pick<ClientTool, 'path' | 'name' | 'version'>,
  conn: TargetConnection,
  listener: { onLog(line: string): void; onError(e: ReplayError): void },
): SqlFileRun {
  const changes = kind === 'roles' || script.changes > 0 ? script.changes : undefined;
  const sql = wrapScript(script.sql, psqlSupportsRestrict(psql) ? restrictKey() : null);
  let child: RunningChild | null = null;
  let cancelled = false;
  const done = (async (): Promise<FileResult> => {
    const started = Date.now();
    // The guarded script holds what the set's file holds (password hashes): private, like the passfile.
    const dir = await mkdtemp(join(await privateRunDir(), 'sql-'));
    const file = join(dir, `${kind}.sql`);
    await writeFile(file, sql, { mode: 0o600 });
    const lines = sql.split('\n');
    const errors: ReplayError[] = [];
    const { env, cleanup } = await childEnv(conn, dir);
    try {
      if (script.warning) listener.onLog(`pgflex-restore: ${script.warning}`);
      child = startChild(psql.path, psqlArgs(file), {
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
      const warn = script.warning ? ` ${script.warning}` : '';
      if (cancelled) return { ...base, status: 'cancelled', reason: 'Cancelled.' };
      if (code !== 0) return { ...base, status: 'failed', reason: `psql exited with ${signal ?? `code ${code}`}.` };
      if (errors.length) {
        const real = errors.filter((e) => !e.benign).length;
        return { ...base, status: 'partial', reason: `${errors.length} statement(s) failed${real ? ` (${real} not benign)` : ' (all benign)'}.${warn}` };
      }
      return { ...base, status: 'restored', reason: `Every statement ran.${warn}` };
    } finally {
      await cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return {
    done,
    async cancel() {
      cancelled = true;
      const c = child;
      if (!c) return;
      // SIGINT makes psql send a cancel request for the running statement, then leave the script;
      // a plain kill would leave that statement running on the server.
      if (c.pid !== undefined) {
        try {
          process.kill(c.pid, 'SIGINT');
        } catch {
          // already gone
        }
        const ended = await Promise.race([c.done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), CANCEL_GRACE_MS).unref())]);
        if (ended) return;
      }
      await c.stop();
    },
  };
}
