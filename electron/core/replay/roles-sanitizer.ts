/**
 * Makes a `pg_dumpall --roles-only` script from an Azure Flexible Server safe to replay as the
 * server admin of another Flexible Server (a member of azure_pg_admin with CREATEDB/CREATEROLE,
 * not a superuser). What it does, and why, is returned line by line so the user can see it:
 *
 * - statements about Azure-managed roles (azuresu, azure_pg_admin, azure_superuser, replication,
 *   localadmin), predefined pg_* roles and the connecting role itself are skipped, and so are
 *   memberships in or of Azure's roles (making a user an azure_pg_admin is left to the user);
 * - SUPERUSER / REPLICATION / BYPASSRLS and their NO- forms are dropped from CREATE/ALTER ROLE
 *   (PostgreSQL refuses any of them from a non-superuser); passwords and other attributes stay;
 * - `GRANTED BY <role>` is dropped but the membership is kept. Microsoft's documented clean-up
 *   deletes every line naming azuresu, which silently loses every membership;
 * - `CREATE ROLE` becomes a DO block that tolerates an existing role, so re-runs do not fail;
 * - `\restrict` / `\unrestrict` are kept for a psql that knows them, removed otherwise; any other
 *   psql meta-command is removed, since a roles file has no business running one.
 *
 * Kept on purpose: `GRANT pg_read_all_data TO app` (PostgreSQL 15 lets a CREATEROLE admin grant
 * it; 16+ only with ADMIN OPTION on the predefined role — the line then fails alone and is
 * reported), and memberships where the connecting role is the member or the granted role (they
 * let the admin act as an object owner, which avoids `--no-owner`).
 */
import { lexScript, type MetaCommand, type SqlStatement } from './roles-sql-lexer';
import { judgeStatement, type StatementVerdict } from './roles-statements';

export interface RolesSanitizeOptions {
  /** The role the replay connects as (the Flexible Server admin). */
  connectingRole: string;
  /** Whether the psql that will run the script knows `\restrict` (see `psqlSupportsRestrict`). */
  psqlSupportsRestrict: boolean;
  /** The target server's major version; below 16, PostgreSQL 16 grant options are dropped. */
  targetMajor?: number;
  /** More role names to treat as managed by the platform. */
  extraManagedRoles?: readonly string[];
}

/** One statement removed or rewritten, with the input line it starts on. */
export interface RemovedItem {
  line: number;
  original: string;
  /** The statement written instead, or null when it was removed. */
  replacement: string | null;
  reason: string;
}

/** A statement kept as it is (or rewritten) that may still fail on some servers. */
export interface RolesNote {
  line: number;
  statement: string;
  note: string;
}

export interface RolesSanitizeResult {
  /** The script to replay. */
  sql: string;
  removed: RemovedItem[];
  /** SQL statements in the output (rewritten ones included). */
  kept: number;
  /** Roles whose statements were skipped, sorted. */
  skippedRoles: string[];
  notes: RolesNote[];
}

const MARKER = '-- [pgflex-restore]';

/** A one-line comment for the output, so the replayed file explains itself too. */
function marker(line: number, reason: string, restOfLine: string): string {
  const comment = `${MARKER} removed statement of input line ${line}: ${reason.replace(/[\r\n]+/g, ' ')}`;
  // A line comment must not swallow a statement that follows on the same line.
  return /^[ \t]*(\r?\n|$)/.test(restOfLine) ? comment : `${comment}\n`;
}

/** Transforms a roles script for a Flexible Server target. Pure: no I/O. */
export function sanitizeRoles(sql: string, opts: RolesSanitizeOptions): RolesSanitizeResult {
  const items = lexScript(sql).sort((a, b) => a.start - b.start);
  const rules = { connectingRole: opts.connectingRole, targetMajor: opts.targetMajor, extraManagedRoles: opts.extraManagedRoles ?? [] };
  const removed: RemovedItem[] = [];
  const notes: RolesNote[] = [];
  const skipped = new Set<string>();
  const metas = items.filter((i): i is MetaCommand => i.kind === 'meta');
  let out = '';
  let cursor = 0;
  let kept = 0;

  for (const item of items) {
    if (item.start < cursor) continue; // a meta-command inside a statement already handled
    out += sql.slice(cursor, item.start);
    cursor = item.end;
    const original = sql.slice(item.start, item.end);
    if (item.kind === 'meta') {
      const reason = metaReason(item, opts.psqlSupportsRestrict);
      if (reason === null) out += original;
      else {
        removed.push({ line: item.line, original, replacement: null, reason });
        out += marker(item.line, reason, sql.slice(item.end, item.end + 200));
      }
      continue;
    }
    const verdict = hasMetaInside(item, metas)
      ? ({ action: 'remove', reason: 'contains a psql meta-command; not replayed, for safety', roles: [] } as StatementVerdict)
      : judgeStatement(item, sql, rules);
    if (verdict.action === 'remove') {
      verdict.roles.forEach((r) => skipped.add(r));
      removed.push({ line: item.line, original, replacement: null, reason: verdict.reason });
      out += marker(item.line, verdict.reason, sql.slice(item.end, item.end + 200));
      continue;
    }
    kept++;
    const text = verdict.action === 'replace' ? verdict.text : original;
    if (verdict.action === 'replace') {
      verdict.roles.forEach((r) => skipped.add(r));
      removed.push({ line: item.line, original, replacement: text, reason: verdict.reason });
    }
    if (verdict.note) notes.push({ line: item.line, statement: text, note: verdict.note });
    out += text;
  }
  out += sql.slice(cursor);
  return { sql: out, removed, kept, skippedRoles: [...skipped].sort(), notes };
}

function metaReason(meta: MetaCommand, supportsRestrict: boolean): string | null {
  if (meta.name === 'restrict' || meta.name === 'unrestrict') {
    return supportsRestrict ? null : `\\${meta.name} is unknown to this psql (it arrived in 17.6, 16.10, 15.14, 14.19, 13.22 and 18)`;
  }
  return `psql meta-command \\${meta.name} is not expected in a roles file; not replayed, for safety`;
}

function hasMetaInside(stmt: SqlStatement, metas: MetaCommand[]): boolean {
  return metas.some((m) => m.start > stmt.start && m.start < stmt.end);
}
