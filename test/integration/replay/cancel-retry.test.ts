/**
 * Cancel stops every pg_restore (leader and workers) within seconds and leaves no orphan; the
 * cancelled database can then be retried alone and ends complete.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import type { ReplayEvent } from '../../../electron/core/replay/types';
import { cliProcess } from '../../support/cli';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const big = `big_${u}`;
const small = `small_${u}`;
let source: Source;

/** pids of pg_restore processes reading a file of this set. */
function restoreProcesses(): number[] {
  try {
    return execFileSync('pgrep', ['-f', `pg_restore.*${u}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const bigSql = `CREATE TABLE a (id int PRIMARY KEY, v text, w text);
  INSERT INTO a SELECT g, md5(g::text), repeat(md5((g * 7)::text), 4) FROM generate_series(1, 600000) g;
  CREATE TABLE b AS SELECT * FROM a; CREATE INDEX ON b (v); CREATE INDEX ON b (w);`;

beforeAll(async () => {
  source = await makeSource([
    { name: big, setupSql: bigSql },
    { name: small, setupSql: 'CREATE TABLE s (id int); INSERT INTO s SELECT generate_series(1, 1000);' },
  ]);
});

afterAll(async () => {
  await source?.cluster.stop();
  for (const n of [big, small]) {
    for (const suffix of ['_c', '_r']) await sql('postgres', `DROP DATABASE IF EXISTS ${n}${suffix} WITH (FORCE)`);
  }
});

const target = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });

/** `replay` of the big database as a child process, resolved once its data phase is under way (the CLI says so in a progress line). */
async function replayInData(extra: string[] = []) {
  const { user, password, host, port } = pgInfo();
  const child = cliProcess(['replay', source.set.outDir, '--target', `postgresql://${user}@${host}:${port}/postgres?sslmode=disable`,
    '--databases', big, '--rename', `${big}=${big}_c`, ...extra, '--no-roles', '--jobs', '2', '--json'], { PGPASSWORD: password });
  const seen = { out: '', err: '' };
  child.stderr.on('data', (d) => (seen.err += d));
  const inData = new Promise<void>((resolve) => {
    child.stdout.on('data', (d) => {
      seen.out += d;
      if (/"phase":"data"/.test(seen.out)) resolve();
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await Promise.race([inData, exited]);
  expect(seen.out).toMatch(/"phase":"data"/);
  return { child, seen, exited, password };
}

describe('cancel and retry', () => {
  it('SIGINT to the CLI stops every pg_restore within seconds (exit 130, no orphans)', async () => {
    const { child, seen, exited, password } = await replayInData();
    const pids = restoreProcesses();
    expect(pids.length).toBeGreaterThanOrEqual(2);
    // The password is in no child's command line, nor in its environment (a 0600 passfile is).
    for (const pid of pids) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(cmdline).not.toContain(password);
      expect(environ.join('\n')).not.toContain(password);
      const passfile = environ.find((v) => v.startsWith('PGPASSFILE='))!.slice('PGPASSFILE='.length);
      expect(statSync(passfile).mode & 0o777).toBe(0o600);
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(restoreProcesses()).toEqual([]);
    // The password never reached a command line.
    expect(seen.out).not.toContain(password);
    const summary = seen.out.trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.type === 'summary');
    expect(summary.databases.find((d: { name: string }) => d.name === big).status).toBe('cancelled');
  });

  it('a reader of its output that goes away (`| head`) cancels the replay cleanly, as a closed terminal does (exit 130, no orphans)', async () => {
    const { child, seen, exited } = await replayInData(['--existing', 'replace']);
    expect(restoreProcesses().length).toBeGreaterThanOrEqual(2);
    child.stdout.destroy(); // the reader is gone: the CLI's next progress line meets a closed pipe
    expect(await exited).toBe(130);
    expect(restoreProcesses()).toEqual([]);
    expect(seen.err).toContain('Cancelling: stopping every pg_restore');
    expect(seen.err).not.toMatch(/EPIPE|Unhandled|at .*\.mjs/); // no crash, no stack trace
  });

  it('cancels one database of a run, then retries it alone to completion', async () => {
    const tools = await findClientTools();
    const inspection = await inspectFolder(source.set.outDir, tools);
    const events: ReplayEvent[] = [];
    const rename = { [big]: `${big}_r`, [small]: `${small}_r` };
    let bigInData: () => void = () => {};
    const inData = new Promise<void>((resolve) => (bigInData = resolve));
    const run = startReplay({ inspection, target: target(), tools, options: { ...defaultOptions(), roles: false, jobs: 2, rename } }, (e) => {
      events.push(e);
      if (e.type === 'progress' && e.databases.some((d) => d.name === big && d.phase === 'data')) bigInData();
    });
    await run.plan;
    await Promise.race([inData, run.done]);
    await run.cancel(big);
    const summary = await run.done;
    expect(summary.databases.find((d) => d.name === big)!.status).toBe('cancelled');
    expect(summary.databases.find((d) => d.name === small)!.status).toBe('restored');
    expect(summary.ok).toBe(false);
    expect(restoreProcesses()).toEqual([]);
    await run.retry(big);
    const last = events.filter((e) => e.type === 'summary').at(-1)!;
    expect(last.type === 'summary' && last.summary.ok).toBe(true);
    expect(await sql(`${big}_r`, 'SELECT count(*)::int AS n FROM b')).toEqual([{ n: 600000 }]);
  });
});
