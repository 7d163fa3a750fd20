/**
 * Measures the constants of the replay's cost model (electron/core/replay/cost-model.ts) on this
 * machine, with real pg_dump/pg_restore against a throw-away PostgreSQL cluster:
 *   node bin/run-ts.mjs scripts/measure-replay-costs.ts
 * Prints each constant (median of ROUNDS, default 5) and how it was derived:
 *   createDatabaseMs  connect + CREATE DATABASE … TEMPLATE template0, as the engine does it
 *   restoreStartMs    one pg_restore process (start, connect, read the TOC) that restores nothing
 *   preDataEntryMs    one pre-data entry (table, sequence, view, comment…) restored serially
 *   dataBytesPerMs    compressed archive bytes of table data one worker restores per millisecond
 *   indexBytesPerMs   table bytes (compressed, as in the archive) one worker indexes per millisecond
 *   indexStartMs      the fixed part of building one index or constraint
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readArchive } from '../electron/core/archive/read-archive';
import { startCluster, type Cluster } from '../test/support/pg-cluster';
import { makeRestoreSet } from './lib/make-restore-set';

const rounds = Number(process.env.ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function admin(c: Cluster, sql: string): Promise<void> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function pgRestore(c: Cluster, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PGHOST: c.host, PGPORT: String(c.port), PGUSER: c.user, PGPASSWORD: c.password, LC_ALL: 'C' };
    const child = spawn('pg_restore', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore ${args.join(' ')}: ${code}\n${err}`))));
  });
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const cluster = await startCluster();
const outDir = mkdtempSync(join(tmpdir(), 'pgflex-costs-'));
try {
  const tables = Array.from({ length: 100 }, (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, v text); COMMENT ON TABLE t${i} IS 'x';`).join('\n');
  const set = await makeRestoreSet({
    cluster, outDir, piped: true, databases: [
      { name: 'm_empty', setupSql: 'SELECT 1' },
      { name: 'm_catalog', setupSql: tables },
      { name: 'm_data', setupSql: `CREATE TABLE big (id bigint, customer int, sku text, note text, at timestamptz);
        INSERT INTO big SELECT g, g % 50000, 'SKU-' || (g % 9973), repeat(md5(g::text), 2), timestamptz '2024-01-01' + (g || ' seconds')::interval
        FROM generate_series(1, 300000) g;
        ALTER TABLE big ADD PRIMARY KEY (id); CREATE INDEX ON big (customer); CREATE INDEX ON big (sku); CREATE INDEX ON big (at);` },
    ],
  });
  const file = (n: string) => set.files.databases[n];
  const info = await readArchive(file('m_data'));
  const catalog = await readArchive(file('m_catalog'));
  const empty = await readArchive(file('m_empty'));
  const preEntries = (a: typeof info) => a.entries.filter((e) => e.section === 'pre-data' && !['ENCODING', 'STDSTRINGS', 'SEARCHPATH', 'DATABASE'].includes(e.desc)).length
    + a.entries.filter((e) => e.section === 'none').length;
  const dataBytes = info.dataBytes;
  const indexes = info.entries.filter((e) => e.section === 'post-data').length;

  const samples = { create: [] as number[], start: [] as number[], catalog: [] as number[], data: [] as number[], post: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const n of ['x_empty', 'x_catalog', 'x_data']) await admin(cluster, `DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    samples.create.push(await time(() => admin(cluster, "CREATE DATABASE x_empty TEMPLATE template0 ENCODING 'UTF8'")));
    await admin(cluster, "CREATE DATABASE x_catalog TEMPLATE template0 ENCODING 'UTF8'");
    await admin(cluster, "CREATE DATABASE x_data TEMPLATE template0 ENCODING 'UTF8'");
    samples.start.push(await time(() => pgRestore(cluster, ['--section=pre-data', '-d', 'x_empty', file('m_empty')])));
    samples.catalog.push(await time(() => pgRestore(cluster, ['--section=pre-data', '-d', 'x_catalog', file('m_catalog')])));
    await pgRestore(cluster, ['--section=pre-data', '-d', 'x_data', file('m_data')]);
    samples.data.push(await time(() => pgRestore(cluster, ['--section=data', '-d', 'x_data', file('m_data')])));
    samples.post.push(await time(() => pgRestore(cluster, ['--section=post-data', '-d', 'x_data', file('m_data')])));
  }
  const start = median(samples.start);
  const perEntry = (median(samples.catalog) - start) / Math.max(1, preEntries(catalog) - preEntries(empty));
  const dataPerMs = dataBytes / Math.max(1, median(samples.data) - start);
  // Each index reads its whole table: the post-data pass handles `indexes` × the table's bytes.
  const indexPerMs = (dataBytes * indexes) / Math.max(1, median(samples.post) - start);
  console.log(`rounds ${rounds}; m_catalog ${preEntries(catalog)} pre-data entries; m_data ${(dataBytes / 1e6).toFixed(1)} MB compressed data, ${indexes} indexes/constraints`);
  console.log(`createDatabaseMs ${median(samples.create).toFixed(0)}`);
  console.log(`restoreStartMs   ${start.toFixed(0)}`);
  console.log(`preDataEntryMs   ${perEntry.toFixed(2)}`);
  console.log(`dataBytesPerMs   ${dataPerMs.toFixed(0)}  (data pass ${median(samples.data).toFixed(0)} ms)`);
  console.log(`indexBytesPerMs  ${indexPerMs.toFixed(0)}  (post-data pass ${median(samples.post).toFixed(0)} ms)`);
} finally {
  await cluster.stop();
  rmSync(outDir, { recursive: true, force: true });
}
