/** The documented JSON of `inspect` and `binaries`, checked against pg_restore itself. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_DIR } from '../../../electron/cli/commands/demo';
import { findClientTools } from '../../../electron/core/binaries/find';
import { sanitizeRoles } from '../../../electron/core/replay/roles-sanitizer';
import { rolesSanitizeOptions } from '../../../electron/core/replay/sanitizer-options';
import { preflight } from '../../../electron/core/target/preflight';
import { cli } from '../../support/cli';
import { pgInfo, superUri } from '../../support/pg';

type Db = { name: string; file: string; archiveVersion: string; pgDumpVersion: string; serverVersion: string; tocEntries: number; tables: number; system: boolean };

describe('pgflex-restore inspect --json', () => {
  it('describes the sample set, entry counts agreeing with pg_restore -l', async () => {
    const r = await cli('inspect', SAMPLE_DIR, '--json');
    expect(r.code).toBe(0);
    const j = r.json[0] as { marker: { file: string; raw: string; takenAt: string }; databases: Db[]; roles: { file: string }; schema: { file: string }; tablespaces: { file: string }; unknown: Array<{ file: string; entry: string; note: string }> };
    expect(j.marker).toMatchObject({ file: 'backupstarttimestamp', takenAt: '2024-04-10T10:30:46.230Z' });
    expect(j.marker.raw.trim()).toBe('2024-04-10T10:30:46.2303875Z');
    expect(j.roles.file).toMatch(/_roles\.sql$/);
    expect(j.schema.file).toMatch(/_schema\.sql$/);
    expect(j.tablespaces.file).toMatch(/_tablespaces\.sql$/);
    expect(j.databases.map((d) => d.name).sort()).toEqual(['Café Analytics', 'azure_maintenance', 'azure_sys', 'inventory', 'postgres', 'shop']);
    for (const d of j.databases) {
      const listed = spawnSync('pg_restore', ['-l', join(SAMPLE_DIR, d.file)], { encoding: 'utf8' }).stdout
        .split('\n').filter((l) => /^\d+;/.test(l)).length;
      expect(d.tocEntries, d.name).toBe(listed);
      expect(d.archiveVersion).toBe('1.14');
      expect(d.pgDumpVersion).toMatch(/^15\./);
      expect(d.system).toBe(['azure_maintenance', 'azure_sys', 'postgres'].includes(d.name));
    }
    expect(j.databases.find((d) => d.name === 'shop')!.tables).toBe(4);
  });
});

describe('pgflex-restore binaries --json', () => {
  it('lists every entry it does not use with what it is and why: nothing vanishes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgflex-entries-'));
    const G = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    expect(spawnSync('mkfifo', [join(dir, `${G}_database_pipe.sql`)]).status).toBe(0);
    mkdirSync(join(dir, `${G}_database_dirdump.sql`));
    writeFileSync(join(dir, `${G}_database_dirdump.sql`, 'toc.dat'), 'PGDMP');
    symlinkSync('/dev/zero', join(dir, `${G}_database_zero.sql`));
    symlinkSync(join(dir, 'nowhere'), join(dir, `${G}_roles.sql`));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const r = await cli('inspect', dir, '--json');
    expect(r.code).toBe(0);
    const j = r.json[0] as { databases: unknown[]; unknown: Array<{ file: string; entry: string; note: string }> };
    expect(j.databases).toEqual([]);
    expect(j.unknown.map((f) => [f.file, f.entry])).toEqual([
      [`${G}_database_dirdump.sql`, 'folder'], [`${G}_database_pipe.sql`, 'fifo'], [`${G}_database_zero.sql`, 'symlink'], [`${G}_roles.sql`, 'symlink'], ['notes.txt', 'file'],
    ]);
    for (const f of j.unknown) expect(f.note.length, f.file).toBeGreaterThan(10);
  });

  it('lists the machine pg_restore and psql with what they read', async () => {
    const r = await cli('binaries', '--json');
    expect(r.code).toBe(0);
    const tools = (r.json[0] as { tools: Array<{ name: string; version: string; readsArchives: { newest: string } | null }> }).tools;
    const restore = tools.find((t) => t.name === 'pg_restore')!;
    const real = spawnSync(restore && 'pg_restore', ['--version'], { encoding: 'utf8' }).stdout;
    expect(real).toContain(restore.version);
    expect(restore.readsArchives!.newest).toBe('1.14');
    expect(tools.some((t) => t.name === 'psql')).toBe(true);
  });
});

describe('pgflex-restore roles', () => {
  it('shows the Flexible-safe roles SQL and why each statement changed', async () => {
    const r = await cli('roles', SAMPLE_DIR, '--connect-as', 'pgadmin', '--json');
    expect(r.code).toBe(0);
    const j = r.json[0] as { sql: string; removed: Array<{ line: number; reason: string }>; skippedRoles: string[] };
    expect(j.sql).not.toMatch(/GRANTED BY/i);
    expect(j.sql).toMatch(/GRANT app_ro TO app_rw/);
    expect(j.skippedRoles).toEqual(expect.arrayContaining(['azuresu', 'azure_pg_admin', 'pgadmin']));
    expect(j.removed.some((x) => /GRANTED BY azuresu/.test(x.reason))).toBe(true);
  });
});

describe('pgflex-restore roles --target', () => {
  it('prints what replay runs: sanitised with the target pre-flight facts, through the same options', async () => {
    const r = await cli('roles', SAMPLE_DIR, '--target', superUri(), '--json');
    expect(r.code).toBe(0);
    const j = r.json[0] as { file: string; sql: string; removed: unknown[] };
    const { host, port, user, password } = pgInfo();
    const facts = await preflight({ host, port, user, password, database: 'postgres' }, { databases: [], archiveVersions: [] });
    const expected = sanitizeRoles(await readFile(join(SAMPLE_DIR, j.file), 'utf8'), rolesSanitizeOptions(await findClientTools(), facts));
    expect(j.sql).toBe(expected.sql);
    expect(j.removed).toEqual(expected.removed);
    // The target's version is known, unlike with --connect-as alone.
    expect(rolesSanitizeOptions([], facts)).toMatchObject({ connectingRole: user, targetMajor: 15 });
  });

  it('refuses two sources for the connecting role', async () => {
    const r = await cli('roles', SAMPLE_DIR, '--target', superUri(), '--connect-as', 'pgadmin');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/one of --target, --sandbox or --connect-as/);
  });
});
