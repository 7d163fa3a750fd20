/**
 * Groups an activity's events into batches so a busy one (a replay's hundreds of thousands of
 * log lines) cannot flood the renderer: a batch leaves every `intervalMs`, or at once when it
 * holds `maxEvents` or an event its kind calls urgent (an end). Snapshots (progress) are
 * coalesced: each replaces the pending one, which is dropped. The order of what is sent is kept.
 */

export interface BatchOptions {
  intervalMs?: number;
  maxEvents?: number;
}

/** How a kind of activity's events are batched. */
export interface BatchRules<E> {
  /** A snapshot: only the newest pending one is sent. */
  isSnapshot(event: E): boolean;
  /** Sent at once with what is pending (an end, so no one waits for it). */
  isUrgent(event: E): boolean;
}

export class EventBatcher<E> {
  private pending: Array<E | null> = [];
  private count = 0;
  private snapshotAt = -1;
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly maxEvents: number;

  constructor(private readonly send: (events: E[]) => void, private readonly rules: BatchRules<E>, opts: BatchOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 100;
    this.maxEvents = opts.maxEvents ?? 500;
  }

  push(event: E): void {
    if (this.rules.isSnapshot(event)) {
      if (this.snapshotAt >= 0) {
        this.pending[this.snapshotAt] = null;
        this.count--;
      }
      this.snapshotAt = this.pending.length;
    }
    this.pending.push(event);
    this.count++;
    if (this.count >= this.maxEvents || this.rules.isUrgent(event)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends what is pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.count === 0) return;
    const batch = this.pending.filter((e): e is E => e !== null);
    this.pending = [];
    this.count = 0;
    this.snapshotAt = -1;
    this.send(batch);
  }
}
