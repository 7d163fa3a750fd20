/**
 * Makes a plain-SQL file of the restore set fit to hand to psql: no backslash command of the file
 * may run on this machine. Two guards, each enough on its own where it applies:
 * 1. the script is lexed as psql lexes it (roles-sql-lexer) and every meta-command is removed, or
 *    for the schema/tablespaces files "run as written" rewritten: `\connect` to a canonical form,
 *    the file's `\restrict`/`\unrestrict` dropped, anything else removed; a file the lexer cannot
 *    follow is refused ('unsafe-file');
 * 2. where psql knows it (15.14+, 16.10+, 17.6+, 18), the whole script runs under psql's own
 *    `\restrict <random key>`, as pg_dumpall's output does: psql then refuses every backslash
 *    command but `\unrestrict` with that key, which the file cannot know.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { UserError } from '../errors';
import type { FileResult } from './types';
import { lexOrRefuse, sanitizeRoles, type RolesSanitizeOptions } from './roles-sanitizer';
import type { MetaCommand } from './roles-sql-lexer';

/** Only this module can make a PreparedScript (see `guarded`): no other value has this key. */
declare const GUARDED: unique symbol;

/**
 * A script ready for runSqlFile, with what was changed and what the user should be told. Made
 * only by prepareSqlFile/prepareAsWritten here, so a file's text that did not pass the guard
 * cannot be handed to psql by mistake: a plain `{ sql, changes, warning }` does not compile.
 */
export interface PreparedScript {
  readonly [GUARDED]: true;
  sql: string;
  /** Statements or lines removed or changed. */
  changes: number;
  /** Said to the user with the result (e.g. the schema file ran as written, under \restrict). */
  warning: string | null;
}

function guarded(script: { sql: string; changes: number; warning: string | null }): PreparedScript {
  return script as PreparedScript;
}

/** A fresh key for `\restrict`: letters and digits only, as pg_dumpall makes them. */
export function restrictKey(): string {
  return randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40).padEnd(40, 'x');
}

/**
 * Wraps a script in `\restrict key` … `\unrestrict key`, with standard_conforming_strings on from
 * the first statement (the lexer read the file that way; psql would otherwise start from the
 * server's setting). The `\connect` lines written by prepareAsWritten get their own unrestrict/
 * restrict pair, with nothing of the file in between.
 */
export function wrapScript(sql: string, key: string | null): string {
  const body = sql.replace(/\u0000CONNECT\u0000([^\n]*)/g, (_, line: string) => (key ? `\\unrestrict ${key}\n${line}\n\\restrict ${key}` : line));
  const head = 'SET standard_conforming_strings = on;\n';
  return key ? `\\restrict ${key}\n${head}${body}\n\\unrestrict ${key}\n` : `${head}${body}\n`;
}

/** A `\connect` line as pg_dump's appendPsqlMetaConnect writes it, for a database name read from the file. */
function connectLine(dbname: string): string {
  const conninfo = `dbname='${dbname.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `\\connect -reuse-previous=on "${conninfo.replace(/"/g, '""')}"`;
}

/** The database a pg_dump-written `\connect` names: `name`, `"quoted"`, or `-reuse-previous=on "dbname='…'"`. Null when it is something else. */
export function connectTarget(argument: string): string | null {
  let m = /^([A-Za-z0-9_]+)$/.exec(argument);
  if (m) return m[1];
  m = /^"((?:[^"]|"")*)"$/.exec(argument);
  if (m) return m[1].replace(/""/g, '"');
  m = /^-reuse-previous=on "dbname='((?:[^'\\"]|\\.|"")*)'"$/.exec(argument);
  if (m) return m[1].replace(/""/g, '"').replace(/\\(.)/g, '$1');
  return null;
}

/** Prepares the schema or tablespaces file to run as written (no Flexible-safe rewriting), keeping only its `\connect` lines. */
export function prepareAsWritten(sql: string, file: string, restrict: boolean): PreparedScript {
  const items = lexOrRefuse(sql, file);
  const metas = items.filter((i): i is MetaCommand => i.kind === 'meta');
  let out = '';
  let cursor = 0;
  let removed = 0;
  for (const m of metas) {
    out += sql.slice(cursor, m.start);
    cursor = m.end;
    if (m.name === 'connect' || m.name === 'c') {
      const db = connectTarget(m.argument);
      if (db === null || /[\u0000-\u001f]/.test(db)) {
        throw new UserError('unsafe-file', `"${basename(file)}" was not replayed: its \\connect on line ${m.line} is not one pg_dumpall writes.`, 'Check where the file came from; the app runs only the \\connect lines pg_dumpall writes.', { path: file, line: m.line });
      }
      out += `\u0000CONNECT\u0000${connectLine(db)}`;
      continue;
    }
    removed++;
    const why = m.name === 'restrict' || m.name === 'unrestrict' ? `the file's own \\${m.name}, replaced by the app's` : `psql meta-command \\${m.name}, not run`;
    out += `-- [pgflex-restore] removed line ${m.line}: ${why}`;
  }
  out += sql.slice(cursor);
  const guard = restrict ? "under psql's \\restrict (no backslash command of the file can run)" : 'with every backslash command but \\connect removed';
  return guarded({
    sql: out,
    changes: removed,
    warning: `Ran as written, not made Flexible-safe, ${guard}${removed ? `; ${removed} backslash line(s) removed` : ''}. Microsoft advises against running this file: each database dump already holds its schema.`,
  });
}

/** Prepares any plain-SQL file of the set for psql: the roles file made Flexible-safe, the others as written. */
export function prepareSqlFile(kind: FileResult['kind'], sql: string, file: string, restrict: boolean, roles: Omit<RolesSanitizeOptions, 'psqlSupportsRestrict' | 'fileName'>): PreparedScript {
  if (kind !== 'roles') return prepareAsWritten(sql, file, restrict);
  const safe = sanitizeRoles(sql, { ...roles, psqlSupportsRestrict: restrict, fileName: file });
  return guarded({ sql: safe.sql, changes: safe.removed.length, warning: null });
}
