/**
 * Collects the errors of a database's pg_restore runs from their parsed lines: "from TOC entry N;
 * …" names the item, "error: …" the message, "Command was: …" (possibly several lines) the
 * statement. Runs that go on at once (a split restore's data groups) each feed their own `stream`,
 * so one's lines never complete another's error.
 */
import type { TocEntry } from '../archive/types';
import { classifyError } from './classify-error';
import { label } from './progress';
import type { RestoreLine } from './restore-log';
import type { ReplayError } from './types';

interface Stream {
  pendingToc: { id: number; label: string } | null;
  capturing: ReplayError | null;
  /** This stream's last error: DETAIL/HINT/Command lines belong to it. */
  last: ReplayError | null;
}

export class RestoreErrors {
  readonly errors: ReplayError[] = [];
  /** The last error that is not tied to a TOC entry (connection, header…): the fatal one. */
  fatal: string | null = null;
  ignored = 0;
  private readonly streams = new Map<number, Stream>();

  constructor(private readonly byId: Map<number, TocEntry>) {}

  /** Feeds one parsed line of `stream`; returns the new error when this line completed one. */
  apply(line: RestoreLine, raw: string, stream = 0): ReplayError | null {
    let st = this.streams.get(stream);
    if (!st) this.streams.set(stream, (st = { pendingToc: null, capturing: null, last: null }));
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
        const toc = st.pendingToc;
        st.pendingToc = null;
        if (!toc) {
          this.fatal = line.message;
          return null;
        }
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
}
