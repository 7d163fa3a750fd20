/**
 * What verification costs: the replay's wall time with and without it on the bench set (the
 * replay bench's three databases), measured interleaved — off, on, off, on… — so a load that
 * comes and goes (other work on the machine) hits both alike; and the row counter's throughput in
 * MB/s of archive data, counted alone. Also checks the counts agree with count(*) on the source.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findClientTools } from '../electron/core/binaries/find';
import { inspectFolder } from '../electron/core/inspect';
import { defaultOptions, startReplay } from '../electron/core/replay/engine';
import type { ReplaySummary } from '../electron/core/replay/types';
import { archiveFacts } from '../electron/core/verify/archive-facts';
import { startRowCount } from '../electron/core/verify/verify-database';
import { startCluster, type Cluster } from '../test/support/pg-cluster';
import { databases } from './bench-replay';
import { makeRestoreSet } from './lib/make-restore-set';

const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const cores = availableParallelism();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function drop(c: Cluster, names: string[]): Promise<void> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: 'postgres' });
  await client.connect();
  try {
    for (const n of names) await client.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

/** Runs the verification bench and prints its lines. */
export async function benchVerify(): Promise<void> {
  const source = await startCluster();
  const target = await startCluster();
  const outDir = mkdtempSync(join(tmpdir(), 'pgflex-bench-verify-'));
  try {
    const specs = databases();
    const names = specs.map((d) => d.name);
    const set = await makeRestoreSet({ cluster: source, outDir, databases: specs, piped: true });
    await source.stop();
    const tools = await findClientTools();
    const inspection = await inspectFolder(outDir, tools);
    const archives = names.map((n) => inspection.archives.get(set.files.databases[n].split('/').pop()!)!);

    // Row counting alone, one archive after another: throughput in MB/s of (compressed) archive data.
    let bytes = 0;
    let ms = 0;
    let rows = 0;
    for (const [i, a] of archives.entries()) {
      const t0 = performance.now();
      const { counts, where } = await startRowCount(a).done;
      ms += performance.now() - t0;
      if (where !== 'worker') throw new Error('the row counter did not run on a worker thread');
      for (const c of counts.values()) bytes += c.bytes;
      for (const t of archiveFacts(a).tables) {
        const got = t.data ? counts.get(t.data.dumpId)?.count : null;
        const want = set.rowCounts[names[i]][`${t.schema}.${t.name}`];
        if (got !== want) throw new Error(`${names[i]}.${t.name}: counted ${got} rows in the archive, count(*) on the source says ${want}`);
        rows += want;
      }
    }
    console.log(`Row counts in the archives agree with count(*) on the source for every table (${rows.toLocaleString('en-US')} rows).`);
    console.log(`row counting: ${(bytes / 1e6).toFixed(1)} MB of archive data in ${(ms / 1000).toFixed(2)} s = ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s (one worker thread, zlib)`);

    const times = { off: [] as number[], on: [] as number[] };
    let last: ReplaySummary | null = null;
    for (let r = 0; r < rounds; r++) {
      for (const verify of [false, true]) {
        await drop(target, names);
        const t0 = performance.now();
        const run = startReplay({ inspection, tools, target: { host: target.host, port: target.port, user: target.user, password: target.password, sslmode: 'disable' },
          options: { ...defaultOptions(), jobs: cores, roles: false, verify } }, () => {});
        const summary = await run.done;
        const t = performance.now() - t0;
        if (!summary.ok) throw new Error(`replay (verify ${verify}) not ok: ${JSON.stringify(summary.databases.map((d) => [d.name, d.status, d.verify?.ok]))}`);
        (verify ? times.on : times.off).push(t);
        if (verify) last = summary;
        console.log(`  round ${r + 1}, verify ${verify ? 'on ' : 'off'}: ${(t / 1000).toFixed(2)} s`);
      }
    }
    for (const d of last!.databases.filter((x) => x.verify)) {
      const v = d.verify!;
      console.log(`  ${d.name}: ${v.totals.tables} tables, ${v.totals.rows.toLocaleString('en-US')} rows verified; archive count ${(v.rowCount.durationMs / 1000).toFixed(2)} s on a ${v.rowCount.where} thread, target side ${(v.durationMs / 1000).toFixed(2)} s after the restore`);
    }
    const [off, on] = [median(times.off), median(times.on)];
    console.log(`verify: replay ${(off / 1000).toFixed(2)} s without, ${(on / 1000).toFixed(2)} s with verification (medians of ${rounds}, interleaved; ${cores} cores)`);
    console.log(`verify overhead = ${(((on - off) / off) * 100).toFixed(1)}%  (goal: at most 5%)`);
  } finally {
    await target.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}
