/**
 * The replay's scheduler: given each database's estimated work (cost-model.ts) and the worker
 * budget, it picks how each database uses workers and the order they start in so that the whole
 * replay ends as early as possible (the makespan), and says why in one line per database. Pure.
 *
 * A database's work (after its prep) is either one pass — `pg_restore --section=data
 * --section=post-data --jobs N`, holding N workers to its end — or, split, one
 * `pg_restore --section=data --use-list` pass per group of its tables, each on one worker of its
 * own, and once they all ended `pg_restore --section=post-data --jobs N`: a database with a few
 * big tables then loads them beside the other databases' work, so no worker idles while one
 * table loads alone.
 *
 * The rules it plans for are the ones the engine follows (engine.ts, worker-pool.ts):
 * - prep (CREATE DATABASE + pre-data) runs in plan order on `prepLanes` lanes outside the worker
 *   budget; pre-data waits for the roles file, CREATE DATABASE does not;
 * - a pass takes its workers when it is ready (its prep or, for post-data, its data groups are
 *   done) and none ready before it in plan order is still waiting for workers; it keeps them to its
 *   end (pg_restore cannot change --jobs while it runs).
 * Search: every database starts as one pass on one worker, longest first; then, while it shortens
 * the simulated makespan, the database whose change helps most gets more workers or its data split
 * — the critical path first, so a big database gets its larger share from the start.
 */
import { groupItems, groupMs, postMs, usefulJobs, workMs, type DatabaseWork } from './cost-model';

/** How one database uses workers. */
export interface Split {
  /** Dump ids of the TABLE DATA entries of each group; one pass and one worker per group. */
  groups: number[][];
  /** Workers of the post-data pass that follows. */
  postJobs: number;
}

/** One database's place in the plan. */
export interface ScheduledDatabase {
  name: string;
  /** Workers of its one pass, or of its post-data pass when split. */
  jobs: number;
  /** Its data split into groups, or null for one pass. */
  split: Split | null;
  /** 0-based: the order in which databases start their work stage. */
  order: number;
  prepStartMs: number;
  startMs: number;
  endMs: number;
  /** Its passes that hold workers, as estimated. */
  passes: PassTiming[];
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

/** How a database's work is run: `groups` < 2 is one pass on `jobs` workers. */
export interface Choice {
  jobs: number;
  groups: number;
}

/** How many of the longest databases the search may give more than one worker. */
const CANDIDATES = 8;
/** Most data groups the search tries for one database. */
const MAX_GROUPS = 8;

/** One pass's estimated run: when it holds how many workers. */
export interface PassTiming { startMs: number; endMs: number; workers: number }

export interface Timing { prepStartMs: number; startMs: number; endMs: number; passes: PassTiming[] }

interface Task { db: number; prio: number; n: number; ms: number; deps: number[]; start: number; end: number }

function tasksOf(work: DatabaseWork[], choice: Choice[], rank: number[], budget: number): Task[] {
  const tasks: Task[] = [];
  rank.forEach((i, k) => {
    const w = work[i];
    const c = choice[i];
    const n = Math.min(c.jobs, budget);
    if (c.groups < 2) {
      tasks.push({ db: i, prio: k * 1000, n, ms: workMs(w, c.jobs), deps: [], start: -1, end: -1 });
      return;
    }
    const groups = groupItems(w.dataItemsMs, c.groups);
    const deps = groups.map((g, j) => tasks.push({ db: i, prio: k * 1000 + j, n: 1, ms: groupMs(w, g), deps: [], start: -1, end: -1 }) - 1);
    tasks.push({ db: i, prio: k * 1000 + groups.length, n, ms: postMs(w, c.jobs), deps, start: -1, end: -1 });
  });
  return tasks;
}

/**
 * Plays the engine's rules with estimated durations; returns each database's timing, by index.
 * `rank` lists the databases in plan order.
 */
export function simulate(work: DatabaseWork[], choice: Choice[], rank: number[], budget: number, prepLanes: number, rolesMs = 0): Timing[] {
  const timing: Timing[] = work.map(() => ({ prepStartMs: 0, startMs: Infinity, endMs: 0, passes: [] }));
  const lanes = new Array<number>(Math.max(1, prepLanes)).fill(0);
  const prepped: number[] = work.map(() => 0);
  for (const i of rank) {
    let l = 0;
    for (let k = 1; k < lanes.length; k++) if (lanes[k] < lanes[l]) l = k;
    timing[i].prepStartMs = lanes[l];
    prepped[i] = Math.max(lanes[l] + work[i].createMs, rolesMs) + work[i].preDataMs;
    lanes[l] = prepped[i];
  }
  const tasks = tasksOf(work, choice, rank, Math.max(1, budget));
  const readyAt = (t: Task) => t.deps.reduce((m, d) => (tasks[d].end < 0 ? Infinity : Math.max(m, tasks[d].end)), prepped[t.db]);
  let free = Math.max(1, budget);
  let now = 0;
  let left = tasks.length;
  const running: Task[] = [];
  while (left > 0) {
    for (let k = running.length - 1; k >= 0; k--) {
      if (running[k].end <= now) {
        free += running[k].n;
        running.splice(k, 1);
      }
    }
    // Ready tasks in plan order; the first that does not fit holds the ones after it.
    for (const t of tasks.filter((x) => x.start < 0 && readyAt(x) <= now).sort((a, b) => a.prio - b.prio)) {
      if (t.n > free) break;
      t.start = now;
      t.end = now + t.ms;
      free -= t.n;
      running.push(t);
      left -= 1;
    }
    let next = Infinity;
    for (const t of running) next = Math.min(next, t.end);
    for (const t of tasks) if (t.start < 0) { const r = readyAt(t); if (r > now) next = Math.min(next, r); }
    if (next === Infinity) break;
    now = next;
  }
  for (const t of tasks) {
    timing[t.db].startMs = Math.min(timing[t.db].startMs, t.start);
    timing[t.db].endMs = Math.max(timing[t.db].endMs, t.end);
    timing[t.db].passes.push({ startMs: t.start, endMs: t.end, workers: t.n });
  }
  for (const t of timing) if (t.startMs === Infinity) t.startMs = 0;
  return timing;
}

const total = (w: DatabaseWork, jobs: number) => w.createMs + w.preDataMs + workMs(w, jobs);

function longestFirst(work: DatabaseWork[], jobs: number[]): number[] {
  return work.map((_, i) => i).sort((a, b) => total(work[b], jobs[b]) - total(work[a], jobs[a])
    || (work[a].name < work[b].name ? -1 : work[a].name > work[b].name ? 1 : 0));
}

const makespan = (t: Timing[]) => t.reduce((m, x) => Math.max(m, x.endMs), 0);

/** The choices worth trying for one database beside its current one. */
function moves(w: DatabaseWork, c: Choice, useful: number, budget: number): Choice[] {
  const out: Choice[] = [];
  // Every larger count, not just one more: 20 equal tables gain nothing from a 6th worker but do from a 7th.
  if (c.groups < 2) for (let j = c.jobs + 1; j <= useful; j++) out.push({ jobs: j, groups: 0 });
  if ((w.maxJobs ?? budget) > 1) {
    const maxGroups = Math.min(budget, w.dataItemsMs.length, MAX_GROUPS);
    for (let g = 2; g <= maxGroups; g++) {
      for (let j = 1; j <= useful; j++) if (g !== c.groups || j !== c.jobs) out.push({ jobs: j, groups: g });
    }
  }
  return out;
}

/** Chooses each database's workers and the start order. */
export function scheduleReplay(input: ScheduleInput): Schedule {
  const budget = Math.max(1, Math.floor(input.budget));
  const prepLanes = Math.max(1, input.prepLanes ?? budget);
  const work = input.databases;
  const useful = work.map((w) => usefulJobs(w, budget));
  const choice: Choice[] = work.map(() => ({ jobs: 1, groups: 0 }));
  const run = (cs: Choice[]) => {
    const rank = longestFirst(work, cs.map((c) => c.jobs));
    const timing = simulate(work, cs, rank, budget, prepLanes, input.rolesMs);
    return { rank, timing, span: makespan(timing) };
  };
  let best = run(choice);
  // Only the longest databases are worth more workers; looking at a few keeps this fast for
  // hundreds of databases. Each step must shorten the replay, so the loop ends.
  const candidates = longestFirst(work, choice.map(() => 1)).slice(0, CANDIDATES).filter((i) => useful[i] > 1 || work[i].dataItemsMs.length > 1);
  for (;;) {
    let step: { i: number; c: Choice; r: ReturnType<typeof run> } | null = null;
    for (const i of candidates) {
      for (const c of moves(work[i], choice[i], useful[i], budget)) {
        const cs = choice.slice();
        cs[i] = c;
        const r = run(cs);
        if (r.span < (step?.r.span ?? best.span * 0.995)) step = { i, c, r };
      }
    }
    if (!step) break;
    choice[step.i] = step.c;
    best = step.r;
  }
  const databases = best.rank.map((i, k): ScheduledDatabase => {
    const c = choice[i];
    const split = c.groups >= 2 ? { groups: groupItems(work[i].dataItemsMs, c.groups).map((g) => g.map((x) => work[i].dataIds[x])), postJobs: c.jobs } : null;
    return {
      name: work[i].name, jobs: c.jobs, split, order: k, ...best.timing[i],
      why: explain(work[i], c, useful[i], k, best, work.length, budget),
    };
  });
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

function explain(w: DatabaseWork, c: Choice, useful: number, k: number, best: { rank: number[]; timing: Timing[]; span: number }, count: number, budget: number): string {
  const t = best.timing[best.rank[k]];
  const size = `${mb(w.dataBytes)} in ${w.tables} table${w.tables === 1 ? '' : 's'}, ${w.indexes} index${w.indexes === 1 ? '' : 'es'}/constraints`;
  const critical = t.endMs >= best.span - 1 ? ', it sets the replay\'s length' : '';
  let workers: string;
  if (c.groups >= 2) {
    const groups = groupItems(w.dataItemsMs, c.groups);
    workers = `data split in ${groups.length} groups of tables, each on a worker of its own beside the other databases (the largest ≈${seconds(Math.max(...groups.map((g) => groupMs(w, g))))}), ` +
      `then indexes and constraints on ${c.jobs} worker${c.jobs === 1 ? '' : 's'} (≈${seconds(postMs(w, c.jobs))}): ${size}; ` +
      `one pass on 1 worker would take ≈${seconds(workMs(w, 1))}${critical}`;
  } else if (c.jobs > 1) {
    workers = `${c.jobs} workers: ${size}; ≈${seconds(workMs(w, c.jobs))} with ${c.jobs} instead of ${seconds(workMs(w, 1))} with 1${critical}`;
  } else if (useful <= 1 && w.dataItemsMs.length <= 1) {
    workers = (w.maxJobs === 1 ? '1 worker (one transaction per database allows no more)' : `1 worker: ${size} — a second worker would not shorten it`) +
      ` (≈${seconds(workMs(w, 1))})`;
  } else if (w.maxJobs === 1) {
    workers = `1 worker (one transaction per database allows no more) (≈${seconds(workMs(w, 1))})`;
  } else {
    workers = `1 worker: ${size} (≈${seconds(workMs(w, 1))}); more would not end the replay sooner than running others beside it`;
  }
  const place = k === 0
    ? (count > 1 ? 'starts first, the longest' : 'starts first')
    : `starts ${ordinal(k + 1)}, longest remaining first, at ≈${seconds(t.startMs)}${budget > 1 && t.startMs <= 1 ? ' beside the others' : ''}`;
  return `${workers}; ${place}.`;
}
