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
 * - every psql meta-command is removed, `\restrict` / `\unrestrict` included (runSqlFile puts its
 *   own `\restrict` with a fresh key around the whole script where psql knows it), and so is every
 *   statement that is not about roles (a roles file has no business running a SELECT or a DO);
 * - a file psql might lex differently than this sanitizer (see roles-sql-lexer), or that turns
 *   standard_conforming_strings off or switches to a client encoding whose characters can hide a
 *   quote or a backslash, is refused as a whole (UserError 'unsafe-file'): no guessing.
 *
 * Kept on purpose: `GRANT pg_read_all_data TO app` (PostgreSQL 15 lets a CREATEROLE admin grant
 * it; 16+ only with ADMIN OPTION on the predefined role — the line then fails alone and is
 * reported), and memberships where the connecting role is the member or the granted role (they
 * let the admin act as an object owner, which avoids `--no-owner`).
 */
import { basename } from 'node:path';
import { UserError } from '../errors';
import { identifierName, isKeyword, LexError, lexScript, standardStringsSet, type MetaCommand, type ScriptItem, type SqlStatement } from './roles-sql-lexer';
import { judgeStatement, type StatementVerdict } from './roles-statements';

export interface RolesSanitizeOptions {
  /** The role the replay connects as (the Flexible Server admin). */
  connectingRole: string;
  /** Whether the psql that will run the script knows `\restrict` (see `psqlSupportsRestrict`); only worded into reasons. */
  psqlSupportsRestrict: boolean;
  /** The file's path or name, for the refusal message. */
  fileName?: string;
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
  const items = lexOrRefuse(sql, opts.fileName ?? 'the roles file');
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
      removed.push({ line: item.line, original, replacement: null, reason });
      out += marker(item.line, reason, sql.slice(item.end, item.end + 200));
      continue;
    }
    const foreign = foreignStatement(item);
    const verdict: StatementVerdict = hasMetaInside(item, metas)
      ? { action: 'remove', reason: 'contains a psql meta-command; not replayed, for safety', roles: [] }
      : foreign
        ? { action: 'remove', reason: foreign, roles: [] }
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

function metaReason(meta: MetaCommand, supportsRestrict: boolean): string {
  if (meta.name === 'restrict' || meta.name === 'unrestrict') {
    return supportsRestrict
      ? `the file's own \\${meta.name} is replaced by one with a fresh key around the whole script`
      : `\\${meta.name} is unknown to this psql (it arrived in 17.6, 16.10, 15.14, 14.19, 13.22 and 18)`;
  }
  return `psql meta-command \\${meta.name} is not expected in a roles file; not replayed, for safety`;
}

/** Client encodings in which a multi-byte character may end in a byte that reads as ' or \ (PostgreSQL's client-only encodings). */
const UNSAFE_CLIENT_ENCODINGS = new Set(['SJIS', 'SHIFTJIS2004', 'SHIFT_JIS_2004', 'BIG5', 'GBK', 'UHC', 'GB18030', 'JOHAB', 'WIN932', 'WIN936', 'WIN949', 'WIN950', 'MSKANJI', 'SHIFTJIS', 'TCVN', 'WIN']);

function refuse(file: string, line: number, why: string): UserError {
  return new UserError(
    'unsafe-file',
    `"${basename(file)}" was not replayed: ${why} (line ${line}).`,
    'pg_dumpall never writes this. Check where the file came from; if it is yours, fix that line and open the folder again.',
    { path: file, line },
  );
}

/** Lexes the script, refusing what psql might read otherwise or what would change how it lexes the rest. */
export function lexOrRefuse(sql: string, file: string): ScriptItem[] {
  let items: ScriptItem[];
  try {
    items = lexScript(sql).sort((a, b) => a.start - b.start);
  } catch (err) {
    if (err instanceof LexError) throw refuse(file, err.line, err.message);
    throw err;
  }
  for (const item of items) {
    if (item.kind !== 'sql') continue;
    const std = standardStringsSet(item.tokens);
    if (std === false || std === 'unknown') throw refuse(file, item.line, 'it turns standard_conforming_strings off (or to an unknown value), after which psql reads backslashes in strings differently');
    const t = item.tokens;
    if ((isKeyword(t[0], 'SET') || isKeyword(t[0], 'RESET')) && t.some((tok) => tok.kind !== 'string' && identifierName(tok) === 'client_encoding')) {
      const value = t[t.length - 1];
      const name = value ? (value.kind === 'string' ? value.text.slice(1, -1) : value.text).toUpperCase().replace(/-/g, '_') : '';
      if (isKeyword(t[0], 'RESET') || UNSAFE_CLIENT_ENCODINGS.has(name) || name === 'DEFAULT') {
        throw refuse(file, item.line, `it sets the client encoding to ${name || 'its default'}, in which psql could read a quote or backslash inside another character`);
      }
    }
    if ((isKeyword(t[0], 'RESET') && isKeyword(t[1], 'ALL')) || isKeyword(t[0], 'DISCARD') || (isKeyword(t[0], 'RESET') && t[1] && identifierName(t[1]) === 'standard_conforming_strings')) {
      throw refuse(file, item.line, 'it resets session settings, which may turn standard_conforming_strings off');
    }
  }
  return items;
}

const ROLE_VERBS = new Set(['CREATE', 'ALTER', 'DROP']);
const ROLE_OBJECTS = new Set(['ROLE', 'USER', 'GROUP']);

/** Why a statement has no place in a roles file (null when it has): only SET, role DDL, GRANT/REVOKE, COMMENT and SECURITY LABEL do. */
function foreignStatement(stmt: SqlStatement): string | null {
  const t = stmt.tokens;
  if (t.length === 0) return null;
  const verb = t[0].kind === 'word' ? t[0].text.toUpperCase() : '';
  if (verb === 'SET' || verb === 'GRANT' || verb === 'REVOKE' || verb === 'COMMENT' || (verb === 'SECURITY' && isKeyword(t[1], 'LABEL'))) return null;
  if (ROLE_VERBS.has(verb) && t[1]?.kind === 'word' && ROLE_OBJECTS.has(t[1].text.toUpperCase())) return null;
  return `a ${verb || 'statement'} statement is not about roles; a roles file has no business running it, so it is not replayed`;
}

function hasMetaInside(stmt: SqlStatement, metas: MetaCommand[]): boolean {
  return metas.some((m) => m.start > stmt.start && m.start < stmt.end);
}
