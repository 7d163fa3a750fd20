/**
 * How many range requests to keep in flight, chosen while downloading. On a fast local link the CPU
 * is the limit and extra streams only cost (measured on loopback: one GET 1.04 s, five ranges
 * 2.11 s for 300 MB), while on a long-distance link each TCP connection is held to a rate and
 * parallel ranges multiply it. So: start with one stream and measure it. A stream that leaves this
 * process nearly idle while the machine has CPU to spare is held back by the link (its latency ×
 * bandwidth), not by the CPU: go straight to the ceiling, as AzCopy does (stepping 1→2→8→32 took
 * most of a far download), then trim to the count the two measured rates call for, with half again
 * as headroom, and keep the trim only if it loses nothing. Otherwise — the stream keeps the CPU
 * somewhat busy, or the machine is saturated, where a starved loopback stream looks the same as a
 * far one — grow step by step while each step still raises the rate by a tenth: fourfold after a
 * step that nearly doubled the rate, else twofold; a busy stream stays alone. A count that stops
 * paying steps back to the best (after a second window: a busy machine makes single windows noisy).
 */

import { cpus } from 'node:os';

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
  /** Above this share of one core used by this process, more streams are not tried (default 0.35); below half of it, one stream is held back by the link. */
  busyCpu?: number;
  /** This process's CPU time (default process.cpuUsage; tests play a busy or an idle process). */
  cpuUsage?: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
  /** The machine's idle CPU time so far in ms, all cores together (default from os.cpus(); tests play a busy machine). */
  machineIdleMs?: () => number;
}

function machineIdleMs(): number {
  return cpus().reduce((n, c) => n + c.times.idle, 0);
}

/** Chooses the stream count from measured rate and CPU use. `tick` is called a few times a second. */
export class StreamControl {
  limit: number;
  private readonly max: number;
  private readonly windowMs: number;
  private readonly warmupMs: number;
  private readonly busyCpu: number;
  private readonly cpuUsage: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
  private readonly machineIdleMs: () => number;
  private settled: boolean;
  private best = 0;
  private bestLimit = 1;
  /** The window being measured; `busy` sums the share of the streams in flight at each tick. */
  private window: { t: number; bytes: number; cpu: NodeJS.CpuUsage; idleMs: number; busy: number; ticks: number } | null = null;
  /** When the count last changed: the new streams' first bytes take a round trip or more. */
  private changedAt: number | null = null;
  private strike = false;
  /** Factor of the last increase. */
  private step = 2;
  /** True while the jump from one stream to the ceiling is measured. */
  private jumped = false;
  /** After the jump to the ceiling: its rate, while a trimmed count is tried. */
  private trimmedFrom: { limit: number; rate: number } | null = null;

  constructor(opts: StreamControlOptions = {}) {
    this.max = Math.max(1, opts.fixed ?? opts.max ?? 32);
    this.limit = opts.fixed ?? 1;
    this.settled = opts.fixed !== undefined;
    this.windowMs = opts.windowMs ?? 500;
    this.warmupMs = opts.warmupMs ?? 250;
    this.busyCpu = opts.busyCpu ?? 0.35;
    this.cpuUsage = opts.cpuUsage ?? ((since) => process.cpuUsage(since));
    this.machineIdleMs = opts.machineIdleMs ?? machineIdleMs;
  }

  /** Feeds the running total of fetched bytes and how many streams are busy. */
  tick(now: number, fetched: number, active: number): void {
    if (this.settled) return;
    this.changedAt ??= now;
    if (now - this.changedAt < this.warmupMs) return; // new connections are still starting
    if (!this.window) {
      this.window = this.startWindow(now, fetched);
      return;
    }
    this.window.busy += Math.min(1, active / this.limit);
    this.window.ticks++;
    const dt = now - this.window.t;
    // The first window only has to tell a link-bound stream from a CPU-bound one, which half a window shows.
    if (dt < (this.best === 0 ? this.windowMs / 2 : this.windowMs)) return;
    // A stream between two ranges (a small file done, a range split) is a moment, not a lack of work;
    // a window mostly short of streams says nothing about this count.
    if (this.window.busy / this.window.ticks < 0.75) {
      this.window = this.startWindow(now, fetched); // the next window starts here
      return;
    }
    const rate = (fetched - this.window.bytes) / dt;
    const cpu = this.cpuUsage(this.window.cpu);
    const cpuShare = (cpu.user + cpu.system) / 1000 / dt;
    const spareCores = (this.machineIdleMs() - this.window.idleMs) / dt;
    this.window = null;
    if (this.trimmedFrom) {
      // The trimmed count keeps the ceiling's rate (within a tenth), or the ceiling comes back.
      if (rate < this.trimmedFrom.rate * 0.9) this.limit = this.trimmedFrom.limit;
      this.settled = true;
      return;
    }
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
    if (this.jumped) return this.trim(rate);
    // The last step paid nearly in proportion to the streams added: the link scales, take bigger steps.
    const scaled = this.best > 0 && rate >= this.best * this.step * 0.85;
    const linkBound = this.best === 0 && cpuShare < this.busyCpu / 2 && spareCores >= 0.5;
    this.best = rate;
    this.bestLimit = this.limit;
    if (this.limit >= this.max || cpuShare > this.busyCpu) {
      this.settled = true;
      return;
    }
    this.jumped = linkBound;
    this.step = scaled ? 4 : 2;
    this.limit = linkBound ? this.max : Math.min(this.max, this.limit * this.step);
    this.changedAt = null;
  }

  private startWindow(now: number, fetched: number): NonNullable<StreamControl['window']> {
    return { t: now, bytes: fetched, cpu: this.cpuUsage(), idleMs: this.machineIdleMs(), busy: 0, ticks: 0 };
  }

  /** After the jump: as many streams as one stream's rate says the ceiling's rate needs, plus half; the ceiling when that is most of it. */
  private trim(rate: number): void {
    const needed = Math.ceil((1.5 * rate) / this.best);
    this.jumped = false;
    this.trimmedFrom = { limit: this.limit, rate };
    this.best = rate;
    this.bestLimit = this.limit;
    if (needed >= this.max * 0.75) {
      this.settled = true;
      return;
    }
    this.limit = Math.max(2, needed);
    this.changedAt = null;
  }
}
