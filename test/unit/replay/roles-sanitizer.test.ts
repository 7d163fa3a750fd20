import { describe, expect, it } from 'vitest';
import { sanitizeRoles } from '../../../electron/core/replay/roles-sanitizer';

// Lines as pg_dumpall 15.18 writes them for an Azure Flexible Server (captured from a real
// `pg_dumpall --roles-only` of a cluster whose bootstrap superuser is azuresu).
const PG15_DUMP = [
  '--', // 1
  '-- PostgreSQL database cluster dump', // 2
  '--', // 3
  '', // 4
  '\\restrict RoI40sUrdWcWvyb7ZJXoClM0LIAACNmQeFCB5SbhwypjTJa1f22D8z6Hb1A0XLt', // 5
  '', // 6
  'SET default_transaction_read_only = off;', // 7
  '', // 8
  "SET client_encoding = 'UTF8';", // 9
  'SET standard_conforming_strings = on;', // 10
  '', // 11
  'CREATE ROLE "Zoë";', // 12
  "ALTER ROLE \"Zoë\" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION BYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:uz6z/zNWxCddtLT49mhnwQ==$65zs:W+nD';", // 13
  'CREATE ROLE azure_pg_admin;', // 14
  'ALTER ROLE azure_pg_admin WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;', // 15
  'CREATE ROLE azuresu;', // 16
  "ALTER ROLE azuresu WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:x$y:z';", // 17
  'CREATE ROLE flexadmin;', // 18
  'ALTER ROLE flexadmin WITH NOSUPERUSER INHERIT CREATEROLE CREATEDB LOGIN NOREPLICATION NOBYPASSRLS;', // 19
  'CREATE ROLE "quote""d";', // 20
  'ALTER ROLE "quote""d" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;', // 21
  'CREATE ROLE readers;', // 22
  'ALTER ROLE readers WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;', // 23
  "COMMENT ON ROLE readers IS 'read it''s';", // 24
  'CREATE ROLE replication;', // 25
  'ALTER ROLE replication WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN REPLICATION NOBYPASSRLS;', // 26
  '', // 27
  "ALTER ROLE \"Zoë\" SET search_path TO 'app', 'public';", // 28
  '', // 29
  'GRANT azure_pg_admin TO flexadmin GRANTED BY azuresu;', // 30
  'GRANT pg_read_all_data TO "Zoë" GRANTED BY azuresu;', // 31
  'GRANT pg_read_all_data TO azure_pg_admin GRANTED BY azuresu;', // 32
  'GRANT "quote""d" TO "Zoë" GRANTED BY azuresu;', // 33
  'GRANT readers TO "Zoë" WITH ADMIN OPTION GRANTED BY azuresu;', // 34
  'GRANT readers TO flexadmin GRANTED BY azuresu;', // 35
  '', // 36
  '\\unrestrict RoI40sUrdWcWvyb7ZJXoClM0LIAACNmQeFCB5SbhwypjTJa1f22D8z6Hb1A0XLt', // 37
  '', // 38
].join('\n');

const statements = (sql: string): string[] =>
  sql.split('\n').filter((l) => l.trim() && !l.startsWith('--'));

describe('sanitizeRoles on a pg_dumpall 15 roles file from Azure', () => {
  const r = sanitizeRoles(PG15_DUMP, { connectingRole: 'flexadmin', psqlSupportsRestrict: true });

  it('writes the statements a Flexible Server admin can run, in order', () => {
    expect(statements(r.sql)).toEqual([
      'SET default_transaction_read_only = off;',
      "SET client_encoding = 'UTF8';",
      'SET standard_conforming_strings = on;',
      `DO $pgflex$ BEGIN CREATE ROLE "Zoë"; EXCEPTION WHEN duplicate_object THEN RAISE NOTICE 'role % already exists, kept as it is', 'Zoë'; END $pgflex$;`,
      "ALTER ROLE \"Zoë\" WITH INHERIT NOCREATEROLE NOCREATEDB LOGIN PASSWORD 'SCRAM-SHA-256$4096:uz6z/zNWxCddtLT49mhnwQ==$65zs:W+nD';",
      `DO $pgflex$ BEGIN CREATE ROLE "quote""d"; EXCEPTION WHEN duplicate_object THEN RAISE NOTICE 'role % already exists, kept as it is', 'quote"d'; END $pgflex$;`,
      'ALTER ROLE "quote""d" WITH INHERIT NOCREATEROLE NOCREATEDB NOLOGIN;',
      `DO $pgflex$ BEGIN CREATE ROLE readers; EXCEPTION WHEN duplicate_object THEN RAISE NOTICE 'role % already exists, kept as it is', 'readers'; END $pgflex$;`,
      'ALTER ROLE readers WITH INHERIT NOCREATEROLE NOCREATEDB NOLOGIN;',
      "COMMENT ON ROLE readers IS 'read it''s';",
      "ALTER ROLE \"Zoë\" SET search_path TO 'app', 'public';",
      'GRANT pg_read_all_data TO "Zoë";',
      'GRANT "quote""d" TO "Zoë";',
      'GRANT readers TO "Zoë" WITH ADMIN OPTION;',
      'GRANT readers TO flexadmin;',
    ]);
  });

  it('says what it removed, on which input line, and why', () => {
    const byLine = new Map(r.removed.map((x) => [x.line, x]));
    expect(byLine.get(14)).toMatchObject({ original: 'CREATE ROLE azure_pg_admin;', replacement: null });
    expect(byLine.get(14)?.reason).toMatch(/managed by Azure/);
    expect(byLine.get(17)?.replacement).toBeNull();
    expect(byLine.get(18)?.reason).toMatch(/role you connect as/);
    expect(byLine.get(13)?.reason).toMatch(/dropped NOSUPERUSER, NOREPLICATION, BYPASSRLS/);
    expect(byLine.get(30)).toMatchObject({ replacement: null });
    expect(byLine.get(30)?.reason).toMatch(/membership in it is not replayed \(grant it by hand/);
    expect(byLine.get(32)?.reason).toMatch(/"azure_pg_admin" is managed by Azure: its own memberships are not replayed/);
    expect(byLine.get(34)).toMatchObject({ replacement: 'GRANT readers TO "Zoë" WITH ADMIN OPTION;' });
    expect(byLine.get(34)?.reason).toMatch(/dropped GRANTED BY azuresu.*membership is kept/);
    expect(r.removed.map((x) => x.line).sort((a, b) => a - b)).toEqual([
      5, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 30, 31, 32, 33, 34, 35, 37,
    ]);
    // The file's own \restrict goes: runSqlFile wraps the whole script in one with a fresh key.
    expect(byLine.get(5)?.reason).toMatch(/replaced by one with a fresh key/);
    // Every removed statement leaves a one-line marker in the output.
    expect(r.sql).toContain('-- [pgflex-restore] removed statement of input line 16: "azuresu" is managed by Azure');
  });

  it('counts kept statements and names the skipped roles', () => {
    expect(r.kept).toBe(15);
    expect(r.skippedRoles).toEqual(['azure_pg_admin', 'azuresu', 'flexadmin', 'replication']);
  });

  it('keeps the grant of a predefined role, with a note that PostgreSQL 16+ may refuse it', () => {
    expect(r.notes).toEqual([expect.objectContaining({ line: 31, statement: 'GRANT pg_read_all_data TO "Zoë";' })]);
    expect(r.notes[0].note).toMatch(/ADMIN OPTION/);
  });

  it('removes \\restrict and \\unrestrict for a psql that does not know them', () => {
    const old = sanitizeRoles(PG15_DUMP, { connectingRole: 'flexadmin', psqlSupportsRestrict: false });
    expect(old.sql).not.toMatch(/^\\/m);
    expect(old.removed.filter((x) => x.original.startsWith('\\')).map((x) => x.line)).toEqual([5, 37]);
    expect(old.removed.find((x) => x.line === 5)?.reason).toMatch(/unknown to this psql/);
  });
});

describe('sanitizeRoles on PostgreSQL 16/17 grant syntax', () => {
  const sql = [
    'GRANT readers TO "app user" WITH INHERIT TRUE GRANTED BY azuresu;',
    'GRANT readers TO "Zoë" WITH ADMIN OPTION, INHERIT TRUE GRANTED BY azuresu;',
    'GRANT writers TO bob WITH INHERIT FALSE, SET FALSE GRANTED BY azure_pg_admin;',
    'GRANT azure_pg_admin TO bob WITH INHERIT TRUE GRANTED BY azuresu;',
  ].join('\n');

  it('drops only GRANTED BY on a 16+ target', () => {
    const r = sanitizeRoles(sql, { connectingRole: 'admin', psqlSupportsRestrict: true, targetMajor: 17 });
    expect(statements(r.sql)).toEqual([
      'GRANT readers TO "app user" WITH INHERIT TRUE;',
      'GRANT readers TO "Zoë" WITH ADMIN OPTION, INHERIT TRUE;',
      'GRANT writers TO bob WITH INHERIT FALSE, SET FALSE;',
    ]);
  });

  it('also drops the grant options a 15 target does not know, keeping ADMIN OPTION', () => {
    const r = sanitizeRoles(sql, { connectingRole: 'admin', psqlSupportsRestrict: true, targetMajor: 15 });
    expect(statements(r.sql)).toEqual([
      'GRANT readers TO "app user";',
      'GRANT readers TO "Zoë" WITH ADMIN OPTION;',
      'GRANT writers TO bob;',
    ]);
    expect(r.removed[2].reason).toMatch(/dropped INHERIT FALSE, SET FALSE/);
  });
});

describe('sanitizeRoles reads identifiers and strings as PostgreSQL does', () => {
  const run = (sql: string, connectingRole = 'admin') => sanitizeRoles(sql, { connectingRole, psqlSupportsRestrict: true });

  it('treats a quoted managed name as that role, and other spellings as ordinary roles', () => {
    const r = run(['CREATE ROLE "azuresu";', 'CREATE ROLE "AzureSU";', 'CREATE ROLE "Replication";', 'CREATE ROLE REPLICATION;'].join('\n'));
    expect(r.skippedRoles).toEqual(['azuresu', 'replication']);
    expect(r.sql).toContain('CREATE ROLE "AzureSU";');
    expect(r.sql).toContain('CREATE ROLE "Replication";');
  });

  it('is not fooled by keywords inside names and password strings', () => {
    const r = run(
      [
        'CREATE ROLE "x; DROP ROLE azuresu; --";',
        `ALTER ROLE "x; DROP ROLE azuresu; --" WITH NOSUPERUSER LOGIN PASSWORD 'md5 SUPERUSER GRANTED BY azuresu';`,
        'GRANT readers TO "GRANTED BY azuresu" GRANTED BY azuresu;',
        'GRANT "a ""b"" c" TO "replication ", "Zoë" GRANTED BY azuresu;',
      ].join('\n'),
    );
    expect(statements(r.sql)).toEqual([
      `DO $pgflex$ BEGIN CREATE ROLE "x; DROP ROLE azuresu; --"; EXCEPTION WHEN duplicate_object THEN RAISE NOTICE 'role % already exists, kept as it is', 'x; DROP ROLE azuresu; --'; END $pgflex$;`,
      `ALTER ROLE "x; DROP ROLE azuresu; --" WITH LOGIN PASSWORD 'md5 SUPERUSER GRANTED BY azuresu';`,
      'GRANT readers TO "GRANTED BY azuresu";',
      'GRANT "a ""b"" c" TO "replication ", "Zoë";',
    ]);
    expect(r.skippedRoles).toEqual([]);
  });

  it('removes only the managed roles of a list', () => {
    const r = run('GRANT readers, azure_pg_admin TO bob, azuresu, "Zoë" GRANTED BY azuresu;');
    expect(statements(r.sql)).toEqual(['GRANT readers TO bob, "Zoë";']);
    expect(r.skippedRoles).toEqual(['azure_pg_admin', 'azuresu']);
  });

  it('handles attributes in CREATE ROLE and leaves lists of role names alone', () => {
    const r = run(
      [
        'CREATE ROLE a WITH SUPERUSER;',
        "CREATE ROLE b SUPERUSER LOGIN CONNECTION LIMIT -1 VALID UNTIL 'infinity' IN ROLE replication_ops, readers;",
        'ALTER ROLE c WITH NOSUPERUSER NOREPLICATION NOBYPASSRLS;',
        'ALTER ROLE admin WITH CREATEDB;',
        'ALTER ROLE d RENAME TO e;',
      ].join('\n'),
    );
    expect(statements(r.sql)).toEqual([
      `DO $pgflex$ BEGIN CREATE ROLE a; EXCEPTION WHEN duplicate_object THEN RAISE NOTICE 'role % already exists, kept as it is', 'a'; END $pgflex$;`,
      `DO $pgflex$ BEGIN CREATE ROLE b LOGIN CONNECTION LIMIT -1 VALID UNTIL 'infinity' IN ROLE replication_ops, readers; EXCEPTION WHEN duplicate_object THEN RAISE NOTICE 'role % already exists, kept as it is', 'b'; END $pgflex$;`,
      'ALTER ROLE d RENAME TO e;',
    ]);
    expect(r.removed.find((x) => x.line === 3)?.reason).toMatch(/nothing else to apply/);
    expect(r.removed.find((x) => x.line === 4)?.reason).toMatch(/role you connect as/);
  });

  it('picks a dollar-quote tag that the statement does not contain', () => {
    const r = run('CREATE ROLE "$pgflex$";');
    expect(r.sql).toMatch(/^DO \$pgflex1\$ BEGIN CREATE ROLE "\$pgflex\$"; .* END \$pgflex1\$;$/);
  });

  it('keeps a statement that follows a removed one on the same line', () => {
    const r = run('CREATE ROLE azuresu; GRANT readers TO bob;\nGRANT a TO b;');
    expect(r.sql.split('\n')[1]).toBe(' GRANT readers TO bob;');
    expect(r.sql.split('\n')[0]).toMatch(/^-- \[pgflex-restore\] removed statement of input line 1/);
  });

  it('numbers lines of multi-line statements, strings and comments by the input', () => {
    const r = run(
      ["/* a\n nested /* comment */\n*/ COMMENT ON ROLE a IS 'it''s\n'; COMMENT ON ROLE b IS E'\\'';", '-- CREATE ROLE azuresu;', 'CREATE', '  ROLE', '  azuresu;'].join('\n'),
    );
    expect(r.removed).toEqual([expect.objectContaining({ line: 6, original: 'CREATE\n  ROLE\n  azuresu;' })]);
    expect(r.kept).toBe(2);
  });

  it('keeps memberships of the connecting role both ways, and drops Azure\'s own', () => {
    const r = run(
      [
        'GRANT app_owner TO admin GRANTED BY azuresu;',
        'GRANT admin TO app_owner GRANTED BY azuresu;',
        'GRANT azure_pg_admin TO bob GRANTED BY azuresu;',
        'GRANT pg_monitor TO pg_read_all_stats;',
      ].join('\n'),
    );
    expect(statements(r.sql)).toEqual(['GRANT app_owner TO admin;', 'GRANT admin TO app_owner;']);
    expect(r.removed[3].reason).toMatch(/"pg_read_all_stats" is a predefined PostgreSQL role/);
  });

  it('handles REVOKE, DROP ROLE and privilege grants on parameters', () => {
    const r = run(
      [
        'REVOKE ADMIN OPTION FOR readers FROM bob, azuresu GRANTED BY azuresu CASCADE;',
        'DROP ROLE IF EXISTS azuresu, bob, admin;',
        'GRANT SET ON PARAMETER work_mem TO bob, azure_pg_admin WITH GRANT OPTION GRANTED BY azuresu;',
        'GRANT SET ON PARAMETER log_min_duration_statement TO azure_pg_admin;',
      ].join('\n'),
    );
    expect(statements(r.sql)).toEqual([
      'REVOKE ADMIN OPTION FOR readers FROM bob CASCADE;',
      'DROP ROLE IF EXISTS bob;',
      'GRANT SET ON PARAMETER work_mem TO bob WITH GRANT OPTION;',
    ]);
    expect(r.removed[2].reason).toMatch(/the privilege is kept, granted by you/);
  });

  it('never replays other psql meta-commands, even inside a statement', () => {
    const r = run(['\\! touch /tmp/pwned', 'GRANT a', '\\! touch /tmp/pwned2', 'TO b;', "COMMENT ON ROLE a IS '\\not a command';"].join('\n'));
    expect(statements(r.sql)).toEqual(["COMMENT ON ROLE a IS '\\not a command';"]);
    expect(r.removed.map((x) => x.line)).toEqual([1, 2]);
    expect(r.removed[0].reason).toMatch(/meta-command \\! is not expected/);
    expect(r.removed[1].reason).toMatch(/contains a psql meta-command/);
  });
});
