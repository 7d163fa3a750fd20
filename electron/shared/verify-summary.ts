/**
 * The one-line verdict of a database's check against its archive, for the CLI, the Replay lane
 * and the Report alike. Pure and isomorphic (the renderer imports it).
 */

/** The parts of a verification result the line needs (structurally the core's VerifyResult). */
export interface VerifyLike {
  ok: boolean;
  tables: { name: string; archiveRows: number | null; targetRows: number | null; ok: boolean; note?: string }[];
  objects: { kind: string; archive: number; target: number; ok: boolean; missing: string[]; extra: string[]; differs: string[]; explained: string[] }[];
  sequences: { checked: number; mismatched: { name: string; archive: string; target: string | null }[] };
  totals: { tables: number; rows: number; indexes: number };
  notes: string[];
}

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;
const rows = (x: number | null) => (x === null ? 'not counted' : n(x));

/** "Verified: 12 tables, 1,284,113 rows, 57 indexes match the backup", or what differs. */
export function verifySummaryLine(v: VerifyLike): string {
  if (v.ok) {
    return `Verified: ${plural(v.totals.tables, 'table')}, ${plural(v.totals.rows, 'row')}, ${plural(v.totals.indexes, 'index', 'indexes')} match the backup`;
  }
  const parts: string[] = [];
  const bad = v.tables.filter((t) => !t.ok);
  if (bad.length) {
    const shown = bad.slice(0, 3).map((t) => `${t.name}: ${rows(t.archiveRows)} in the backup, ${rows(t.targetRows)} on the target`);
    parts.push(`${plural(bad.length, 'table')} differ${bad.length === 1 ? 's' : ''} (${shown.join('; ')}${bad.length > 3 ? '; …' : ''})`);
  }
  for (const o of v.objects.filter((x) => !x.ok)) {
    // A difference reads "OBJECT: what differs"; the line names the objects.
    const differing = o.differs.map((d) => d.split(': ')[0]);
    const what = o.missing.length || o.extra.length || o.differs.length
      ? [o.missing.length ? `${o.missing.length} missing (${o.missing.slice(0, 3).join(', ')})` : '', o.extra.length ? `${o.extra.length} extra` : '',
        o.differs.length ? `${o.differs.length} different (${differing.slice(0, 3).join(', ')})` : ''].filter(Boolean).join(', ')
      : `${n(o.archive)} in the backup, ${n(o.target)} on the target`;
    parts.push(`${o.kind}: ${what}`);
  }
  if (v.sequences.mismatched.length) parts.push(`${plural(v.sequences.mismatched.length, 'sequence')} with another value (${v.sequences.mismatched.slice(0, 3).map((s) => s.name).join(', ')})`);
  if (!parts.length && v.notes.length) parts.push(v.notes[0]);
  return `Not verified: ${parts.join('; ')}`;
}

/** One row of a verification table: what, backup against target, and the detail of a difference. */
export interface CheckRow {
  name: string;
  archive: number | null;
  target: number | null;
  ok: boolean;
  detail: string;
}

/** The rows of the two tables the Report shows (Markdown and the app alike): per table, and per object kind with sequence values. */
export function verifyRows(v: VerifyLike): { tables: CheckRow[]; objects: CheckRow[] } {
  const tables = v.tables.map((t) => ({ name: t.name, archive: t.archiveRows, target: t.targetRows, ok: t.ok, detail: t.note ?? '' }));
  const objects = v.objects.map((o) => ({
    name: o.kind, archive: o.archive, target: o.target, ok: o.ok,
    detail: [o.missing.length ? `missing: ${o.missing.join(', ')}` : '', o.extra.length ? `not in the backup: ${o.extra.join(', ')}` : '',
      o.differs.length ? `different: ${o.differs.join('; ')}` : '', ...o.explained].filter(Boolean).join('; '),
  }));
  const bad = v.sequences.mismatched;
  objects.push({
    name: 'sequence values', archive: v.sequences.checked, target: v.sequences.checked - bad.length, ok: bad.length === 0,
    detail: bad.map((q) => `${q.name}: ${q.archive} vs ${q.target ?? 'missing'}`).join('; '),
  });
  return { tables, objects };
}
