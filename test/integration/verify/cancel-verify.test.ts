/**
 * Cancel during verification: the check stops at once — its queries cancelled on the server, its
 * connections closed — and the database ends cancelled, not verified. A table the test holds an
 * ACCESS EXCLUSIVE lock on keeps the check's count(*) waiting, so without a real cancel the replay
 * would not end before the statement timeout (minutes).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import type { DatabaseResult, ReplayEvent } from '../../../electron/core/replay/types';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const db = `cx_${u}`;
let source: Source;
let holder: pg.Client | null = null;
const target = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // Enough rows that pg_restore runs well after the database exists (the holder gets in first).
  source = await makeSource([{ name: db, setupSql: `
    CREATE TABLE public.big (id int PRIMARY KEY, v text);
    INSERT INTO public.big SELECT g, md5(g::text) FROM generate_series(1, 300000) g;` }]);
});

afterAll(async () => {
  await holder?.end().catch(() => {});
  await source?.cluster.stop();
  await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
});

/** Once the database exists: a table of its own, locked until the test ends. */
async function holdLock(): Promise<void> {
  for (;;) {
    const c = new pg.Client({ ...pgInfo(), database: db });
    try {
      await c.connect();
      // Committed first (one query string would make both one transaction, the table unseen).
      await c.query('CREATE TABLE public.zz_hold ()');
      await c.query('BEGIN; LOCK TABLE public.zz_hold IN ACCESS EXCLUSIVE MODE');
      holder = c;
      return;
    } catch {
      await c.end().catch(() => {});
      await sleep(20);
    }
  }
}

describe('cancelling a running verification', () => {
  it('stops the check promptly and ends the database cancelled', async () => {
    const events: ReplayEvent[] = [];
    let held: Promise<void> | null = null;
    const run = startReplay({ inspection: await inspectFolder(source.set.outDir, await findClientTools()), target: target(), tools: await findClientTools(),
      options: { ...defaultOptions(), jobs: 1, databases: [db], roles: false } }, (e) => {
      events.push(e);
      if (e.type === 'database-start') held = holdLock();
    });
    await run.plan;
    // Wait until the check's count(*) of the held table waits for the lock.
    for (;;) {
      const waiting = await sql<{ n: string }>('postgres', `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE '%count(*)%zz_hold%'`, [db]);
      if (Number(waiting[0].n) > 0) break;
      const ended = events.find((e) => e.type === 'database-end');
      if (ended) throw new Error(`the database ended before its check reached the held table: ${JSON.stringify(ended)}`);
      await sleep(50);
    }
    await held;
    expect(events.some((e) => e.type === 'progress' && e.databases.some((p) => p.name === db && p.phase === 'verifying'))).toBe(true);
    await run.cancel(db);
    const summary = await run.done;
    const d = summary.databases.find((x) => x.name === db)!;
    expect(d.status).toBe('cancelled');
    expect(d.verify).toBeUndefined();
    expect(d.reason).toMatch(/^Cancelled while verifying: pg_restore had ended \(restored\)/);
    expect(summary.ok).toBe(false);
    const end = events.find((e): e is Extract<ReplayEvent, { type: 'database-end' }> => e.type === 'database-end')!;
    expect((end.result as DatabaseResult).status).toBe('cancelled');
    expect(events.some((e) => e.type === 'log' && /verification cancelled/.test(e.line))).toBe(true);
    // Nothing of the check is left on the server: only the test's own lock holder.
    const left = await sql<{ pid: number }>('postgres', 'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [db, (holder as unknown as { processID: number }).processID]);
    expect(left).toEqual([]);
  });
});
