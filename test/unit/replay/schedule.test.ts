import { describe, expect, it } from 'vitest';
import type { TocEntry } from '../../../electron/core/archive/types';
import { estimateWork, lanesMs, usefulJobs, workMs, type DatabaseWork } from '../../../electron/core/replay/cost-model';
import { scheduleReplay, simulate, type Schedule } from '../../../electron/core/replay/schedule';

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

/** The hand-tuned script: each database alone with the whole budget, one after another. */
function oneAfterAnother(dbs: DatabaseWork[], budget: number): number {
  return dbs.reduce((a, w) => a + w.createMs + w.preDataMs + workMs(w, Math.min(budget, usefulJobs(w, budget))), 0);
}

/** No moment holds more workers than the budget (work stages only). */
function peakWorkers(s: Schedule): number {
  const points = s.databases.flatMap((d) => [d.startMs, d.endMs - 1e-6]);
  return Math.max(...points.map((t) => s.databases.filter((d) => d.startMs <= t && t < d.endMs).reduce((a, d) => a + d.jobs, 0)));
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
  it('skewed set (15.6 MB, 2.2 MB, 48 kB) on 2 workers: the big one gets both from the start and goes first', () => {
    const big = db('big', [{ bytes: 9 * MB, indexes: 3 }, { bytes: 5 * MB, indexes: 2 }, { bytes: 1.6 * MB, indexes: 2 }]);
    const mid = db('mid', [{ bytes: 2.2 * MB, indexes: 2 }]);
    const tiny = db('tiny', [{ bytes: 48e3, indexes: 1 }]);
    const s = scheduleReplay({ budget: 2, databases: [tiny, mid, big] });
    const d = byName(s);
    expect(s.databases[0].name).toBe('big');
    expect(d.get('big')!.jobs).toBe(2);
    expect(d.get('mid')!.jobs).toBe(1);
    expect(d.get('tiny')!.jobs).toBe(1);
    expect(d.get('big')!.why).toMatch(/^2 workers: 15\.6 MB in 3 tables.*starts first/);
    // Better than the old rule (one worker each, the big one left alone on its lane).
    const old = simulate([big, mid, tiny], [1, 1, 1], [0, 1, 2], 2, 2);
    expect(s.makespanMs).toBeLessThan(Math.max(...old.map((t) => t.endMs)));
    expect(s.makespanMs).toBeLessThan(oneAfterAnother([big, mid, tiny], 2));
    expect(peakWorkers(s)).toBeLessThanOrEqual(2);
  });

  it('one database with most of the data and several small ones, 4 workers', () => {
    const smalls = ['s1', 's2', 's3', 's4'].map((n) => db(n, [{ bytes: 1 * MB, indexes: 2 }]));
    const big = db('big', [1, 2, 3, 4, 5, 6].map(() => ({ bytes: 8 * MB, indexes: 2 })));
    const s = scheduleReplay({ budget: 4, databases: [...smalls, big] });
    expect(s.databases[0]).toMatchObject({ name: 'big', order: 0 });
    expect(s.databases[0].jobs).toBeGreaterThanOrEqual(3);
    expect(s.databases.slice(1).every((d) => d.jobs === 1)).toBe(true);
    expect(s.makespanMs).toBeLessThan(oneAfterAnother([...smalls, big], 4));
    expect(peakWorkers(s)).toBeLessThanOrEqual(4);
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

  it('the balanced set on 2 workers: no worse than each database alone with both workers', () => {
    const sales = db('bench_sales', [{ bytes: 36 * MB, indexes: 4 }, { bytes: 22 * MB, indexes: 4 }]);
    const crm = db('bench_crm', [{ bytes: 18 * MB, indexes: 4 }, { bytes: 11 * MB, indexes: 4 }]);
    const audit = db('bench_audit', [{ bytes: 14 * MB, indexes: 4 }]);
    const s = scheduleReplay({ budget: 2, databases: [audit, crm, sales] });
    expect(s.databases[0].name).toBe('bench_sales');
    expect(s.makespanMs).toBeLessThanOrEqual(oneAfterAnother([sales, crm, audit], 2));
    expect(peakWorkers(s)).toBeLessThanOrEqual(2);
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
    expect(tx.databases[0].jobs).toBe(1);
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
    const t = simulate([a], [1], [0], 1, 1, 5000);
    expect(t[0].startMs).toBeCloseTo(5000 + a.preDataMs, 5);
    const early = simulate([a], [1], [0], 1, 1, 10);
    expect(early[0].startMs).toBeCloseTo(a.createMs + a.preDataMs, 5);
  });

  it('no databases, an empty plan', () => {
    expect(scheduleReplay({ budget: 4, databases: [] })).toMatchObject({ makespanMs: 0, databases: [] });
  });
});
