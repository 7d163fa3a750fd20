/**
 * How many range requests to keep in flight, chosen while downloading. On a fast local link the CPU
 * is the limit and extra streams only cost (measured on loopback: one GET 1.04 s, five ranges
 * 2.11 s for 300 MB), while on a long-distance link each TCP connection is held to a rate and
 * parallel ranges multiply it. So: start with one stream and measure it. When the event loop spends
 * most of that window waiting for bytes, the stream is held back by the link (its latency ×
 * bandwidth), not by the CPU: go straight to the ceiling, as AzCopy does (stepping 1→2→8→32 took
 * most of a far download), and stay there if it pays — unless every core of this machine is busy
 * meanwhile: then the sender is on this machine (loopback: measured 75–80% of both cores busy with
 * one stream, against a far link's idle machine) or something else holds the cores, so a fast
 * stream stays alone and a slow one steps up as below; a new count is measured once most of its
 * requests have been answered (a loaded server takes a second to answer 32 at once). (This
 * process's CPU share cannot tell
 * the two apart on a saturated machine — measured: a starved loopback stream 0.23–0.39 of a core,
 * a far one 0.18 — but the loop's busy time can: 0.73–0.90 against 0.16, as a starved process with
 * bytes always waiting counts its lost time as busy.) Otherwise grow step by step while this
 * process's CPU is mostly idle and each step still raises the rate by a tenth: fourfold after a
 * step that nearly doubled the rate, else twofold; a busy stream stays alone. A count that stops
 * paying steps back to the best (after a second window: a busy machine makes single windows noisy).
 */

import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

/** Busy and total CPU time of all this machine's cores so far (ms). */
function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

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
  /** Time after the streams of a new count are started before measuring (default 250 ms), and until three quarters of them are answered (at most 3 s). */
  warmupMs?: number;
  /** Above this share of one core used by this process, more streams are not tried (default 0.35). */
  busyCpu?: number;
  /** This process's CPU time (default process.cpuUsage; tests play a busy or an idle process). */
  cpuUsage?: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
  /** Below this share of the first window spent busy (not waiting for I/O), the event loop waits on the link (default 0.3). */
  waitingLoop?: number;
  /** The event loop's busy time so far in ms (default from performance.eventLoopUtilization; tests play a waiting or a busy loop). */
  loopActiveMs?: () => number;
  /** Above this share of all cores busy, the machine is saturated (default 0.7). */
  busyMachine?: number;
  /** All cores' busy and total CPU time so far in ms (default from os.cpus(); tests play an idle or a saturated machine). */
  machineCpu?: () => { busy: number; total: number };
  /** A first stream this fast on a saturated machine already has its share of the cores (default 64 MB/s). */
  fastStream?: number;
}

/** Chooses the stream count from measured rate and CPU use. `tick` is called a few times a second. */
export class StreamControl {
  limit: number;
  private readonly max: number;
  private readonly windowMs: number;
  private readonly warmupMs: number;
  private readonly busyCpu: number;
  private readonly cpuUsage: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
  private readonly waitingLoop: number;
  private readonly loopActiveMs: () => number;
  private readonly busyMachine: number;
  private readonly machineCpu: () => { busy: number; total: number };
  private readonly fastStream: number;
  private settled: boolean;
  private best = 0;
  private bestLimit = 1;
  /** The window being measured; `busy` sums the share of the streams in flight at each tick. */
  private window: { t: number; bytes: number; cpu: NodeJS.CpuUsage; loopMs: number; machine: { busy: number; total: number }; busy: number; ticks: number } | null = null;
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
    this.waitingLoop = opts.waitingLoop ?? 0.3;
    this.loopActiveMs = opts.loopActiveMs ?? (() => performance.eventLoopUtilization().active);
    this.busyMachine = opts.busyMachine ?? 0.7;
    this.machineCpu = opts.machineCpu ?? machineCpu;
    this.fastStream = opts.fastStream ?? 64 * 1024 * 1024;
  }

  /** Feeds the running total of fetched bytes, how many streams are busy and how many of those have their answer. */
  tick(now: number, fetched: number, active: number, answered = active): void {
    if (this.settled) return;
    this.changedAt ??= now;
    // New connections are still starting; the first stream is measured from its answer on.
    const since = now - this.changedAt;
    if (since < (this.best === 0 ? 0 : this.warmupMs) || (answered < 0.75 * this.limit && since < 3000)) return;
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
    const loopBusy = (this.loopActiveMs() - this.window.loopMs) / dt;
    const machine = this.machineCpu();
    const machineTotal = machine.total - this.window.machine.total;
    const machineBusy = machineTotal > 0 ? (machine.busy - this.window.machine.busy) / machineTotal : 0;
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
    const first = this.best === 0;
    const saturated = machineBusy > this.busyMachine;
    const linkBound = first && loopBusy < this.waitingLoop && !saturated;
    this.best = rate;
    this.bestLimit = this.limit;
    // A fast first stream while every core is busy: the sender is on this machine (loopback) or the
    // cores are the limit; more streams would share the same cores.
    const cpuBound = first && saturated && rate * 1000 >= this.fastStream;
    if (this.limit >= this.max || cpuShare > this.busyCpu || cpuBound) {
      this.settled = true;
      return;
    }
    this.step = scaled ? 4 : 2;
    this.limit = linkBound ? this.max : Math.min(this.max, this.limit * this.step);
    this.changedAt = null;
  }

  private startWindow(now: number, fetched: number): NonNullable<StreamControl['window']> {
    return { t: now, bytes: fetched, cpu: this.cpuUsage(), loopMs: this.loopActiveMs(), machine: this.machineCpu(), busy: 0, ticks: 0 };
  }
}
