/**
 * How long restoring a database should take, from what the archive reader knows — no child
 * process. A database is replayed in two stages (see run-database.ts):
 *   prep  CREATE DATABASE, then pg_restore --section=pre-data (serial, outside the worker budget);
 *   work  pg_restore --section=data --section=post-data --jobs N (holds N workers of the budget).
 * Work is a set of items — one per TABLE DATA block, one per index/constraint — that pg_restore's
 * workers take in turn, so N workers finish it in about the longest-first schedule of its items on
 * N lanes: a database with one big table gains nothing from a second worker.
 *
 * The constants were measured on the 2-core build machine (PostgreSQL 15, fsync off, loaded by
 * other work) with `node bin/run-ts.mjs scripts/measure-replay-costs.ts` (medians of 5 rounds):
 * create 102 ms, an empty pg_restore 67 ms, 200 pre-data entries 228 ms more (1.14 ms each),
 * 10.2 MB of compressed data (300,000 rows) in 693 ms, its 4 indexes/constraints in 803 ms.
 * They only need to be right relative to each other: the scheduler compares plans.
 */
import type { ArchiveInfo, TocEntry } from '../archive/types';

/** The model's constants (milliseconds, bytes as stored — compressed — in the archive). */
export const COSTS = {
  /** Connect + CREATE DATABASE … TEMPLATE template0. */
  createDatabaseMs: 102,
  /** One pg_restore process that starts, connects and reads the TOC. */
  restoreStartMs: 67,
  /** One pre-data entry restored serially (CREATE TABLE, a comment, a grant…). */
  preDataEntryMs: 1.14,
  /** Compressed table data one worker restores per millisecond. */
  dataBytesPerMs: 16_000,
  /** Compressed table bytes one worker reads to build an index or check a constraint, per millisecond. */
  indexBytesPerMs: 55_000,
  /** The fixed part of one data or post-data item (a statement, a COPY): taken as one pre-data entry. */
  itemMs: 1.14,
} as const;

/** One database's work, as the scheduler sees it. */
export interface DatabaseWork {
  name: string;
  /** CREATE DATABASE: may run while the roles file does. */
  createMs: number;
  /** pg_restore --section=pre-data: waits for the roles file (owners, grants). */
  preDataMs: number;
  /** Single-worker time of each table's data. */
  dataItemsMs: number[];
  /** The dump id of each of those data entries (same order): what a split pass lists (`--use-list`). */
  dataIds: number[];
  /** Single-worker time of each index, constraint and other post-data entry. */
  postItemsMs: number[];
  /** Facts for the explanation line. */
  dataBytes: number;
  tables: number;
  indexes: number;
  /** More workers than this cannot be used (e.g. --single-transaction forces 1). */
  maxJobs?: number;
}

const SKIPPED = new Set(['ENCODING', 'STDSTRINGS', 'SEARCHPATH', 'DATABASE', 'DATABASE PROPERTIES']);

/** The estimate for one archive. */
export function estimateWork(name: string, archive: Pick<ArchiveInfo, 'entries'>): DatabaseWork {
  const entries = archive.entries.filter((e) => !SKIPPED.has(e.desc));
  const dataOf = new Map<number, number>();
  for (const e of entries) if (e.hadDumper) for (const d of e.dependencies) dataOf.set(d, e.dataSize ?? 0);
  const tableBytes = (e: TocEntry) => e.dependencies.reduce((m, d) => Math.max(m, dataOf.get(d) ?? 0), 0);
  const data = entries.filter((e) => e.section === 'data' && e.hadDumper);
  const post = entries.filter((e) => e.section === 'post-data');
  const pre = entries.length - data.length - post.length;
  return {
    name,
    createMs: COSTS.createDatabaseMs,
    preDataMs: COSTS.restoreStartMs + pre * COSTS.preDataEntryMs,
    dataItemsMs: data.map((e) => COSTS.itemMs + (e.dataSize ?? 0) / COSTS.dataBytesPerMs),
    dataIds: data.map((e) => e.dumpId),
    postItemsMs: post.map((e) => COSTS.itemMs + tableBytes(e) / COSTS.indexBytesPerMs),
    dataBytes: data.reduce((a, e) => a + (e.dataSize ?? 0), 0),
    tables: data.length,
    indexes: post.filter((e) => e.desc === 'INDEX' || e.desc.endsWith('CONSTRAINT')).length,
  };
}

/** The longest-first schedule of items on `lanes` lanes: when the last one ends. */
export function lanesMs(items: number[], lanes: number): number {
  if (items.length === 0) return 0;
  const ends = new Array<number>(Math.max(1, Math.min(lanes, items.length))).fill(0);
  for (const t of [...items].sort((a, b) => b - a)) {
    let i = 0;
    for (let k = 1; k < ends.length; k++) if (ends[k] < ends[i]) i = k;
    ends[i] += t;
  }
  return Math.max(...ends);
}

/** Splits items into `n` groups of about equal total, longest first: each group's item indices. */
export function groupItems(items: number[], n: number): number[][] {
  const groups = Array.from({ length: Math.max(1, Math.min(n, items.length)) }, () => ({ ms: 0, items: [] as number[] }));
  for (const i of items.map((_, k) => k).sort((a, b) => items[b] - items[a] || a - b)) {
    let g = 0;
    for (let k = 1; k < groups.length; k++) if (groups[k].ms < groups[g].ms) g = k;
    groups[g].ms += items[i];
    groups[g].items.push(i);
  }
  return groups.map((g) => g.items);
}

/** One data group's pass on one worker (`pg_restore --section=data --use-list`). */
export function groupMs(w: DatabaseWork, group: number[]): number {
  return COSTS.restoreStartMs + group.reduce((a, i) => a + w.dataItemsMs[i], 0);
}

/** The post-data pass on `jobs` workers, after a split data stage. */
export function postMs(w: DatabaseWork, jobs: number): number {
  return COSTS.restoreStartMs + lanesMs(w.postItemsMs, jobs);
}

/** The work stage's length with `jobs` workers: data first, then post-data (pg_restore's order). */
export function workMs(w: DatabaseWork, jobs: number): number {
  return COSTS.restoreStartMs + lanesMs(w.dataItemsMs, jobs) + lanesMs(w.postItemsMs, jobs);
}

/** The most workers that still shorten the work stage (at most `cap`). */
export function usefulJobs(w: DatabaseWork, cap: number): number {
  const limit = Math.max(1, Math.min(cap, w.maxJobs ?? cap, Math.max(w.dataItemsMs.length, w.postItemsMs.length, 1)));
  let best = 1;
  for (let j = 2; j <= limit; j++) if (workMs(w, j) < workMs(w, best) * 0.98) best = j;
  return best;
}
