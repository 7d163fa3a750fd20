/**
 * The replay's scheduler: given each database's estimated work (cost-model.ts) and the worker
 * budget, it picks each database's `--jobs` and the order they start in so that the whole replay
 * ends as early as possible (the makespan), and says why in one line per database. Pure.
 *
 * The rules it plans for are the ones the engine follows (dispatch.ts):
 * - prep (CREATE DATABASE + pre-data) runs in plan order on `prepLanes` lanes outside the worker
 *   budget; pre-data waits for the roles file, CREATE DATABASE does not;
 * - work (data + post-data) starts strictly in plan order, once its prep is done and its workers
 *   are free; it keeps them to its end (pg_restore cannot change --jobs while it runs).
 * Search: every database starts with one worker, longest first; then, while it shortens the
 * simulated makespan, one more worker goes to the database whose extra worker helps most — the
 * critical path first, so a big database gets its larger share from the start instead of waiting
 * for workers that free up after it began.
 */
import { usefulJobs, workMs, type DatabaseWork } from './cost-model';

/** One database's place in the plan. */
export interface ScheduledDatabase {
  name: string;
  jobs: number;
  /** 0-based: the order in which databases start their work stage. */
  order: number;
  prepStartMs: number;
  startMs: number;
  endMs: number;
  /** Why this worker count and this place, in one line. */
  why: string;
}

/** The plan for all databases, in start order. */
export interface Schedule {
  budget: number;
  prepLanes: number;
  makespanMs: number;
  databases: ScheduledDatabase[];
}

export interface ScheduleInput {
  budget: number;
  databases: DatabaseWork[];
  /** When the roles file will have run (pre-data waits for it); 0 when there is none. */
  rolesMs?: number;
  /** Concurrent preps; default the budget (prep is mostly waiting on the server, not CPU). */
  prepLanes?: number;
}

/** How many of the longest databases the search may give more than one worker. */
const CANDIDATES = 8;

interface Timing { prepStartMs: number; startMs: number; endMs: number }

/** Plays the engine's rules with estimated durations; returns each database's timing, by index. */
export function simulate(work: DatabaseWork[], jobs: number[], order: number[], budget: number, prepLanes: number, rolesMs = 0): Timing[] {
  const timing: Timing[] = work.map(() => ({ prepStartMs: 0, startMs: 0, endMs: 0 }));
  const lanes = new Array<number>(Math.max(1, prepLanes)).fill(0);
  const prepped = new Map<number, number>();
  for (const i of order) {
    let l = 0;
    for (let k = 1; k < lanes.length; k++) if (lanes[k] < lanes[l]) l = k;
    const start = lanes[l];
    const end = Math.max(start + work[i].createMs, rolesMs) + work[i].preDataMs;
    lanes[l] = end;
    timing[i].prepStartMs = start;
    prepped.set(i, end);
  }
  // Workers: a sorted list of the times each becomes free.
  const free = new Array<number>(Math.max(1, budget)).fill(0);
  let last = 0;
  for (const i of order) {
    const j = Math.min(jobs[i], free.length);
    free.sort((a, b) => a - b);
    const start = Math.max(last, prepped.get(i)!, free[j - 1]);
    const end = start + workMs(work[i], j);
    for (let k = 0; k < j; k++) free[k] = end;
    timing[i].startMs = start;
    timing[i].endMs = end;
    last = start;
  }
  return timing;
}

const total = (w: DatabaseWork, jobs: number) => w.createMs + w.preDataMs + workMs(w, jobs);

function longestFirst(work: DatabaseWork[], jobs: number[]): number[] {
  return work.map((_, i) => i).sort((a, b) => total(work[b], jobs[b]) - total(work[a], jobs[a])
    || (work[a].name < work[b].name ? -1 : work[a].name > work[b].name ? 1 : 0));
}

const makespan = (t: Timing[]) => t.reduce((m, x) => Math.max(m, x.endMs), 0);

/** Chooses each database's workers and the start order. */
export function scheduleReplay(input: ScheduleInput): Schedule {
  const budget = Math.max(1, Math.floor(input.budget));
  const prepLanes = Math.max(1, input.prepLanes ?? budget);
  const work = input.databases;
  const useful = work.map((w) => usefulJobs(w, budget));
  const jobs = work.map(() => 1);
  const run = (js: number[]) => {
    const order = longestFirst(work, js);
    const timing = simulate(work, js, order, budget, prepLanes, input.rolesMs);
    return { order, timing, span: makespan(timing) };
  };
  let best = run(jobs);
  // Only the longest databases are worth more workers; looking at a few keeps this fast for
  // hundreds of databases. Each step raises one database's workers, so the loop ends.
  const candidates = longestFirst(work, jobs).slice(0, CANDIDATES).filter((i) => useful[i] > 1);
  for (;;) {
    let step: { i: number; j: number; r: ReturnType<typeof run> } | null = null;
    for (const i of candidates) {
      // Every larger count, not just one more: 20 equal tables gain nothing from a 6th worker but do from a 7th.
      for (let j = jobs[i] + 1; j <= useful[i]; j++) {
        const js = jobs.slice();
        js[i] = j;
        const r = run(js);
        if (r.span < (step?.r.span ?? best.span * 0.995)) step = { i, j, r };
      }
    }
    if (!step) break;
    jobs[step.i] = step.j;
    best = step.r;
  }
  const databases = best.order.map((i, k) => ({
    name: work[i].name, jobs: jobs[i], order: k, ...best.timing[i],
    why: explain(work[i], jobs[i], useful[i], k, best, work, budget),
  }));
  return { budget, prepLanes, makespanMs: best.span, databases };
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

function mb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
}

function explain(w: DatabaseWork, jobs: number, useful: number, k: number, best: { order: number[]; timing: Timing[]; span: number }, all: DatabaseWork[], budget: number): string {
  const i = best.order[k];
  const t = best.timing[i];
  const size = `${mb(w.dataBytes)} in ${w.tables} table${w.tables === 1 ? '' : 's'}, ${w.indexes} index${w.indexes === 1 ? '' : 'es'}/constraints`;
  const critical = t.endMs >= best.span - 1;
  let workers: string;
  if (jobs > 1) {
    workers = `${jobs} workers: ${size}; ≈${seconds(workMs(w, jobs))} with ${jobs} instead of ${seconds(workMs(w, 1))} with 1` +
      (critical ? ', it sets the replay\'s length' : '');
  } else if (useful <= 1) {
    workers = (w.maxJobs === 1 ? '1 worker (one transaction per database allows no more)' : `1 worker: ${size} — a second worker would not shorten it`) +
      ` (≈${seconds(workMs(w, 1))})`;
  } else {
    workers = `1 worker: ${size} (≈${seconds(workMs(w, 1))}); more would not end the replay sooner than running others beside it`;
  }
  const place = k === 0
    ? (all.length > 1 ? 'starts first, the longest' : 'starts first')
    : `starts ${ordinal(k + 1)}, longest remaining first, at ≈${seconds(t.startMs)}${budget > 1 && t.startMs <= 1 ? ' beside the others' : ''}`;
  return `${workers}; ${place}.`;
}
