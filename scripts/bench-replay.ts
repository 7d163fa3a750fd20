/**
 * Replay speed on three set shapes (scripts/lib/bench-sets.ts: balanced, skewed, many), each
 * generated with real pg_dump and replayed into the same PostgreSQL cluster, whole-process — each
 * approach as a user runs it, start-up included — in interleaved rounds (the order rotates):
 *   (a) seed: the seed's procedure as a shell script — each archive piped into a serial pg_restore,
 *       one database after another;
 *   (b) hand-tuned: a shell script — `pg_restore --jobs <cores>` from the file, database after database;
 *   (c) product: `pgflex-restore replay <folder> --target <uri> --no-roles --no-verify` (the CLI, default
 *       budget; the baselines only restore, so the check against the archive is off), and beside it the
 *       same with verification on (its default), printed as its own ratio.
 * Every approach creates its databases inside its timing; none runs the roles file. Prints each
 * time (median of the rounds) and the product's ratio to (a), (b) and the better of the two.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startCluster, type Cluster } from '../test/support/pg-cluster';
import { benchShapes, type BenchShape } from './lib/bench-sets';
import { makeRestoreSet } from './lib/make-restore-set';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const only = process.env.BENCH_SHAPES?.split(',');
const cores = availableParallelism();
const CLI = resolve('bin/pgflex-restore.mjs');

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

/** Runs a whole process to its end; resolves with its standard output, rejects unless it exits 0. */
function run(file: string, args: string[], c: Cluster): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(file, args, { env: env(c), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`${file} ${args.join(' ')}: exit ${code}\n${err.slice(-2000)}`))));
  });
}

/** The engine's own duration from the CLI's --json summary: the rest is start-up, inspection and pre-flight. */
function engineMs(out: string): number | null {
  const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{"type":"summary"'));
  return line ? (JSON.parse(line) as { durationMs: number }).durationMs : null;
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** The two baselines as the shell scripts a DBA would write. */
function scripts(dir: string, names: string[], files: string[]): { seed: string; tuned: string } {
  const create = (n: string) => `psql -X -q -v ON_ERROR_STOP=1 -d postgres -c ${quote(`CREATE DATABASE "${n}" TEMPLATE template0 ENCODING 'UTF8'`)}`;
  const seed = names.map((n, i) => `${create(n)}\ncat ${quote(files[i])} | pg_restore -d ${quote(n)}`).join('\n');
  const tuned = names.map((n, i) => `${create(n)}\npg_restore --jobs ${cores} -d ${quote(n)} ${quote(files[i])}`).join('\n');
  const write = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `set -e\n${body}\n`);
    return path;
  };
  return { seed: write('seed.sh', seed), tuned: write('tuned.sh', tuned) };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One shape: generate, then interleaved rounds of the three approaches; returns the ratios. */
async function benchShape(shape: BenchShape, source: Cluster, target: Cluster, root: string): Promise<{ tuned: number; seed: number; verified: number }> {
  const outDir = join(root, shape.name);
  const set = await makeRestoreSet({ cluster: source, outDir, databases: shape.databases, piped: true });
  // The set also holds the Azure-managed databases: replay only the shape's own, in every approach.
  const names = shape.databases.map((d) => d.name);
  const files = names.map((n) => set.files.databases[n]);
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  const rows = names.reduce((a, n) => a + Object.values(set.rowCounts[n]).reduce((x, y) => x + y, 0), 0);
  console.log(`\n-- ${shape.name}: ${shape.what}; ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB of piped archives`);
  const { seed, tuned } = scripts(outDir, names, files);
  const uri = `postgresql://${target.user}@${target.host}:${target.port}/postgres?sslmode=disable`;
  let engine = '';
  const product = async (extra: string[]) => {
    const ms = engineMs(await run(process.execPath, [CLI, 'replay', outDir, '--target', uri, '--no-roles', '--databases', names.join(','), '--json', ...extra], target));
    engine = ms == null ? '' : ` (of which the engine's replay ${sec(ms)})`;
  };
  const approaches = {
    seed: async () => void await run('bash', [seed], target),
    tuned: async () => void await run('bash', [tuned], target),
    // The baselines only restore: the product's ratio is taken without its check against the
    // archive (--no-verify), the same work; with the check (its default) it is printed beside.
    product: () => product(['--no-verify']),
    verified: () => product([]),
  };
  const keys = Object.keys(approaches) as (keyof typeof approaches)[];
  const times: Record<string, number[]> = { seed: [], tuned: [], product: [], verified: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[(k + r) % keys.length];
      await dropDatabases(target, names);
      const ms = await timed(approaches[key]);
      times[key].push(ms);
      console.log(`  round ${r + 1} ${key.padEnd(8)} ${sec(ms)}${key === 'product' || key === 'verified' ? engine : ''}`);
    }
  }
  await dropDatabases(target, names);
  const [a, b, c, v] = [median(times.seed), median(times.tuned), median(times.product), median(times.verified)];
  console.log(`  ${shape.name}: product (--no-verify) ${sec(c)}, product verified ${sec(v)}, hand-tuned ${sec(b)}, seed ${sec(a)}`);
  console.log(`  ${shape.name}: product/hand-tuned = ${(c / b).toFixed(2)}, product/seed = ${(c / a).toFixed(2)}, product/better = ${(c / Math.min(a, b)).toFixed(2)}  (goal ≤ 0.90); verified/better = ${(v / Math.min(a, b)).toFixed(2)}`);
  return { tuned: c / b, seed: c / a, verified: v / Math.min(a, b) };
}

/** Runs the replay benchmark and prints its lines. */
export async function benchReplay(): Promise<void> {
  const source = await startCluster();
  const target = await startCluster();
  const root = mkdtempSync(join(tmpdir(), 'pgflex-bench-'));
  const cleanUp = async () => {
    await Promise.allSettled([source.stop(), target.stop()]);
    rmSync(root, { recursive: true, force: true });
  };
  // Ctrl+C must not leave two PostgreSQL servers running.
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // The command line builds itself after a change of the sources: do that before any timing.
    await run(process.execPath, [CLI, '--help'], target);
    console.log(`${cores} cores; ${rounds} interleaved round(s); scale ${scale}; whole-process times (CLI start-up included)`);
    const results: [string, { tuned: number; seed: number; verified: number }][] = [];
    for (const shape of benchShapes(scale).filter((s) => !only || only.includes(s.name))) {
      results.push([shape.name, await benchShape(shape, source, target, root)]);
    }
    console.log('\nreplay summary (product --no-verify / baseline, lower is better; goal ≤ 0.90 of the better baseline):');
    for (const [name, r] of results) console.log(`  ${name.padEnd(9)} /hand-tuned ${r.tuned.toFixed(2)}   /seed ${r.seed.toFixed(2)}   (verified, its default: ${r.verified.toFixed(2)} of the better)`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

if (process.argv[1]?.endsWith('bench-replay.ts')) await benchReplay();
