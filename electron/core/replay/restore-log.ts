/**
 * Turns one line of `pg_restore --verbose` stderr into a typed event. Pure; tested with real
 * captured lines. Parallel workers write to the same stderr, so fragments of two messages can
 * share a line ("pg_restore:pg_restore: processing data…"): every pattern is searched anywhere
 * in the line, never anchored to its start.
 */
export type RestoreLine =
  | { kind: 'processing'; id: number; label: string }
  | { kind: 'launching'; id: number; label: string }
  | { kind: 'finished'; id: number; label: string }
  | { kind: 'creating'; desc: string; name: string }
  | { kind: 'data'; name: string }
  | { kind: 'main-loop'; state: 'enter' | 'exit' }
  | { kind: 'toc-entry'; id: number; label: string }
  | { kind: 'error'; message: string }
  | { kind: 'warning'; message: string }
  | { kind: 'ignored'; count: number }
  | { kind: 'command'; text: string }
  | { kind: 'other'; text: string };

const ITEM = /(processing|launching|finished) item (\d+) (.*)$/;
const CREATING = /creating ([A-Z][A-Z ]*?) "(.*)"$/;
const DATA = /processing data for table "(.*)"$/;
const TOC = /from TOC entry (\d+); \d+ \d+ (.*)$/;
const IGNORED = /warning: errors ignored on restore: (\d+)/;
const ERROR = /pg_restore: error: (.*)$/;
const WARNING = /pg_restore: warning: (.*)$/;

/** Parses one stderr line (without its newline). */
export function parseRestoreLine(line: string): RestoreLine {
  let m: RegExpExecArray | null;
  if ((m = IGNORED.exec(line))) return { kind: 'ignored', count: Number(m[1]) };
  if ((m = TOC.exec(line))) return { kind: 'toc-entry', id: Number(m[1]), label: m[2] };
  if ((m = ERROR.exec(line))) return { kind: 'error', message: m[1] };
  if ((m = WARNING.exec(line))) return { kind: 'warning', message: m[1] };
  if ((m = ITEM.exec(line))) {
    const kind = m[1] as 'processing' | 'launching' | 'finished';
    return { kind, id: Number(m[2]), label: m[3] };
  }
  if (line.includes('entering main parallel loop')) return { kind: 'main-loop', state: 'enter' };
  if (line.includes('finished main parallel loop')) return { kind: 'main-loop', state: 'exit' };
  if ((m = DATA.exec(line))) return { kind: 'data', name: m[1] };
  if ((m = CREATING.exec(line))) return { kind: 'creating', desc: m[1], name: m[2] };
  if (line.startsWith('Command was: ')) return { kind: 'command', text: line.slice('Command was: '.length) };
  return { kind: 'other', text: line };
}
