/**
 * Counts the rows of a table's data block as pg_dump writes it: the output of `COPY … TO stdout`
 * in text format, then the terminator line `\.` (pg_dump.c dumpTableData_copy writes "\\.\n\n\n").
 *
 * In COPY text format every newline inside a value is written as the two characters `\n` and every
 * backslash as `\\`, so a raw newline byte always ends a row — a row whose last value ends in an
 * escaped backslash (`…\\` + newline) ends there too. The only line that is not a row is `\.`
 * (a value `\.` would be written `\\.`); whatever follows it is padding.
 * Pure: fed decompressed chunks of any size, split anywhere.
 */
const NL = 0x0a;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

/** Incremental row counter over decompressed COPY data. */
export class CopyRowCounter {
  /** Complete rows seen so far. */
  rows = 0;
  /** True once the `\.` terminator line was seen. */
  terminated = false;
  /** Bytes of the current, unfinished line (0 at a line start). */
  private lineBytes = 0;
  /** Whether the current line so far reads exactly `\` or `\.` (a terminator candidate). */
  private candidate = false;

  /** Feeds the next chunk of decompressed data. */
  push(buf: Uint8Array): void {
    if (this.terminated) return;
    let i = 0;
    const n = buf.length;
    while (i < n) {
      // Line start (or inside a short line that may be the terminator): look byte by byte.
      if (this.lineBytes < 2) {
        const b = buf[i];
        if (b === NL) {
          this.rows++;
          this.lineBytes = 0;
          this.candidate = false;
          i++;
          continue;
        }
        if (this.lineBytes === 0) this.candidate = b === BACKSLASH;
        else this.candidate = this.candidate && b === DOT;
        this.lineBytes++;
        i++;
        continue;
      }
      if (this.lineBytes === 2 && this.candidate) {
        // "\." followed by something other than a newline: an ordinary (if odd) row.
        if (buf[i] === NL) {
          this.terminated = true;
          return;
        }
        this.candidate = false;
      }
      // Inside a line: jump to the next newline.
      const nl = buf.indexOf(NL, i);
      if (nl < 0) {
        this.lineBytes += n - i;
        return;
      }
      this.rows++;
      this.lineBytes = 0;
      this.candidate = false;
      i = nl + 1;
    }
  }

  /**
   * Ends the data: the row count, or an error text when the data does not end the way pg_dump
   * ends it (a row cut short, or no terminator).
   */
  finish(): { rows: number; problem: string | null } {
    if (this.terminated) return { rows: this.rows, problem: null };
    if (this.lineBytes > 0) return { rows: this.rows, problem: 'the COPY data ends inside a row' };
    return { rows: this.rows, problem: 'the COPY data has no \\. terminator' };
  }
}

/** Counts the rows of one whole block of COPY data (for tests and small blocks). */
export function countCopyRows(chunks: Iterable<Uint8Array>): { rows: number; problem: string | null } {
  const c = new CopyRowCounter();
  for (const chunk of chunks) c.push(chunk);
  return c.finish();
}
