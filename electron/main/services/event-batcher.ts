/**
 * Groups a run's replay events into batches so a busy replay (hundreds of thousands of log lines)
 * cannot flood the renderer: a batch leaves every `intervalMs`, or at once when it holds
 * `maxEvents`. Progress snapshots are coalesced: each one replaces the last, so a pending one is
 * dropped when a newer one arrives. The order of everything that is sent is kept.
 */
import type { ReplayEvent } from '../../contract';

export interface BatchOptions {
  intervalMs?: number;
  maxEvents?: number;
}

export class EventBatcher {
  private pending: Array<ReplayEvent | null> = [];
  private count = 0;
  private progressAt = -1;
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly maxEvents: number;

  constructor(private readonly send: (events: ReplayEvent[]) => void, opts: BatchOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 100;
    this.maxEvents = opts.maxEvents ?? 500;
  }

  push(event: ReplayEvent): void {
    if (event.type === 'progress') {
      if (this.progressAt >= 0) {
        this.pending[this.progressAt] = null;
        this.count--;
      }
      this.progressAt = this.pending.length;
    }
    this.pending.push(event);
    this.count++;
    // A summary ends the run (or a retry): no reason to keep the user waiting for it.
    if (this.count >= this.maxEvents || event.type === 'summary') this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends what is pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.count === 0) return;
    const batch = this.pending.filter((e): e is ReplayEvent => e !== null);
    this.pending = [];
    this.count = 0;
    this.progressAt = -1;
    this.send(batch);
  }

  /** Sends what is pending and stops the timer. */
  close(): void {
    this.flush();
  }
}
