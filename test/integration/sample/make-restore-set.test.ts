import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MARKER, DEFAULT_PREFIX, databaseFileName, makeRestoreSet } from '../../../scripts/lib/make-restore-set';
import { startCluster, type Cluster } from '../../support/pg-cluster';
import { pgInfo, sql, uniq } from '../../support/pg';
import { listToc, tocTables } from './toc';

let source: Cluster;
const out = mkdtempSync(join(tmpdir(), 'pgflex-mkset-'));
beforeAll(async () => { source = await startCluster(); });
afterAll(async () => {
  await source?.stop();
  rmSync(out, { recursive: true, force: true });
});

const AWKWARD = 'Ünïcode "quoted" db=1';

describe('makeRestoreSet', () => {
  it('writes an Azure-style set with real pg_dump/pg_dumpall output and exact row counts', async () => {
    const outDir = join(out, 'set');
    const set = await makeRestoreSet({
      cluster: source, outDir,
      rolesSql: 'CREATE ROLE fx_admin LOGIN CREATEDB; GRANT azure_pg_admin TO fx_admin GRANTED BY azuresu;',
      databases: [
        { name: AWKWARD, owner: 'fx_admin', setupSql: 'CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT i, md5(i::text) FROM generate_series(1, 250) i;' },
        { name: 'plain', setupSql: 'CREATE SCHEMA s; CREATE TABLE s.a (x int); INSERT INTO s.a SELECT generate_series(1, 7);' },
      ],
    });
    expect(set.prefix).toBe(DEFAULT_PREFIX);
    expect(set.sourceVersion).toMatch(/^15\./);
    expect(set.roles).toEqual(['fx_admin']);
    expect(set.rowCounts[AWKWARD]).toEqual({ 'public.t': 250 });
    expect(set.rowCounts.plain).toEqual({ 's.a': 7 });
    expect(set.rowCounts.azure_sys).toEqual({ 'query_store.runtime_stats_entries': 20 });

    const files = readdirSync(outDir).sort();
    expect(files).toEqual([
      `${DEFAULT_PREFIX}_database_${AWKWARD}.sql`, `${DEFAULT_PREFIX}_database_azure_maintenance.sql`,
      `${DEFAULT_PREFIX}_database_azure_sys.sql`, `${DEFAULT_PREFIX}_database_plain.sql`,
      `${DEFAULT_PREFIX}_database_postgres.sql`, `${DEFAULT_PREFIX}_roles.sql`, `${DEFAULT_PREFIX}_schema.sql`,
      `${DEFAULT_PREFIX}_tablespaces.sql`, 'backupstarttimestamp',
    ].sort());
    expect(readFileSync(join(outDir, 'backupstarttimestamp'), 'utf8')).toBe(DEFAULT_MARKER);
    const toc = listToc(set.files.databases[AWKWARD]);
    expect(toc).toContain(`dbname: ${AWKWARD}`);
    expect(tocTables(toc).data).toContain('public.t');
    const roles = readFileSync(set.files.roles, 'utf8');
    expect(roles).toContain('GRANT azure_pg_admin TO fx_admin GRANTED BY azuresu;');
    expect(roles).toContain('ALTER ROLE azuresu WITH SUPERUSER');
    expect(readFileSync(set.files.schema, 'utf8')).toContain('CREATE DATABASE "Ünïcode ""quoted"" db=1"');
    expect(readFileSync(set.files.tablespaces, 'utf8')).toContain('PostgreSQL database cluster dump');

    // Dropped from the source afterwards (keep: false); the Azure fixtures stay for the next run.
    const c = new pg.Client({ ...source, database: 'postgres' });
    await c.connect();
    const dbs = (await c.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname);
    const rls = (await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles')).rows.map((r) => r.rolname);
    await c.end();
    expect(dbs).not.toContain(AWKWARD);
    expect(dbs).toContain('azure_sys');
    expect(rls).not.toContain('fx_admin');
    expect(rls).toContain('azuresu');

    // The counts are true: a restore of the dump holds exactly those rows.
    const target = `mkset_${uniq()}`;
    await sql('postgres', `CREATE DATABASE ${target}`);
    try {
      const { host, port, user, password } = pgInfo();
      const r = spawnSync('pg_restore', ['--no-owner', '-d', target, set.files.databases[AWKWARD]], {
        encoding: 'utf8', env: { ...process.env, PGHOST: host, PGPORT: String(port), PGUSER: user, PGPASSWORD: password },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(await sql(target, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 250 }]);
    } finally {
      await sql('postgres', `DROP DATABASE ${target} WITH (FORCE)`);
    }
  });

  it('writes piped dumps with a custom prefix and marker, on a cluster that already has the Azure fixtures', async () => {
    const outDir = join(out, 'piped');
    const set = await makeRestoreSet({
      cluster: source, outDir, piped: true, prefix: 'cafe0000-0000-4000-8000-000000000001', markerText: '4/10/2024 10:30:46 AM',
      databases: [{ name: 'tiny', setupSql: 'CREATE TABLE one (x int); INSERT INTO one VALUES (1), (2);' }],
    });
    expect(set.files.databases.tiny).toBe(join(outDir, databaseFileName('cafe0000-0000-4000-8000-000000000001', 'tiny')));
    expect(readFileSync(set.files.marker, 'utf8')).toBe('4/10/2024 10:30:46 AM');
    expect(tocTables(listToc(set.files.databases.tiny)).data).toContain('public.one');
    expect(set.rowCounts.tiny).toEqual({ 'public.one': 2 });
  });
});
