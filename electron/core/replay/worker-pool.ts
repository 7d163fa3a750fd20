/**
 * The worker budget as the engine hands it out (schedule.ts plans with the same rule): a pass asks
 * for its workers when it is ready to run, and they are granted in plan order among the passes
 * waiting — the first waiting one that does not fit holds back the ones after it, so a pass that
 * needs several workers is not starved by single ones. Workers come back when the pass ends. A
 * database that drops out (failed, skipped, cancelled) leaves: its waiting passes get nothing.
 */
export class PlanPool {
  private readonly waiting: { rank: number; step: number; n: number; grant: (got: boolean) => void }[] = [];
  private readonly gone = new Set<number>();

  constructor(private free: number) {}

  /**
   * Resolves true once the `step`-th pass of the database at `rank` got `n` workers (the caller
   * owes a release(n)), false if that database left first.
   */
  acquire(rank: number, step: number, n: number): Promise<boolean> {
    if (this.gone.has(rank)) return Promise.resolve(false);
    return new Promise((grant) => {
      this.waiting.push({ rank, step, n, grant });
      this.waiting.sort((a, b) => a.rank - b.rank || a.step - b.step);
      this.pump();
    });
  }

  /** Gives workers back. */
  release(n: number): void {
    this.free += n;
    this.pump();
  }

  /** The database at `rank` is out: its waiting passes get nothing, and later asks neither. */
  leave(rank: number): void {
    this.gone.add(rank);
    for (let k = this.waiting.length - 1; k >= 0; k--) {
      if (this.waiting[k].rank === rank) this.waiting.splice(k, 1)[0].grant(false);
    }
    this.pump();
  }

  private pump(): void {
    while (this.waiting.length && this.waiting[0].n <= this.free) {
      const w = this.waiting.shift()!;
      this.free -= w.n;
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
