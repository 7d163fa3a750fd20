/**
 * Long-running activities of this app, by id — a replay, an Azure restore job and a download are
 * its kinds (an `ActivityKind` and a `begin` function each). A kind with events has them batched
 * (sent under its kind's event, kept for a reloaded renderer); a kind without is read as views
 * (the renderer asks again). Each has cancel and an end; work known from an earlier app start is
 * put back with `restore` and runs again through `follow`. "Started" is the activity's own word:
 * `begin` resolves once it runs, or rejects with the reason it was refused — and then nothing is
 * registered.
 */
import { randomUUID } from 'node:crypto';
import type { ActivityView } from '../../contract';
import { UserError } from '../../core/errors';
import type { EVENTS, EventName } from '../../operations';
import { EventBatcher, type BatchOptions, type BatchRules } from './event-batcher';

/** Events whose payload is (activity id, batch of events): the ones an activity's batches go out as. */
type BatchEvent = { [K in EventName]: (typeof EVENTS)[K]['payload'] extends [string, unknown[]] ? K : never }[EventName];

/** Sends one event of the table to every listener. */
export type EventSink = <K extends EventName>(name: K, ...payload: (typeof EVENTS)[K]['payload']) => void;

/** How a kind's events reach the renderer. */
export interface KindEvents<E> {
  /** The event its batches go out as: (id, events). */
  name: BatchEvent;
  batch: BatchRules<E>;
  /** Many small events (log lines): only the newest are kept for a reattaching renderer, after the others. */
  isBulk(event: E): boolean;
}

/** What makes a kind of activity. */
export interface ActivityKind<E> {
  kind: ActivityView['kind'];
  /** Absent: the kind sends no events; its work is read as views. */
  events?: KindEvents<E>;
  /** Said when an id of this kind is not known (the app may have restarted). */
  unknown: UserError;
}

/** A started activity, as its `begin` hands it over. */
export interface Started<W> {
  work: W;
  /** Settles when the activity itself ends. */
  ended: Promise<unknown>;
  cancel(): Promise<void>;
  /** What the activity list shows; `status` is asked when nothing of it runs any more. */
  view(): Pick<ActivityView, 'title' | 'detail'> & { status: Exclude<ActivityView['status'], 'running'> };
  /** When it began, if before now (a job found in the vault). */
  startedAt?: string;
}

/** Bulk events kept per activity for a reattaching renderer. */
const HISTORY_BULK = 20_000;

class Entry<E, W> {
  readonly startedAt: string;
  readonly history: E[] = [];
  readonly bulk: E[] = [];

  /** `running`: pieces of work of this activity still going (itself, and e.g. a retry). */
  constructor(readonly id: string, readonly kind: ActivityKind<E>, readonly started: Omit<Started<W>, 'ended'>, readonly batcher: { flush(): void }, public running: number) {
    this.startedAt = started.startedAt ?? new Date().toISOString();
  }

  view(): ActivityView {
    const v = this.started.view();
    return { id: this.id, kind: this.kind.kind, startedAt: this.startedAt, title: v.title, detail: v.detail, status: this.running > 0 ? 'running' : v.status };
  }
}

const NO_BATCHER = { flush: () => undefined };

export class ActivityRegistry {
  private readonly entries = new Map<string, Entry<unknown, unknown>>();

  constructor(private readonly sink: EventSink, private readonly batch: BatchOptions = {}) {}

  /** Starts an activity of `kind`: `begin` gets its event channel and its id, and resolves once it runs. */
  async start<E, W>(kind: ActivityKind<E>, begin: (emit: (event: E) => void, id: string) => Promise<Started<W>>): Promise<{ id: string; work: W }> {
    const id = randomUUID();
    const events = kind.events;
    const batcher = events ? new EventBatcher<E>((batch) => this.sink(events.name, id, batch as never), events.batch, this.batch) : null;
    let entry: Entry<E, W> | null = null;
    const early: E[] = [];
    const emit = (event: E) => {
      if (!batcher) return;
      if (entry) this.remember(entry, event);
      else early.push(event);
      batcher.push(event);
    };
    let started: Started<W>;
    try {
      started = await begin(emit, id);
    } catch (err) {
      batcher?.flush();
      throw err;
    }
    entry = new Entry(id, kind, started, batcher ?? NO_BATCHER, 1);
    for (const e of early) this.remember(entry, e);
    this.entries.set(id, entry as Entry<unknown, unknown>);
    this.track(entry, started.ended);
    this.sink('activityChanged', entry.view());
    return { id, work: started.work };
  }

  /** Puts back an activity known from an earlier app start, under its id: not running until `follow` gives it work. */
  restore<W>(kind: ActivityKind<never>, id: string, started: Omit<Started<W>, 'ended'>): void {
    if (this.entries.has(id)) return;
    this.entries.set(id, new Entry(id, kind as ActivityKind<unknown>, started, NO_BATCHER, 0) as Entry<unknown, unknown>);
  }

  /** Counts more work of an activity as running until it settles (a retry of one database, a download resumed). */
  follow(id: string, kind: ActivityKind<never>, work: Promise<unknown>): void {
    const entry = this.get(id, kind);
    entry.running += 1;
    this.sink('activityChanged', entry.view());
    this.track(entry, work);
  }

  /** The work of an activity of this kind. */
  work<W>(id: string, kind: ActivityKind<never>): W {
    return this.get(id, kind).started.work as W;
  }

  /** The work of every activity of this kind, oldest first. */
  works<W>(kind: ActivityKind<never>): W[] {
    return [...this.entries.values()].filter((e) => e.kind === (kind as ActivityKind<unknown>)).map((e) => e.started.work as W);
  }

  has(id: string, kind: ActivityKind<never>): boolean {
    return this.entries.get(id)?.kind === (kind as ActivityKind<unknown>);
  }

  /** True while any work of the activity runs. */
  isRunning(id: string, kind: ActivityKind<never>): boolean {
    return this.get(id, kind).running > 0;
  }

  async cancel(id: string, kind: ActivityKind<never>): Promise<void> {
    await this.get(id, kind).started.cancel();
  }

  /** Forgets an activity (cancelled first if it still runs). */
  async forget(id: string, kind: ActivityKind<never>): Promise<void> {
    const entry = this.get(id, kind);
    if (entry.running > 0) await entry.started.cancel().catch(() => undefined);
    entry.batcher.flush();
    this.entries.delete(id);
  }

  /** An activity of this kind that still runs, if any. */
  running(kind: ActivityKind<never>): ActivityView | null {
    return [...this.entries.values()].find((e) => e.kind === (kind as ActivityKind<unknown>) && e.running > 0)?.view() ?? null;
  }

  /** Every activity, newest first. */
  list(): ActivityView[] {
    // Newest added first where two began in the same millisecond (the sort keeps their order).
    return [...this.entries.values()].reverse().map((e) => e.view()).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** The events a renderer needs to show an activity again: in order, snapshots compacted, the newest bulk events last. */
  history<E>(id: string, kind: ActivityKind<E>): E[] {
    const e = this.get(id, kind as ActivityKind<never>);
    return [...e.history, ...e.bulk] as E[];
  }

  /** Cancels whatever still runs (on quit), of every kind or of the kinds given. */
  async close(kinds?: ReadonlyArray<ActivityKind<never>>): Promise<void> {
    const closing = [...this.entries.values()].filter((e) => !kinds || kinds.includes(e.kind as ActivityKind<never>));
    await Promise.all(closing.map(async (e) => {
      if (e.running > 0) await e.started.cancel().catch(() => undefined);
      e.batcher.flush();
    }));
  }

  private track(entry: Entry<unknown, unknown>, work: Promise<unknown>): void {
    void work.catch(() => undefined).finally(() => {
      entry.running -= 1;
      entry.batcher.flush();
      if (this.entries.get(entry.id) === entry) this.sink('activityChanged', entry.view());
    });
  }

  private remember<E>(entry: Entry<E, unknown>, e: E): void {
    const events = entry.kind.events!;
    if (events.isBulk(e)) {
      entry.bulk.push(e);
      if (entry.bulk.length > HISTORY_BULK * 1.25) entry.bulk.splice(0, entry.bulk.length - HISTORY_BULK);
    } else if (events.batch.isSnapshot(e) && entry.history.length > 0 && events.batch.isSnapshot(entry.history.at(-1)!)) {
      entry.history[entry.history.length - 1] = e;
    } else {
      entry.history.push(e);
    }
  }

  private get(id: string, kind: ActivityKind<never>): Entry<unknown, unknown> {
    const entry = this.entries.get(id);
    if (!entry || entry.kind !== (kind as ActivityKind<unknown>)) throw kind.unknown;
    return entry;
  }
}
