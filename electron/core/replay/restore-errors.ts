/**
 * Collects the errors of a database's pg_restore runs from their parsed lines: "from TOC entry N;
 * …" names the item, "error: …" the message, "Command was: …" (possibly several lines) the
 * statement. Runs that go on at once (a split restore's data groups) each feed their own `stream`,
 * so one's lines never complete another's error. An error tied to no TOC entry is fatal: pg_restore
 * (or one of its workers) stopped there. The FIRST one is the cause — a parallel restore follows it
 * with "a worker process died unexpectedly", which says nothing about why — so it is kept, with the
 * items that were running, and reported as an error of the database like any other.
 */
import type { TocEntry } from '../archive/types';
import { classifyError } from './classify-error';
import { label } from './progress';
import type { RestoreLine } from './restore-log';
import type { ReplayError } from './types';

interface Stream {
  pendingToc: { id: number; label: string } | null;
  /** pg_restore names an entry once, before its first error: later errors of that entry come without it. */
  lastToc: { id: number; label: string } | null;
  capturing: ReplayError | null;
  /** This stream's last error: DETAIL/HINT/Command lines belong to it. */
  last: ReplayError | null;
}

export class RestoreErrors {
  readonly errors: ReplayError[] = [];
  /** The first error that is not tied to a TOC entry (data, connection, header…): why pg_restore stopped. */
  fatal: string | null = null;
  /** That first fatal error as reported (with the items running when it happened). */
  fatalError: ReplayError | null = null;
  ignored = 0;
  private readonly streams = new Map<number, Stream>();

  /** `running` names the items being restored right now (for where a fatal error happened). */
  constructor(private readonly byId: Map<number, TocEntry>, private readonly running: () => string[] = () => []) {}

  /** Feeds one parsed line of `stream`; returns the new error when this line completed one. */
  apply(line: RestoreLine, raw: string, stream = 0): ReplayError | null {
    let st = this.streams.get(stream);
    if (!st) this.streams.set(stream, (st = { pendingToc: null, lastToc: null, capturing: null, last: null }));
    const error = this.applyTo(st, line, raw);
    if (error) st.last = error;
    return error;
  }

  private applyTo(st: Stream, line: RestoreLine, raw: string): ReplayError | null {
    const last = st.last;
    if (last && /^(DETAIL|HINT|CONTEXT):\s/.test(raw)) {
      last.message += `\n${raw}`;
      return null;
    }
    if (st.capturing && line.kind === 'other' && !raw.startsWith('pg_restore:')) {
      if (raw.trim() !== '') st.capturing.command = `${st.capturing.command ?? ''}\n${raw}`.trimStart();
      else st.capturing = null;
      return null;
    }
    st.capturing = null;
    switch (line.kind) {
      case 'toc-entry':
        st.pendingToc = { id: line.id, label: line.label };
        st.lastToc = st.pendingToc;
        return null;
      case 'ignored':
        this.ignored += line.count; // one count per pg_restore pass (pre-data, then the rest)
        return null;
      case 'command':
        if (last) {
          last.command = line.text;
          st.capturing = last;
        }
        return null;
      case 'error': {
        const toc = st.pendingToc ?? (/^could not execute query: /.test(line.message) ? st.lastToc : null);
        st.pendingToc = null;
        if (!toc) return this.onFatal(line.message);
        const entry = this.byId.get(toc.id);
        const message = line.message.replace(/^could not execute query: /, '').replace(/^ERROR:\s+/, '');
        const error: ReplayError = {
          tocId: toc.id,
          item: entry ? label(entry) : toc.label,
          message,
          command: null,
          ...classifyError(message),
        };
        this.errors.push(error);
        return error;
      }
      default:
        return null;
    }
  }

  /** The first fatal error becomes the database's error; later ones are its consequences (still in the log). */
  private onFatal(message: string): ReplayError | null {
    if (this.fatal !== null) return null;
    this.fatal = message;
    const running = this.running();
    const error: ReplayError = {
      tocId: null,
      item: running.length ? running.join(', ') : 'pg_restore',
      message,
      command: null,
      ...classifyError(message),
    };
    this.fatalError = error;
    this.errors.push(error);
    return error;
  }
}
