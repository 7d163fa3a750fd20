/** Builds Azure-style restore sets for tests on a source cluster of their own (PostgreSQL 15). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { makeRestoreSet, type DatabaseSpec, type MadeRestoreSet } from '../../scripts/lib/make-restore-set';
import { startCluster, type Cluster } from './pg-cluster';

export interface Source {
  cluster: Cluster;
  set: MadeRestoreSet;
}

/** Starts a source cluster, makes the set (keeping the databases for comparison). */
export async function makeSource(databases: DatabaseSpec[], opts: { rolesSql?: string; piped?: boolean } = {}): Promise<Source> {
  const cluster = await startCluster();
  const outDir = mkdtempSync(join(tmpdir(), 'pgflex-set-'));
  const set = await makeRestoreSet({ cluster, outDir, databases, rolesSql: opts.rolesSql, piped: opts.piped, keep: true });
  return { cluster, set };
}

/** A fingerprint of every table of a database: row count and an md5 of all rows, per table. */
export async function fingerprint(conn: { host: string; port: number; user: string; password?: string }, database: string): Promise<Record<string, string>> {
  const client = new pg.Client({ ...conn, database });
  await client.connect();
  try {
    const tables = await client.query<{ s: string; t: string }>(
      "SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2");
    const out: Record<string, string> = {};
    for (const { s, t } of tables.rows) {
      const q = `"${s.replace(/"/g, '""')}"."${t.replace(/"/g, '""')}"`;
      const r = await client.query<{ n: string; h: string | null }>(`SELECT count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${q} x`);
      out[`${s}.${t}`] = `${r.rows[0].n}:${r.rows[0].h}`;
    }
    return out;
  } finally {
    await client.end();
  }
}
