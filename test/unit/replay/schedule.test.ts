import { describe, expect, it } from 'vitest';
import type { TocEntry } from '../../../electron/core/archive/types';
import { estimateWork, lanesMs, usefulJobs, workMs, type DatabaseWork } from '../../../electron/core/replay/cost-model';
import { scheduleReplay, simulate, type Choice, type Schedule } from '../../../electron/core/replay/schedule';

/** A database's TOC: per table its compressed data bytes and index count, plus `extra` pre-data entries. */
function db(name: string, tables: { bytes: number; indexes: number }[], extra = 2): DatabaseWork {
  const entries: TocEntry[] = [];
  let id = 1;
  const e = (desc: string, section: TocEntry['section'], more: Partial<TocEntry> = {}): number => {
    entries.push({ dumpId: id, desc, tag: `${desc}${id}`, schema: 'public', owner: 'o', section, hadDumper: false, dependencies: [], dataOffset: null, dataSize: null, ...more });
    return id++;
  };
  for (let i = 0; i < extra; i++) e('SEQUENCE', 'pre-data');
  for (const t of tables) {
    const table = e('TABLE', 'pre-data');
    e('TABLE DATA', 'data', { hadDumper: true, dependencies: [table], dataSize: t.bytes });
    for (let k = 0; k < t.indexes; k++) e(k === 0 ? 'CONSTRAINT' : 'INDEX', 'post-data', { dependencies: [table] });
  }
  return estimateWork(name, { entries });
}

const MB = 1e6;
const one: Choice = { jobs: 1, groups: 0 };

/** The hand-tuned script: each database alone with the whole budget, one after another. */
function oneAfterAnother(dbs: DatabaseWork[], budget: number): number {
  return dbs.reduce((a, w) => a + w.createMs + w.preDataMs + workMs(w, Math.min(budget, usefulJobs(w, budget))), 0);
}

/** The most workers the passes hold at any moment. */
function peakWorkers(s: Schedule): number {
  const passes = s.databases.flatMap((d) => d.passes);
  const points = passes.flatMap((p) => [p.startMs, p.endMs - 1e-6]);
  return Math.max(...points.map((t) => passes.filter((p) => p.startMs <= t && t < p.endMs).reduce((a, p) => a + p.workers, 0)));
}

/** Workers a database holds at once, at most. */
function widest(d: Schedule['databases'][number]): number {
  return Math.max(...d.passes.map((p) => d.passes.filter((q) => q.startMs <= p.startMs && p.startMs < q.endMs).reduce((a, q) => a + q.workers, 0)));
}

function byName(s: Schedule) {
  return new Map(s.databases.map((d) => [d.name, d]));
}

describe('the cost model', () => {
  it('a worker per item at most: one table without indexes cannot use a second worker', () => {
    expect(usefulJobs(db('one', [{ bytes: 50 * MB, indexes: 0 }]), 8)).toBe(1);
    expect(usefulJobs(db('two', [{ bytes: 20 * MB, indexes: 1 }, { bytes: 20 * MB, indexes: 1 }]), 8)).toBe(2);
    expect(usefulJobs({ ...db('tx', [{ bytes: 20 * MB, indexes: 1 }, { bytes: 20 * MB, indexes: 1 }]), maxJobs: 1 }, 8)).toBe(1);
  });

  it('the longest item bounds the work: longest-first lanes', () => {
    expect(lanesMs([5, 1, 1, 1], 2)).toBe(5);
    expect(lanesMs([3, 3, 2, 2, 2], 2)).toBe(7);
    expect(lanesMs([], 4)).toBe(0);
  });
});

describe('scheduleReplay', () => {
  it('skewed set (15.6 MB, 2.2 MB, 48 kB) on 2 workers: the big one takes both from the start and goes first', () => {
    const big = db('big', [{ bytes: 9 * MB, indexes: 3 }, { bytes: 5 * MB, indexes: 2 }, { bytes: 1.6 * MB, indexes: 2 }]);
    const mid = db('mid', [{ bytes: 2.2 * MB, indexes: 2 }]);
    const tiny = db('tiny', [{ bytes: 48e3, indexes: 1 }]);
    const s = scheduleReplay({ budget: 2, databases: [tiny, mid, big] });
    const d = byName(s);
    expect(s.databases[0].name).toBe('big');
    expect(widest(d.get('big')!)).toBe(2);
    for (const n of ['mid', 'tiny']) expect(d.get(n)).toMatchObject({ jobs: 1, split: null });
    expect(d.get('big')!.why).toMatch(/15\.6 MB in 3 tables.*starts first/);
    // Better than the old rule (one worker each, the big one left alone on its lane).
    const old = simulate([big, mid, tiny], [one, one, one], [0, 1, 2], 2, 2);
    expect(s.makespanMs).toBeLessThan(Math.max(...old.map((t) => t.endMs)));
    expect(s.makespanMs).toBeLessThan(oneAfterAnother([big, mid, tiny], 2));
    expect(peakWorkers(s)).toBeLessThanOrEqual(2);
  });

  it('one database with most of the data and several small ones, 4 workers', () => {
    const smalls = ['s1', 's2', 's3', 's4'].map((n) => db(n, [{ bytes: 1 * MB, indexes: 2 }]));
    const big = db('big', [1, 2, 3, 4, 5, 6].map(() => ({ bytes: 8 * MB, indexes: 2 })));
    const s = scheduleReplay({ budget: 4, databases: [...smalls, big] });
    expect(s.databases[0]).toMatchObject({ name: 'big', order: 0 });
    expect(widest(s.databases[0])).toBeGreaterThanOrEqual(3);
    expect(s.databases.slice(1).every((d) => d.jobs === 1 && d.split === null)).toBe(true);
    expect(s.makespanMs).toBeLessThan(oneAfterAnother([...smalls, big], 4));
    expect(peakWorkers(s)).toBeLessThanOrEqual(4);
  });

  it('the balanced set on 2 workers: the big database\'s tables load beside the others, every table in one group', () => {
    const sales = db('bench_sales', [{ bytes: 36 * MB, indexes: 4 }, { bytes: 22 * MB, indexes: 4 }]);
    const crm = db('bench_crm', [{ bytes: 18 * MB, indexes: 4 }, { bytes: 11 * MB, indexes: 4 }]);
    const audit = db('bench_audit', [{ bytes: 14 * MB, indexes: 4 }]);
    const s = scheduleReplay({ budget: 2, databases: [audit, crm, sales] });
    const first = s.databases[0];
    expect(first.name).toBe('bench_sales');
    expect(first.split?.groups).toHaveLength(2);
    expect(first.split!.groups.flat().sort()).toEqual([...sales.dataIds].sort());
    expect(first.why).toMatch(/^data split in 2 groups of tables/);
    // Shorter than one pass per database (the old plan) and than each database alone with both workers.
    const rank = [2, 1, 0];
    const onePass = Math.max(...simulate([audit, crm, sales], [one, one, one], rank, 2, 2).map((t) => t.endMs));
    expect(s.makespanMs).toBeLessThan(onePass);
    expect(s.makespanMs).toBeLessThan(oneAfterAnother([sales, crm, audit], 2));
    expect(peakWorkers(s)).toBeLessThanOrEqual(2);
  });

  it('a ready pass that needs more workers than are free holds back the passes after it', () => {
    const a = db('a', [{ bytes: 8 * MB, indexes: 1 }, { bytes: 8 * MB, indexes: 1 }], 300);
    const b = db('b', [{ bytes: 8 * MB, indexes: 1 }]);
    const c = db('c', [{ bytes: 1 * MB, indexes: 1 }]);
    const d = db('d', [{ bytes: 1e3, indexes: 0 }], 600);
    // b and c are ready first and take both workers; a (2 workers) waits from the end of its long
    // pre-data; d is ready while c's worker is free, but it comes after a, so it waits behind it.
    const t = simulate([a, b, c, d], [{ jobs: 2, groups: 0 }, one, one, one], [0, 1, 2, 3], 2, 4);
    const dReady = d.createMs + d.preDataMs;
    expect(t[2].endMs).toBeLessThan(dReady);
    expect(t[0].startMs).toBeGreaterThan(dReady);
    expect(t[3].startMs).toBeGreaterThanOrEqual(t[0].startMs);
  });

  it('twelve small databases on 2 workers: one worker each, two at a time', () => {
    const dbs = Array.from({ length: 12 }, (_, i) => db(`tenant_${String(i).padStart(2, '0')}`, [{ bytes: 0.4 * MB, indexes: 2 }, { bytes: 0.3 * MB, indexes: 1 }], 10));
    const s = scheduleReplay({ budget: 2, databases: dbs });
    expect(s.databases.every((d) => d.jobs === 1)).toBe(true);
    expect(s.databases.map((d) => d.order)).toEqual([...Array(12).keys()]);
    const serial = dbs.reduce((a, w) => a + w.createMs + w.preDataMs + workMs(w, 1), 0);
    expect(s.makespanMs).toBeLessThan(serial * 0.6);
    expect(peakWorkers(s)).toBe(2);
    expect(s.databases[5].why).toMatch(/^1 worker: .*starts 6th, longest remaining first/);
  });

  it('never more workers than the tables and indexes can use, nor than the budget', () => {
    const one = db('one', [{ bytes: 100 * MB, indexes: 0 }]);
    const wide = db('wide', Array.from({ length: 20 }, () => ({ bytes: 5 * MB, indexes: 1 })));
    const s = scheduleReplay({ budget: 8, databases: [one] });
    expect(s.databases[0].jobs).toBe(1);
    expect(s.databases[0].why).toMatch(/a second worker would not shorten it/);
    // 20 equal tables take three rounds with 7 workers or with 8: the 8th is not asked for.
    const w = scheduleReplay({ budget: 8, databases: [wide] });
    expect(w.databases[0].jobs).toBe(7);
    expect(scheduleReplay({ budget: 4, databases: [wide] }).databases[0].jobs).toBe(4);
    const tx = scheduleReplay({ budget: 8, databases: [{ ...wide, maxJobs: 1 }] });
    expect(tx.databases[0]).toMatchObject({ jobs: 1, split: null });
    expect(tx.databases[0].why).toMatch(/one transaction/);
  });

  it('a budget of one: one worker each, longest first', () => {
    const a = db('a', [{ bytes: 1 * MB, indexes: 1 }]);
    const b = db('b', [{ bytes: 9 * MB, indexes: 1 }]);
    const s = scheduleReplay({ budget: 1, databases: [a, b] });
    expect(s.databases.map((d) => [d.name, d.jobs])).toEqual([['b', 1], ['a', 1]]);
    expect(s.databases[1].startMs).toBeGreaterThanOrEqual(s.databases[0].endMs);
  });

  it('pre-data waits for the roles file; CREATE DATABASE does not', () => {
    const a = db('a', [{ bytes: 1 * MB, indexes: 1 }]);
    const t = simulate([a], [one], [0], 1, 1, 5000);
    expect(t[0].startMs).toBeCloseTo(5000 + a.preDataMs, 5);
    const early = simulate([a], [one], [0], 1, 1, 10);
    expect(early[0].startMs).toBeCloseTo(a.createMs + a.preDataMs, 5);
  });

  it('no databases, an empty plan', () => {
    expect(scheduleReplay({ budget: 4, databases: [] })).toMatchObject({ makespanMs: 0, databases: [] });
  });
});
