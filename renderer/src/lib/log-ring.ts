/**
 * The replay log, kept outside React state: a bounded buffer addressed by sequence number, so a
 * replay printing hundreds of thousands of lines costs one array push per line and the viewer
 * renders only what is on screen.
 */

export type LogLevel = 'error' | 'warning' | 'info';

export interface LogLine {
  /** Position in the whole run (never reused, survives trimming). */
  seq: number;
  source: string;
  text: string;
  level: LogLevel;
}

/** How a pg_restore/psql line reads: `error:`/`FATAL:` → error, `warning:` → warning. */
export function levelOf(text: string): LogLevel {
  if (/\b(error|fatal|panic):/i.test(text)) return 'error';
  if (/\bwarning:/i.test(text)) return 'warning';
  return 'info';
}

/** A filter over the log: a case-insensitive substring (source or text) and a minimum level. */
export interface LogQuery {
  text: string;
  level: 'all' | 'problems' | 'errors';
}

/** True when a line passes the query. */
export function matches(line: LogLine, query: LogQuery, needle = query.text.toLowerCase()): boolean {
  if (query.level === 'errors' && line.level !== 'error') return false;
  if (query.level === 'problems' && line.level === 'info') return false;
  if (!needle) return true;
  return line.text.toLowerCase().includes(needle) || line.source.toLowerCase().includes(needle);
}

/** Bounded log buffer: the oldest lines are dropped in chunks once `capacity` is exceeded. */
export class LogRing {
  private lines: LogLine[] = [];
  private firstSeq = 0;

  constructor(readonly capacity = 500_000) {}

  /** Sequence number of the oldest line still held. */
  get first(): number {
    return this.firstSeq;
  }

  /** Sequence number the next line will get (= lines ever pushed). */
  get next(): number {
    return this.firstSeq + this.lines.length;
  }

  /** Lines currently held. */
  get size(): number {
    return this.lines.length;
  }

  /** Appends lines; returns how many were dropped from the front to stay within capacity. */
  push(entries: ReadonlyArray<{ source: string; line: string }>): number {
    for (const e of entries) {
      this.lines.push({ seq: this.next, source: e.source, text: e.line, level: levelOf(e.line) });
    }
    if (this.lines.length <= this.capacity) return 0;
    // Drop a chunk, not one line at a time, so trimming stays amortised O(1) per line.
    const drop = this.lines.length - this.capacity + Math.floor(this.capacity / 10);
    this.lines.splice(0, drop);
    this.firstSeq += drop;
    return drop;
  }

  /** The line with this sequence number, if still held. */
  at(seq: number): LogLine | undefined {
    return this.lines[seq - this.firstSeq];
  }

  /** Sequence numbers of held lines from `fromSeq` on that pass the query. */
  search(query: LogQuery, fromSeq = this.firstSeq): number[] {
    const out: number[] = [];
    const needle = query.text.toLowerCase();
    for (let i = Math.max(0, fromSeq - this.firstSeq); i < this.lines.length; i++) {
      const line = this.lines[i];
      if (matches(line, query, needle)) out.push(line.seq);
    }
    return out;
  }

  /** Everything held, as plain text (for copying). */
  text(seqs?: readonly number[]): string {
    const pick = seqs ? seqs.map((s) => this.at(s)).filter((l): l is LogLine => Boolean(l)) : this.lines;
    return pick.map((l) => `[${l.source}] ${l.text}`).join('\n');
  }

  /** Empties the ring for a new run, whose lines count from 1 again. */
  clear(): void {
    this.firstSeq = 0;
    this.lines = [];
  }
}

/**
 * A filtered view of a ring that catches up incrementally: after the first scan, each new batch
 * costs only its own lines, so filtering stays cheap while a replay streams.
 */
export class LogIndex {
  private key = '';
  private seqs: number[] = [];
  private scanned = 0;

  /** Matching sequence numbers for the query, or null when the query keeps every line. */
  rows(ring: LogRing, query: LogQuery): number[] | null {
    if (!query.text && query.level === 'all') return null;
    const key = `${query.level}\u0000${query.text.toLowerCase()}`;
    if (key !== this.key || this.scanned > ring.next) {
      this.key = key;
      this.seqs = ring.search(query);
    } else {
      if (this.seqs.length && this.seqs[0] < ring.first) this.seqs = this.seqs.filter((s) => s >= ring.first);
      if (this.scanned < ring.next) this.seqs = this.seqs.concat(ring.search(query, Math.max(this.scanned, ring.first)));
    }
    this.scanned = ring.next;
    return this.seqs;
  }
}
