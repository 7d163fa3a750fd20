/**
 * The worker budget as the engine hands it out: databases take their workers strictly in the
 * plan's order (the schedule was made for that order), each when enough are free, and give them
 * back when their pg_restore ends. A database that drops out before its turn (failed, skipped,
 * cancelled) gives up its place so the next one is not held up.
 */
export class OrderedPool {
  private next = 0;
  private readonly waiting = new Map<number, { n: number; grant: (got: boolean) => void }>();
  private readonly gone = new Set<number>();
  private readonly served = new Set<number>();

  constructor(private free: number) {}

  /**
   * Resolves when it is `order`'s turn and `n` workers are free: true, and the caller owes a
   * release(n). Resolves false when the place was given up (leave) before its turn.
   */
  acquire(order: number, n: number): Promise<boolean> {
    if (this.gone.has(order) || this.served.has(order)) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiting.set(order, { n, grant: resolve });
      this.pump();
    });
  }

  /** Gives workers back. */
  release(n: number): void {
    this.free += n;
    this.pump();
  }

  /** `order` gives up its place (before or while waiting; a no-op once served): later places may go ahead. */
  leave(order: number): void {
    if (this.served.has(order) || this.gone.has(order)) return;
    this.gone.add(order);
    const w = this.waiting.get(order);
    this.waiting.delete(order);
    w?.grant(false);
    this.pump();
  }

  private pump(): void {
    for (;;) {
      if (this.gone.has(this.next)) {
        this.next += 1;
        continue;
      }
      const w = this.waiting.get(this.next);
      if (!w || w.n > this.free) return;
      this.waiting.delete(this.next);
      this.served.add(this.next);
      this.free -= w.n;
      this.next += 1;
      w.grant(true);
    }
  }
}

/** A plain first-come, first-served limit on how many things run at once. */
export class Lanes {
  private readonly queue: (() => void)[] = [];

  constructor(private free: number) {}

  /** Waits for a lane; call the returned function to give it back (once). */
  async take(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.queue.shift();
      if (next) next();
      else this.free += 1;
    };
  }
}
