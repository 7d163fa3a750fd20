/**
 * What verification costs: the replay's wall time with and without it on the bench set (the
 * replay bench's three databases), measured interleaved — off, on, off, on… — so a load that
 * comes and goes (other work on the machine) hits both alike; and the row counter's throughput in
 * MB/s of archive data, counted alone. Also checks the counts agree with count(*) on the source.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { checkBlock } from '../electron/core/archive/data-blocks';
import { FileWindow } from '../electron/core/archive/file-window';
import { readArchive } from '../electron/core/archive/read-archive';
import { findClientTools } from '../electron/core/binaries/find';
import { inspectFolder } from '../electron/core/inspect';
import { startReplay } from '../electron/core/replay/engine';
import { defaultOptions } from '../electron/core/replay/plan-replay';
import type { ReplaySummary } from '../electron/core/replay/types';
import { archiveFacts } from '../electron/core/verify/archive-facts';
import { checkAndCount } from '../electron/core/verify/check-and-count';
import { startRowCount } from '../electron/core/verify/verify-database';
import { startCluster, type Cluster } from '../test/support/pg-cluster';
import { benchShapes } from './lib/bench-sets';
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
    const specs = benchShapes(Number(process.env.BENCH_SCALE ?? 1))[0].databases; // the balanced set
    const names = specs.map((d) => d.name);
    const set = await makeRestoreSet({ cluster: source, outDir, databases: specs, piped: true });
    await source.stop();
    const tools = await findClientTools();
    const inspection = await inspectFolder(outDir, tools);
    const archives = names.map((n) => inspection.archives.get(set.files.databases[n].split('/').pop()!)!);

    // Row counting alone on the worker, one archive after another: MB/s of (compressed) archive data.
    // Archives read without the data check, so that every table is left for the worker.
    const unchecked = await Promise.all(archives.map((a) => readArchive(a.path, { checkData: 'never' })));
    let bytes = 0;
    let ms = 0;
    let rows = 0;
    for (const [i, a] of unchecked.entries()) {
      const t0 = performance.now();
      const { counts, where } = await startRowCount(a).done;
      ms += performance.now() - t0;
      if (where !== 'worker') throw new Error('the row counter did not run on a worker thread');
      for (const c of counts.values()) bytes += c.bytes;
      for (const t of archiveFacts(a).tables) {
        const got = t.data ? counts.get(t.data.dumpId)?.count : null;
        const atInspect = archiveFacts(archives[i]).tables.find((x) => x.name === t.name)?.data?.rows;
        const want = set.rowCounts[names[i]][`${t.schema}.${t.name}`];
        if (got !== want || atInspect !== want) throw new Error(`${names[i]}.${t.name}: counted ${got} rows on the worker, ${atInspect} at inspect; count(*) on the source says ${want}`);
        rows += want;
      }
    }
    console.log(`Row counts in the archives (worker and inspect) agree with count(*) on the source for every table (${rows.toLocaleString('en-US')} rows).`);
    console.log(`row counting on the worker: ${(bytes / 1e6).toFixed(1)} MB of archive data in ${(ms / 1000).toFixed(2)} s = ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s (one thread, zlib, worker start included)`);

    // What counting adds to the archive check that inspect runs anyway (interleaved, same blocks).
    const cost = { check: [] as number[], count: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      for (const a of unchecked) {
        const file = await FileWindow.open(a.path);
        const layout = { intSize: 4, compression: a.compression };
        try {
          const data = a.entries.filter((e) => e.dataOffset !== null);
          let t0 = performance.now();
          for (const e of data) await checkBlock(file, layout, e.dataOffset!, e.dumpId);
          cost.check.push(performance.now() - t0);
          t0 = performance.now();
          for (const e of data) await checkAndCount(file, layout, { ...e }, e.tag);
          cost.count.push(performance.now() - t0);
        } finally {
          await file.close();
        }
      }
    }
    const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
    console.log(`archive check at inspect: ${(sum(cost.check) / rounds / 1000).toFixed(2)} s without, ${(sum(cost.count) / rounds / 1000).toFixed(2)} s with row counting (+${(((sum(cost.count) - sum(cost.check)) / sum(cost.check)) * 100).toFixed(1)}%, mean of ${rounds})`);

    // Replays: off; on with the rows counted at inspect (the default when the check ran); on with
    // the rows counted by the worker during the replay (what happens to archives too big to check).
    const workerInspection = { ...inspection, archives: new Map([...inspection.archives].map(([k, a]) => [k, unchecked.find((u) => u.path === a.path) ?? a])) };
    const variants = [
      { label: 'verify off', verify: false, inspection },
      { label: 'verify on, rows counted at inspect', verify: true, inspection },
      { label: 'verify on, rows counted by the worker', verify: true, inspection: workerInspection },
    ];
    const times = variants.map(() => [] as number[]);
    let last: ReplaySummary | null = null;
    for (let r = 0; r < rounds; r++) {
      for (const [k, v] of variants.entries()) {
        await drop(target, names);
        const t0 = performance.now();
        const run = startReplay({ inspection: v.inspection, tools, target: { host: target.host, port: target.port, user: target.user, password: target.password, sslmode: 'disable' },
          options: { ...defaultOptions(), jobs: cores, roles: false, verify: v.verify } }, () => {});
        const summary = await run.done;
        const t = performance.now() - t0;
        if (!summary.ok) throw new Error(`replay (${v.label}) not ok: ${JSON.stringify(summary.databases.map((d) => [d.name, d.status, d.verify?.ok]))}`);
        times[k].push(t);
        if (k === 2) last = summary;
        console.log(`  round ${r + 1}, ${v.label}: ${(t / 1000).toFixed(2)} s`);
      }
    }
    for (const d of last!.databases.filter((x) => x.verify)) {
      const v = d.verify!;
      console.log(`  ${d.name} (worker variant): ${v.totals.tables} tables, ${v.totals.rows.toLocaleString('en-US')} rows verified; archive count ${(v.rowCount.durationMs / 1000).toFixed(2)} s on a ${v.rowCount.where} thread beside the restore, then ${(v.durationMs / 1000).toFixed(2)} s on the target after it`);
    }
    const [off, inspectOn, workerOn] = times.map(median);
    console.log(`verify: replay ${(off / 1000).toFixed(2)} s without, ${(inspectOn / 1000).toFixed(2)} s with (rows counted at inspect), ${(workerOn / 1000).toFixed(2)} s with (rows counted by the worker) — medians of ${rounds}, interleaved, ${cores} cores, load average ${loadavg()[0].toFixed(1)}`);
    console.log(`verify overhead = ${(((inspectOn - off) / off) * 100).toFixed(1)}% (rows counted at inspect), ${(((workerOn - off) / off) * 100).toFixed(1)}% (rows counted by the worker)  (goal: at most 5%)`);
  } finally {
    await target.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench-verify.ts')) await benchVerify();
