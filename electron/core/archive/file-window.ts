/**
 * Large positioned reads from an archive file, and a cursor that reloads its window when a parse
 * step runs out of bytes. Parsing stays synchronous over a Buffer; I/O happens only on reloads.
 */
import type { FileHandle } from 'node:fs/promises';
import { openRegularFile } from '../regular-file';
import { ByteCursor, FormatError, OutOfBytes } from './byte-reader';

/**
 * Bytes read at once when moving through a file. 1 MB keeps a 60,000-entry catalog's reads few
 * (14 for its 14 MB) while the windows in memory stay small (4 MB windows cost 6 MB more peak).
 */
export const WINDOW_BYTES = 1024 * 1024;
/** The most bytes one parse step (a header, a TOC entry) may need: bounds memory on any input. */
export const MAX_STEP_BYTES = 72 * 1024 * 1024;

/** The file ended before a read could complete: `position` is where the incomplete item started. */
export class EndOfFile extends Error {
  constructor(
    readonly position: number,
    readonly needed: number,
    readonly fileSize: number,
  ) {
    super(`file ends at byte ${fileSize}; needed bytes up to ${needed} for the item at ${position}`);
  }
}

/** An open archive file with its size. */
export class FileWindow {
  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** Opens a regular file for reading ('unsafe-file' for a FIFO, a device…: never a blocking read). */
  static async open(path: string): Promise<FileWindow> {
    const handle = await openRegularFile(path);
    try {
      const st = await handle.stat();
      return new FileWindow(handle, st.size);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Reads up to `length` bytes at `position` (fewer at the end of the file). */
  async read(position: number, length: number): Promise<Buffer> {
    if (!Number.isSafeInteger(position) || position < 0 || !Number.isSafeInteger(length) || length < 0) throw new RangeError(`bad read ${position}+${length}`);
    // One read is at most one window of a parse step (fs.read takes a 32-bit length).
    const want = Math.max(0, Math.min(length, this.size - position, MAX_STEP_BYTES + WINDOW_BYTES));
    const buf = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.handle.read(buf, got, want - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === want ? buf : buf.subarray(0, got);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** A ByteCursor over a FileWindow that loads more of the file when a step needs it. */
export class FileCursor {
  readonly c: ByteCursor;

  private constructor(
    readonly file: FileWindow,
    buf: Buffer,
    pos: number,
  ) {
    this.c = new ByteCursor(buf, pos, pos);
  }

  /** A cursor at `pos`, with a first window already loaded. */
  static async at(file: FileWindow, pos: number, windowBytes = WINDOW_BYTES): Promise<FileCursor> {
    return new FileCursor(file, await file.read(pos, windowBytes), pos);
  }

  /**
   * Call after a step started at `mark` threw OutOfBytes: loads a window from `mark` big enough for
   * the step, or throws EndOfFile when the file itself is too short.
   */
  async reload(mark: number, err: OutOfBytes): Promise<void> {
    if (err.needed > this.file.size) throw new EndOfFile(mark, err.needed, this.file.size);
    if (err.needed - mark > MAX_STEP_BYTES) throw new FormatError(`an item of ${err.needed - mark} bytes is not plausible`, mark);
    const len = Math.max(WINDOW_BYTES, err.needed - mark + 64 * 1024);
    this.c.reset(await this.file.read(mark, len), mark, mark);
  }

  /** Runs one synchronous step; on OutOfBytes reloads from the step's start and runs it again. */
  async step<T>(fn: (c: ByteCursor) => T): Promise<T> {
    for (;;) {
      const mark = this.c.pos;
      try {
        return fn(this.c);
      } catch (err) {
        if (!(err instanceof OutOfBytes)) throw err;
        await this.reload(mark, err);
      }
    }
  }
}
