/**
 * How many range requests to keep in flight, chosen while downloading. On a fast local link the CPU
 * is the limit and extra streams only cost (measured on loopback: one GET 1.04 s, five ranges
 * 2.11 s for 300 MB), while on a long-distance link each TCP connection is held to a rate and
 * parallel ranges multiply it. So: start with one stream and grow while this process's CPU is
 * mostly idle (the link, not the CPU, is the limit) and each step still raises the rate by a
 * tenth — fourfold after a step that nearly doubled the rate (each connection is held to its own
 * rate: more of them pay in proportion), else twofold; step back to the best count once it stops
 * paying (two windows in a row). Windows are short: on a far link the ramp is most of the time.
 */

/** Bytes per second over a sliding window, and the time left at that rate. */
export class RateMeter {
  private samples: Array<{ t: number; bytes: number }> = [];
  constructor(private readonly windowMs = 3000) {}

  /** Records the running total of bytes at time t (ms). */
  add(t: number, bytes: number): void {
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[1].t >= this.windowMs) this.samples.shift();
  }

  /** Bytes per second, or null before a quarter second of samples. */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.t - first.t < 250) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.t - first.t);
  }

  /** Milliseconds left for `remaining` bytes at the current rate, or null when unknown. */
  etaMs(remaining: number): number | null {
    const r = this.rate();
    if (!r || r <= 0) return remaining <= 0 ? 0 : null;
    return Math.round((remaining / r) * 1000);
  }
}

/** Options of {@link StreamControl}. */
export interface StreamControlOptions {
  /** Upper bound on parallel range requests (default 32). */
  max?: number;
  /** A fixed stream count instead of choosing one. */
  fixed?: number;
  /** Length of one measurement window (default 500 ms). */
  windowMs?: number;
  /** Time after the streams of a new count are all started before measuring (default 250 ms). */
  warmupMs?: number;
  /** Above this share of one core used by this process, more streams are not tried (default 0.35). */
  busyCpu?: number;
  /** This process's CPU time (default process.cpuUsage; tests play a busy or an idle process). */
  cpuUsage?: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
}

/** Chooses the stream count from measured rate and CPU use. `tick` is called a few times a second. */
export class StreamControl {
  limit: number;
  private readonly max: number;
  private readonly windowMs: number;
  private readonly warmupMs: number;
  private readonly busyCpu: number;
  private readonly cpuUsage: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
  private settled: boolean;
  private best = 0;
  private bestLimit = 1;
  /** The window being measured; `busy` sums the share of the streams in flight at each tick. */
  private window: { t: number; bytes: number; cpu: NodeJS.CpuUsage; busy: number; ticks: number } | null = null;
  /** When the count last changed: the new streams' first bytes take a round trip or more. */
  private changedAt: number | null = null;
  private strike = false;
  /** Factor of the last increase. */
  private step = 2;

  constructor(opts: StreamControlOptions = {}) {
    this.max = Math.max(1, opts.fixed ?? opts.max ?? 32);
    this.limit = opts.fixed ?? 1;
    this.settled = opts.fixed !== undefined;
    this.windowMs = opts.windowMs ?? 500;
    this.warmupMs = opts.warmupMs ?? 250;
    this.busyCpu = opts.busyCpu ?? 0.35;
    this.cpuUsage = opts.cpuUsage ?? ((since) => process.cpuUsage(since));
  }

  /** Feeds the running total of fetched bytes and how many streams are busy. */
  tick(now: number, fetched: number, active: number): void {
    if (this.settled) return;
    this.changedAt ??= now;
    if (now - this.changedAt < this.warmupMs) return; // new connections are still starting
    if (!this.window) {
      this.window = { t: now, bytes: fetched, cpu: this.cpuUsage(), busy: 0, ticks: 0 };
      return;
    }
    this.window.busy += Math.min(1, active / this.limit);
    this.window.ticks++;
    const dt = now - this.window.t;
    if (dt < this.windowMs) return;
    // A stream between two ranges (a small file done, a range split) is a moment, not a lack of work;
    // a window mostly short of streams says nothing about this count.
    if (this.window.busy / this.window.ticks < 0.75) {
      this.window = null;
      return;
    }
    const rate = (fetched - this.window.bytes) / dt;
    const cpu = this.cpuUsage(this.window.cpu);
    const cpuShare = (cpu.user + cpu.system) / 1000 / dt;
    this.window = null;
    if (rate < this.best * 1.1) {
      // One more window at this count before giving up: a busy machine makes single windows noisy.
      if (!this.strike && this.limit !== this.bestLimit) {
        this.strike = true;
        return;
      }
      this.limit = this.bestLimit;
      this.settled = true;
      return;
    }
    this.strike = false;
    // The last step paid nearly in proportion to the streams added: the link scales, take bigger steps.
    const scaled = this.best > 0 && rate >= this.best * this.step * 0.85;
    this.best = rate;
    this.bestLimit = this.limit;
    if (this.limit >= this.max || cpuShare > this.busyCpu) {
      this.settled = true;
      return;
    }
    this.step = scaled ? 4 : 2;
    this.limit = Math.min(this.max, this.limit * this.step);
    this.changedAt = null;
  }
}
