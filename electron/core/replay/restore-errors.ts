/**
 * Collects the errors of one pg_restore run from its parsed lines: "from TOC entry N; …" names
 * the item, "error: …" the message, "Command was: …" (possibly several lines) the statement.
 */
import type { TocEntry } from '../archive/types';
import { classifyError } from './classify-error';
import { label } from './progress';
import type { RestoreLine } from './restore-log';
import type { ReplayError } from './types';

export class RestoreErrors {
  readonly errors: ReplayError[] = [];
  /** The last error that is not tied to a TOC entry (connection, header…): the fatal one. */
  fatal: string | null = null;
  ignored = 0;
  private pendingToc: { id: number; label: string } | null = null;
  private capturing: ReplayError | null = null;

  constructor(private readonly byId: Map<number, TocEntry>) {}

  /** Feeds one parsed line; returns the new error when this line completed one. */
  apply(line: RestoreLine, raw: string): ReplayError | null {
    const last = this.errors[this.errors.length - 1];
    if (last && /^(DETAIL|HINT|CONTEXT):\s/.test(raw)) {
      last.message += `\n${raw}`;
      return null;
    }
    if (this.capturing && line.kind === 'other' && !raw.startsWith('pg_restore:')) {
      if (raw.trim() !== '') this.capturing.command = `${this.capturing.command ?? ''}\n${raw}`.trimStart();
      else this.capturing = null;
      return null;
    }
    this.capturing = null;
    switch (line.kind) {
      case 'toc-entry':
        this.pendingToc = { id: line.id, label: line.label };
        return null;
      case 'ignored':
        this.ignored += line.count; // one count per pg_restore pass (pre-data, then the rest)
        return null;
      case 'command':
        if (last) {
          last.command = line.text;
          this.capturing = last;
        }
        return null;
      case 'error': {
        const toc = this.pendingToc;
        this.pendingToc = null;
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
