/**
 * Long-running activities of this session, by id — a replay today; an Azure restore job and a
 * download are kinds to add the same way (an `ActivityKind` and a `begin` function). Each has its
 * batched events (sent under its kind's event, kept for a reloaded renderer), cancel, and an end.
 * "Started" is the activity's own word: `begin` resolves once it runs, or rejects with the reason
 * it was refused — and then nothing is registered.
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

/** What makes a kind of activity: how its events are batched, sent and kept. */
export interface ActivityKind<E> {
  kind: ActivityView['kind'];
  /** The event its batches go out as: (id, events). */
  event: BatchEvent;
  batch: BatchRules<E>;
  /** Many small events (log lines): only the newest are kept for a reattaching renderer, after the others. */
  isBulk(event: E): boolean;
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
}

/** Bulk events kept per activity for a reattaching renderer. */
const HISTORY_BULK = 20_000;

class Entry<E, W> {
  readonly startedAt = new Date().toISOString();
  /** Pieces of work of this activity still going (itself, and e.g. a retry). */
  running = 1;
  readonly history: E[] = [];
  readonly bulk: E[] = [];

  constructor(readonly id: string, readonly kind: ActivityKind<E>, readonly started: Started<W>, readonly batcher: { flush(): void }) {}

  view(): ActivityView {
    const v = this.started.view();
    return { id: this.id, kind: this.kind.kind, startedAt: this.startedAt, title: v.title, detail: v.detail, status: this.running > 0 ? 'running' : v.status };
  }
}

export class ActivityRegistry {
  private readonly entries = new Map<string, Entry<unknown, unknown>>();

  constructor(private readonly sink: EventSink, private readonly batch: BatchOptions = {}) {}

  /** Starts an activity of `kind`: `begin` gets its event channel and resolves once it runs. */
  async start<E, W>(kind: ActivityKind<E>, begin: (emit: (event: E) => void) => Promise<Started<W>>): Promise<{ id: string; work: W }> {
    const id = randomUUID();
    const batcher = new EventBatcher<E>((events) => this.sink(kind.event, id, events as never), kind.batch, this.batch);
    let entry: Entry<E, W> | null = null;
    const early: E[] = [];
    const emit = (event: E) => {
      if (entry) this.remember(entry, event);
      else early.push(event);
      batcher.push(event);
    };
    let started: Started<W>;
    try {
      started = await begin(emit);
    } catch (err) {
      batcher.flush();
      throw err;
    }
    entry = new Entry(id, kind, started, batcher);
    for (const e of early) this.remember(entry, e);
    this.entries.set(id, entry as Entry<unknown, unknown>);
    this.track(entry, started.ended);
    this.sink('activityChanged', entry.view());
    return { id, work: started.work };
  }

  /** Counts more work of an activity as running until it settles (a retry of one database). */
  follow(id: string, kind: ActivityKind<unknown>, work: Promise<unknown>): void {
    const entry = this.get(id, kind);
    entry.running += 1;
    this.sink('activityChanged', entry.view());
    this.track(entry, work);
  }

  /** The work of an activity of this kind. */
  work<W>(id: string, kind: ActivityKind<never>): W {
    return this.get(id, kind).started.work as W;
  }

  async cancel(id: string, kind: ActivityKind<never>): Promise<void> {
    await this.get(id, kind).started.cancel();
  }

  /** An activity of this kind that still runs, if any. */
  running(kind: ActivityKind<never>): ActivityView | null {
    return [...this.entries.values()].find((e) => e.kind === kind && e.running > 0)?.view() ?? null;
  }

  /** Every activity of this session, newest first. */
  list(): ActivityView[] {
    return [...this.entries.values()].reverse().map((e) => e.view());
  }

  /** The events a renderer needs to show an activity again: in order, snapshots compacted, the newest bulk events last. */
  history<E>(id: string, kind: ActivityKind<E>): E[] {
    const e = this.get(id, kind);
    return [...e.history, ...e.bulk] as E[];
  }

  /** Cancels whatever still runs (on quit). */
  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].map(async (e) => {
      if (e.running > 0) await e.started.cancel().catch(() => undefined);
      e.batcher.flush();
    }));
  }

  private track(entry: Entry<unknown, unknown>, work: Promise<unknown>): void {
    void work.catch(() => undefined).finally(() => {
      entry.running -= 1;
      entry.batcher.flush();
      this.sink('activityChanged', entry.view());
    });
  }

  private remember<E>(entry: Entry<E, unknown>, e: E): void {
    const { kind } = entry;
    if (kind.isBulk(e)) {
      entry.bulk.push(e);
      if (entry.bulk.length > HISTORY_BULK * 1.25) entry.bulk.splice(0, entry.bulk.length - HISTORY_BULK);
    } else if (kind.batch.isSnapshot(e) && entry.history.length > 0 && kind.batch.isSnapshot(entry.history.at(-1)!)) {
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
