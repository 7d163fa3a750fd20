/**
 * Plain-SQL files of a restore set that try to run a shell command through psql's `\!`: each one
 * would create a file if it ran. The replay refuses them or runs them with the command removed,
 * and under psql's own \restrict (psql 15.18 here knows it), so the file never appears.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../support/cli';
import { pgInfo, sql, uniq } from '../../support/pg';
import { sanitizeRoles } from '../../../electron/core/replay/roles-sanitizer';
import { restrictKey, wrapScript } from '../../../electron/core/replay/sql-script-guard';

const u = uniq();
const dirs: string[] = [];
const PREFIX = '0c9a1b2c-0000-4000-8000-00000000beef';
const uri = () => `postgresql://${pgInfo().user}:${encodeURIComponent(pgInfo().password)}@127.0.0.1:${pgInfo().port}/postgres?sslmode=disable`;

/** A folder with a marker and the given plain-SQL files; and a path that `\! touch` would create. */
function setWith(files: Record<string, string>): { dir: string; pwned: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pgflex-hostile-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'backupstarttimestamp'), '2024-04-10T10:30:46.2303875Z');
  const pwned = join(dir, 'PWNED');
  for (const [kind, text] of Object.entries(files)) writeFileSync(join(dir, `${PREFIX}_${kind}.sql`), text.replaceAll('PWNED_PATH', pwned));
  return { dir, pwned };
}

/** Runs a script with psql the plain way (no \restrict), as the old code did. */
function psqlRun(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgflex-psql-'));
  dirs.push(dir);
  const f = join(dir, 'x.sql');
  writeFileSync(f, script);
  const { host, port, user, password } = pgInfo();
  const r = spawnSync('psql', ['-X', '-q', '-h', host, '-p', String(port), '-U', user, '-d', 'postgres', '-f', f], { env: { ...process.env, PGPASSWORD: password }, encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await sql('postgres', `DROP ROLE IF EXISTS "x$pgflex$", "h_${u}"`);
});

describe('hostile plain-SQL files', () => {
  it('standard_conforming_strings turned off to hide \\! from the lexer: refused, nothing runs', async () => {
    const roles = `SET standard_conforming_strings = off;\nCOMMENT ON ROLE nobody IS 'a\\'';\n\\! touch PWNED_PATH\nCREATE ROLE h_${u};\n`;
    const { dir, pwned } = setWith({ roles });
    const r = await cli('replay', dir, '--target', uri(), '--json');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/was not replayed: it turns standard_conforming_strings off/);
    expect(existsSync(pwned)).toBe(false);
    expect(await sql('postgres', 'SELECT 1 FROM pg_roles WHERE rolname = $1', [`h_${u}`])).toEqual([]);
  });

  it('a role name that closes the sanitizer\'s dollar quote: the tag avoids it, \\! never runs', async () => {
    const roles = `CREATE ROLE X$PGFLEX$;\nCOMMENT ON ROLE nobody IS '\n\\! touch PWNED_PATH\n';\n`;
    const { dir, pwned } = setWith({ roles });
    // The sanitizer alone (no \restrict, as for an older psql) must already hold.
    const safe = sanitizeRoles(roles.replaceAll('PWNED_PATH', pwned), { connectingRole: pgInfo().user, psqlSupportsRestrict: false });
    psqlRun(wrapScript(safe.sql, null));
    expect(existsSync(pwned)).toBe(false);
    const r = await cli('replay', dir, '--target', uri(), '--json');
    expect(existsSync(pwned)).toBe(false);
    expect(r.code, r.stdout + r.stderr).toBeLessThanOrEqual(1);
    expect(await sql('postgres', "SELECT rolname FROM pg_roles WHERE rolname = 'x$pgflex$'")).toEqual([{ rolname: 'x$pgflex$' }]);
  });

  it('\\restrict alone stops a \\! the lexer never saw', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgflex-restrict-'));
    dirs.push(dir);
    const pwned = join(dir, 'PWNED');
    const err = psqlRun(wrapScript(`SELECT 1;\n\\! touch ${pwned}\n`, restrictKey()));
    expect(err).toMatch(/backslash commands are restricted/);
    expect(existsSync(pwned)).toBe(false);
  });

  it('refuses psql variables and a file ending inside a string', async () => {
    for (const roles of [`GRANT :foo TO bar;\n\\! touch PWNED_PATH\n`, `COMMENT ON ROLE a IS 'open\n\\! touch PWNED_PATH\n`]) {
      const { dir, pwned } = setWith({ roles });
      const r = await cli('replay', dir, '--target', uri(), '--json');
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toMatch(/was not replayed/);
      expect(existsSync(pwned)).toBe(false);
    }
  });

  it('the schema file runs as written under \\restrict, with its \\connect kept and a warning', async () => {
    const db = `hs_${u}`;
    await sql('postgres', `CREATE DATABASE ${db}`);
    try {
      const schema = `\\connect ${db}\nCREATE TABLE made_here (id int);\n\\! touch PWNED_PATH\n`;
      const { dir, pwned } = setWith({ roles: `CREATE ROLE h_${u};\n`, schema });
      const r = await cli('replay', dir, '--target', uri(), '--schema-file', '--json');
      const summary = r.json.find((e) => e.type === 'summary') as { files: Array<{ kind: string; reason: string }> };
      expect(existsSync(pwned)).toBe(false);
      const file = summary.files.find((f) => f.kind === 'schema')!;
      expect(file.reason).toMatch(/Ran as written, not made Flexible-safe, under psql's \\restrict/);
      expect(await sql(db, "SELECT to_regclass('public.made_here')::text AS t")).toEqual([{ t: 'made_here' }]);
    } finally {
      await sql('postgres', `DROP DATABASE IF EXISTS ${db}`);
    }
  });
});
