/**
 * Replay speed, measured in one run on one generated restore set (three databases, a few hundred
 * MB of table data), into the same PostgreSQL cluster:
 *   (a) the seed's procedure: each archive piped into a serial pg_restore, one after another;
 *   (b) a hand-tuned script: `pg_restore --jobs <cores>` from the file, database after database;
 *   (c) the engine: all databases under one worker budget of <cores>.
 * Prints each time (median of the rounds) and the engine's ratio to (a) and (b).
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findClientTools } from '../electron/core/binaries/find';
import { inspectFolder } from '../electron/core/inspect';
import { defaultOptions, startReplay } from '../electron/core/replay/engine';
import { startCluster, type Cluster } from '../test/support/pg-cluster';
import { makeRestoreSet } from './lib/make-restore-set';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const cores = availableParallelism();

/** Three databases of different sizes: wide and narrow tables, several indexes each (also the verification bench's set). */
export function databases() {
  const rows = (n: number) => Math.round(n * scale);
  const table = (name: string, n: number) => `
    CREATE TABLE ${name} (id bigint PRIMARY KEY, customer int NOT NULL, sku text NOT NULL, note text, amount numeric(12,2), at timestamptz NOT NULL);
    INSERT INTO ${name} SELECT g, g % 50000, 'SKU-' || (g % 9973), repeat(md5(g::text), 2), (g % 100000) / 100.0,
      timestamptz '2024-01-01' + (g || ' seconds')::interval FROM generate_series(1, ${n}) g;
    CREATE INDEX ON ${name} (customer); CREATE INDEX ON ${name} (sku); CREATE INDEX ON ${name} (at);`;
  return [
    { name: 'bench_sales', setupSql: table('orders', rows(1_000_000)) + table('order_lines', rows(600_000)) },
    { name: 'bench_crm', setupSql: table('contacts', rows(500_000)) + table('activities', rows(300_000)) },
    { name: 'bench_audit', setupSql: table('events', rows(400_000)) },
  ];
}

function env(c: Cluster): Record<string, string> {
  return { ...(process.env as Record<string, string>), PGHOST: c.host, PGPORT: String(c.port), PGUSER: c.user, PGPASSWORD: c.password, LC_ALL: 'C' };
}

async function admin(c: Cluster, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: 'postgres' });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Drops the databases (outside the timings) so each approach starts from the same state. */
async function dropDatabases(c: Cluster, names: string[]): Promise<void> {
  for (const n of names) await admin(c, `DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
  await admin(c, 'CHECKPOINT');
}

/** What a script must do first, as the engine does: create the empty database. */
const createDatabase = async (c: Cluster, n: string) => {
  await admin(c, `CREATE DATABASE "${n}" TEMPLATE template0 ENCODING 'UTF8'`);
};

function pgRestore(c: Cluster, args: string[], stdinFile?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pg_restore', args, { env: env(c), stdio: [stdinFile ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    if (stdinFile) createReadStream(stdinFile).pipe(child.stdin!);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore ${args.join(' ')}: ${code}\n${err}`))));
  });
}

async function timed(label: string, fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  console.log(`  ${label}: ${(ms / 1000).toFixed(2)} s`);
  return ms;
}

async function sizeOf(c: Cluster, names: string[]): Promise<number> {
  const r = await admin(c, 'SELECT sum(pg_database_size(datname))::bigint AS n FROM pg_database WHERE datname = ANY($1)', [names]);
  return Number(r.rows[0].n);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the replay benchmark and prints its lines. */
export async function benchReplay(): Promise<void> {
  const source = await startCluster();
  const target = await startCluster();
  const outDir = mkdtempSync(join(tmpdir(), 'pgflex-bench-'));
  try {
    console.log(`Generating the restore set (scale ${scale}) …`);
    const specs = databases();
    const set = await makeRestoreSet({ cluster: source, outDir, databases: specs, piped: true });
    await source.stop();
    const names = specs.map((d) => d.name);
    const files = names.map((n) => set.files.databases[n]);
    const rows = Object.values(set.rowCounts).reduce((a, t) => a + Object.values(t).reduce((x, y) => x + y, 0), 0);
    const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
    const tools = await findClientTools();
    const inspection = await inspectFolder(outDir, tools);
    const dataBytes = names.reduce((a, n) => a + (inspection.archives.get(set.files.databases[n].split('/').pop()!)?.dataBytes ?? 0), 0);
    console.log(`Set: ${names.length} databases, ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(0)} MB of archives ` +
      `(${(dataBytes / 1e6).toFixed(0)} MB compressed table data); ${cores} cores; ${rounds} round(s)\n`);
    const times = { seed: [] as number[], tuned: [] as number[], engine: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      await dropDatabases(target, names);
      times.seed.push(await timed('(a) seed: piped, serial, one after another', async () => {
        for (let i = 0; i < names.length; i++) {
          await createDatabase(target, names[i]);
          await pgRestore(target, ['--dbname', names[i]], files[i]);
        }
      }));
      await dropDatabases(target, names);
      times.tuned.push(await timed(`(b) hand-tuned: pg_restore --jobs ${cores} per database, in sequence`, async () => {
        for (let i = 0; i < names.length; i++) {
          await createDatabase(target, names[i]);
          await pgRestore(target, ['--jobs', String(cores), '--dbname', names[i], files[i]]);
        }
      }));
      await dropDatabases(target, names);
      times.engine.push(await timed(`(c) engine: inspect, plan, one budget of ${cores} workers across databases`, async () => {
        const inspection = await inspectFolder(outDir, tools);
        const run = startReplay({ inspection, tools, target: { host: target.host, port: target.port, user: target.user, password: target.password, sslmode: 'disable' },
          options: { ...defaultOptions(), jobs: cores, roles: false } }, () => {});
        const summary = await run.done;
        if (!summary.ok) throw new Error(`engine replay incomplete: ${JSON.stringify(summary.databases.map((d) => [d.name, d.status, d.reason]))}`);
      }));
    }
    const size = await sizeOf(target, names);
    console.log(`\nRestored size on the target: ${(size / 1e6).toFixed(0)} MB (tables and indexes)`);
    const [a, b, c] = [median(times.seed), median(times.tuned), median(times.engine)];
    console.log(`\nreplay: engine ${(c / 1000).toFixed(2)} s, seed ${(a / 1000).toFixed(2)} s, hand-tuned ${(b / 1000).toFixed(2)} s`);
    console.log(`replay ratio engine/seed       = ${(c / a).toFixed(2)}  (target: clearly below 1)`);
    console.log(`replay ratio engine/hand-tuned = ${(c / b).toFixed(2)}  (target: at most 1)`);
  } finally {
    await target.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}
