/**
 * Benchmark: the in-process archive reader against `pg_restore -l` on the same huge-catalog
 * archive. Builds a database of many small tables on a throw-away cluster, dumps it to a file
 * (offsets recorded) and through a pipe (no offsets), and prints median times of 5 runs each.
 *
 *   node bin/run-ts.mjs scripts/bench-archive.ts [--tables 20000] [--schemas 4] [--runs 5]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { readArchive, type ReadArchiveOptions } from '../electron/core/archive/read-archive';
import { startCluster, type Cluster } from '../test/support/pg-cluster';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * Creates `tables` tables (id primary key, a text column, one row each) spread over `schemas`
 * schemas, 1000 per transaction: one transaction for all of them runs out of lock slots
 * ("out of shared memory ... max_locks_per_transaction") at about 5,800 tables with the defaults.
 */
export async function buildCatalog(cluster: Cluster, database: string, tables: number, schemas: number): Promise<void> {
  const admin = new pg.Client({ connectionString: cluster.uri('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const c = new pg.Client({ connectionString: cluster.uri(database) });
  await c.connect();
  try {
    const perSchema = Math.ceil(tables / schemas);
    for (let s = 0; s < schemas; s++) {
      await c.query(`CREATE SCHEMA s${s}`);
      for (let from = 1; from <= perSchema && s * perSchema + from <= tables; from += 1000) {
        const to = Math.min(from + 999, perSchema, tables - s * perSchema);
        await c.query(`DO $$ BEGIN FOR i IN ${from}..${to} LOOP
          EXECUTE format('CREATE TABLE s${s}.t%s (id int PRIMARY KEY, name text); INSERT INTO s${s}.t%s VALUES (1, %L)', i, i, 'row ' || i);
        END LOOP; END $$`);
      }
    }
  } finally {
    await c.end();
  }
}

function pgEnv(cluster: Cluster): NodeJS.ProcessEnv {
  return { ...process.env, PGPASSWORD: cluster.password, LC_ALL: 'C' };
}

/** pg_dump -Fc to a file, or through a pipe into a file (no offsets, as Azure writes them). */
async function dump(cluster: Cluster, database: string, out: string, how: 'file' | 'pipe'): Promise<void> {
  const args = ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.user, '-Fc', '-d', database];
  if (how === 'file') {
    const r = spawnSync('pg_dump', [...args, '-f', out], { env: pgEnv(cluster), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
    return;
  }
  const child = spawn('pg_dump', args, { env: pgEnv(cluster), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await pipeline(child.stdout, createWriteStream(out));
  const code = await exited;
  if (code !== 0) throw new Error(`pg_dump | file failed: ${stderr}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time of `runs` calls of `fn`, in milliseconds. */
async function time(runs: number, fn: () => unknown): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

function pgRestoreList(path: string): void {
  const r = spawnSync('pg_restore', ['-l', path], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_restore -l failed: ${r.stderr}`);
}

/** Times the reader and pg_restore -l on one file; returns medians in ms. */
export async function compareOnFile(path: string, runs: number, opts: ReadArchiveOptions = {}): Promise<{ reader: number; pgRestore: number; entries: number }> {
  const info = await readArchive(path, opts); // warm-up, and the entry count
  const reader = await time(runs, () => readArchive(path, opts));
  const pgRestore = await time(runs, () => pgRestoreList(path));
  return { reader, pgRestore, entries: info.entries.length };
}

/** One whole process under GNU time: wall seconds, peak resident kB and its standard output. */
function timedProcess(file: string, args: string[]): { ms: number; peakKb: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB=%M', file, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  return { ms, peakKb: Number(/PEAK_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN), stdout: r.stdout };
}

/**
 * Issue 6's goal, whole-process as a user runs them: `pgflex-restore inspect --json` of a folder
 * holding the one archive against `pg_restore -l` of it, median of `runs` interleaved runs; the
 * entry counts must agree; peak memory from GNU time (goals: ≤ 1.5× the time, ≤ 100 MB).
 */
export function compareInspect(archive: string, work: string, runs: number): void {
  const folder = join(work, 'inspect-set');
  mkdirSync(folder, { recursive: true });
  copyFileSync(archive, join(folder, 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d_database_bench.sql'));
  writeFileSync(join(folder, 'backupstarttimestamp'), '2024-04-10T10:30:46.2303875Z');
  const cli = ['bin/pgflex-restore.mjs', 'inspect', folder, '--json'].map((a, i) => (i === 0 ? resolve(a) : a));
  timedProcess(process.execPath, cli); // builds the command line first when its sources changed
  const ours: ReturnType<typeof timedProcess>[] = [];
  const theirs: ReturnType<typeof timedProcess>[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timedProcess(process.execPath, cli));
    theirs.push(timedProcess('pg_restore', ['-l', archive]));
  }
  const listed = theirs[0].stdout.split('\n').filter((l) => /^\d+;/.test(l)).length;
  const counted = (JSON.parse(ours[0].stdout) as { databases: { tocEntries: number }[] }).databases[0].tocEntries;
  const [a, b] = [median(ours.map((r) => r.ms)), median(theirs.map((r) => r.ms))];
  const peak = Math.max(...ours.map((r) => r.peakKb)) / 1024;
  console.log(`inspect --json (whole process) ${a.toFixed(0)} ms, pg_restore -l ${b.toFixed(0)} ms: ratio ${(a / b).toFixed(2)} (goal ≤ 1.5); ` +
    `entries ${counted} vs ${listed} (${counted === listed ? 'equal' : 'DIFFERENT'}); peak ${peak.toFixed(0)} MB (goal ≤ 100), pg_restore -l ${(Math.max(...theirs.map((r) => r.peakKb)) / 1024).toFixed(0)} MB`);
}

/** Runs the archive benchmark and prints its lines. */
export async function benchArchive(): Promise<void> {
  const tables = arg('tables', 20000);
  const schemas = arg('schemas', 4);
  const runs = arg('runs', 5);
  const work = mkdtempSync(join(tmpdir(), 'bench-archive-'));
  const cluster = await startCluster();
  try {
    let t = performance.now();
    await buildCatalog(cluster, 'bench', tables, schemas);
    console.log(`built ${tables} tables in ${schemas} schemas in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const seekable = join(work, 'bench-file.dump');
    const piped = join(work, 'bench-pipe.dump');
    t = performance.now();
    await dump(cluster, 'bench', seekable, 'file');
    await dump(cluster, 'bench', piped, 'pipe');
    console.log(`dumped twice in ${((performance.now() - t) / 1000).toFixed(1)} s; archive ${(statSync(seekable).size / 1e6).toFixed(1)} MB`);
    const rows: [string, string, ReadArchiveOptions][] = [
      ['file (offsets), verify', seekable, {}],
      ['file (offsets), no verify', seekable, { verify: false }],
      ['pipe (scan), verify', piped, {}],
    ];
    console.log(`median of ${runs} runs each`);
    for (const [label, path, opts] of rows) {
      const r = await compareOnFile(path, runs, opts);
      console.log(
        `${label.padEnd(28)} entries ${r.entries}  reader ${r.reader.toFixed(1)} ms  pg_restore -l ${r.pgRestore.toFixed(1)} ms  ratio ${(r.reader / r.pgRestore).toFixed(2)}`,
      );
    }
    compareInspect(piped, work, runs);
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench-archive.ts')) await benchArchive();
