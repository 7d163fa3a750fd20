/**
 * Follows a database's pg_restore runs from their verbose lines and the archive's table of
 * contents; runs that go on at once (a split restore's data groups) each feed their own `stream`.
 * Progress is weighted, not counted: a data entry weighs its bytes in the archive, an index or
 * constraint a share of its table's bytes (building it reads the table), anything else a little.
 */
import type { Section, TocEntry } from '../archive/types';
import type { Phase } from './types';
import type { RestoreLine } from './restore-log';

const SMALL = 4096;
const INDEX_SHARE = 0.3;
const INDEX_KINDS = new Set(['INDEX', 'CONSTRAINT', 'FK CONSTRAINT', 'INDEX ATTACH']);

/** The weight of each entry, by dump id. */
export function entryWeights(entries: TocEntry[]): Map<number, number> {
  const dataOfTable = new Map<number, number>();
  for (const e of entries) {
    if (e.hadDumper && e.dataSize != null) for (const d of e.dependencies) dataOfTable.set(d, e.dataSize);
  }
  const weights = new Map<number, number>();
  for (const e of entries) {
    let w = SMALL;
    if (e.hadDumper) w = Math.max(SMALL, e.dataSize ?? SMALL);
    else if (INDEX_KINDS.has(e.desc)) {
      const tableBytes = e.dependencies.map((d) => dataOfTable.get(d) ?? 0).reduce((a, b) => Math.max(a, b), 0);
      w = Math.max(SMALL, tableBytes * INDEX_SHARE);
    }
    weights.set(e.dumpId, w);
  }
  return weights;
}

export interface ProgressSnapshot {
  phase: Phase;
  itemsDone: number;
  itemsTotal: number;
  fraction: number;
  current: string[];
}

/** Mutable tracker fed line by line; `snapshot()` is cheap and can be polled. */
export class RestoreProgress {
  private readonly byId: Map<number, TocEntry>;
  private readonly byName = new Map<string, TocEntry>();
  private readonly weights: Map<number, number>;
  private readonly totalWeight: number;
  private readonly done = new Set<number>();
  /** Every item a run began, ended or not: a pass that died still began them (what may have landed). */
  private readonly started = new Set<number>();
  /** Items parallel runs are on, with the stream of each. */
  private readonly running = new Map<number, { e: TocEntry; stream: number }>();
  private doneWeight = 0;
  /** Per stream: the item a serial run is on. */
  private readonly serialCurrent = new Map<number, TocEntry>();
  private inMainLoop = false;
  /** Streams of parallel runs: they name their items by id, so their serial "creating" lines are ignored. */
  private readonly parallel = new Set<number>();
  private finishedAll = false;

  constructor(entries: TocEntry[]) {
    this.byId = new Map(entries.map((e) => [e.dumpId, e]));
    for (const e of entries) {
      const key = e.schema ? `${e.desc} ${e.schema}.${e.tag}` : `${e.desc} ${e.tag}`;
      if (!this.byName.has(key)) this.byName.set(key, e);
      if (e.hadDumper) this.byName.set(`DATA ${e.schema}.${e.tag}`, e);
    }
    this.weights = entryWeights(entries);
    this.totalWeight = [...this.weights.values()].reduce((a, b) => a + b, 0) || 1;
  }

  /** Applies one parsed line of `stream`. */
  apply(line: RestoreLine, stream = 0): void {
    switch (line.kind) {
      case 'processing':
        this.parallel.add(stream);
        this.markDone(line.id);
        break;
      case 'launching': {
        this.parallel.add(stream);
        const e = this.byId.get(line.id);
        if (e) {
          this.running.set(line.id, { e, stream });
          this.started.add(line.id);
        }
        break;
      }
      case 'finished':
        this.running.delete(line.id);
        this.markDone(line.id);
        break;
      case 'main-loop':
        this.inMainLoop = line.state === 'enter';
        break;
      case 'creating':
        if (!this.parallel.has(stream)) this.startSerial(stream, this.byName.get(`${line.desc} ${line.name}`));
        break;
      case 'data':
        if (!this.parallel.has(stream)) this.startSerial(stream, this.byName.get(`DATA ${line.name}`));
        break;
      default:
        break;
    }
  }

  /** The pass feeding `stream` ended (a pass before the last): its last serial item is done. */
  endPass(stream = 0, finished = true): void {
    // A pass that died did not finish the item it was on (its COPY was cut short).
    if (finished) this.finishSerial(stream);
    else this.serialCurrent.delete(stream);
    for (const [id, r] of this.running) if (r.stream === stream) this.running.delete(id);
  }

  /** Marks everything done: pg_restore exited after processing the whole list. */
  complete(): void {
    for (const stream of [...this.serialCurrent.keys()]) this.finishSerial(stream);
    this.running.clear();
    this.finishedAll = true;
  }

  snapshot(): ProgressSnapshot {
    const fraction = this.finishedAll ? 1 : Math.min(0.999, this.doneWeight / this.totalWeight);
    const current = [...this.serialCurrent.values(), ...[...this.running.values()].map((r) => r.e)];
    return {
      phase: this.finishedAll ? 'done' : this.phase(current),
      itemsDone: this.finishedAll ? this.byId.size : this.done.size,
      itemsTotal: this.byId.size,
      fraction,
      current: current.map(label),
    };
  }

  /**
   * What the target holds so far: items done, and whether any table's data was started (a data
   * entry running or done) — until then nothing of the dump's data can have landed.
   */
  landed(): { itemsDone: number; itemsTotal: number; dataStarted: boolean; tablesLoaded: number; tablesTotal: number } {
    const data = [...this.byId.values()].filter((e) => e.section === 'data' && e.hadDumper);
    const started = (e: TocEntry) => this.done.has(e.dumpId) || this.started.has(e.dumpId);
    return {
      itemsDone: this.done.size,
      itemsTotal: this.byId.size,
      dataStarted: data.some(started),
      tablesLoaded: data.filter((e) => this.done.has(e.dumpId)).length,
      tablesTotal: data.length,
    };
  }

  private phase(current: TocEntry[]): Phase {
    const order = ['pre-data', 'data', 'post-data'] as const;
    const sections = new Set<Section>(current.map((e) => e.section));
    return order.find((s) => sections.has(s)) ?? (this.inMainLoop ? 'data' : 'pre-data');
  }

  private startSerial(stream: number, e: TocEntry | undefined): void {
    if (!e || e === this.serialCurrent.get(stream)) return;
    this.finishSerial(stream);
    this.serialCurrent.set(stream, e);
    this.started.add(e.dumpId);
  }

  private finishSerial(stream: number): void {
    const e = this.serialCurrent.get(stream);
    if (e) this.markDone(e.dumpId);
    this.serialCurrent.delete(stream);
  }

  private markDone(id: number): void {
    if (this.done.has(id) || !this.byId.has(id)) return;
    this.done.add(id);
    this.doneWeight += this.weights.get(id) ?? 0;
  }
}

/** 'TABLE DATA public.orders' — how an entry is named on screen. */
export function label(e: TocEntry): string {
  return e.schema ? `${e.desc} ${e.schema}.${e.tag}` : `${e.desc} ${e.tag}`;
}

/**
 * Time left at the pace so far, or null while too little is known (under 2 % done or the first
 * second) or nothing is left: one formula for each database's lane and for the whole run.
 */
export function estimateRemainingMs(elapsedMs: number, fraction: number): number | null {
  if (!(fraction > 0.02 && fraction < 1 && elapsedMs > 1000)) return null;
  return Math.round((elapsedMs * (1 - fraction)) / fraction);
}
