/**
 * Compares what the archive holds with what the target holds, per table and per object kind, and
 * explains the differences the replay made on purpose. Pure: facts in, verdict out.
 */
import type { BlockCount } from './block-rows';
import type { ArchiveTable } from './archive-facts';
import type { TargetTable } from './target-facts';
import { OBJECT_KINDS, type ObjectCheck, type SideFacts, type TableCheck, type VerifyContext, type VerifyResult } from './types';

/** Names listed per difference before "…and N more". */
const LIST_LIMIT = 50;

export interface CompareInput {
  archive: SideFacts;
  archiveTables: ArchiveTable[];
  /** Row counts by TABLE DATA dump id. */
  counts: Map<number, BlockCount>;
  populatedMatviews: Set<string>;
  target: SideFacts;
  targetTables: TargetTable[];
  context: VerifyContext;
}

const key = (schema: string, name: string) => `${schema}.${name}`;

function limited(list: string[]): string[] {
  return list.length <= LIST_LIMIT ? list : [...list.slice(0, LIST_LIMIT), `…and ${list.length - LIST_LIMIT} more`];
}

/** One check per table of the archive, and per materialized view. */
export function compareTables(input: CompareInput): TableCheck[] {
  const onTarget = new Map(input.targetTables.map((t) => [key(t.schema, t.name), t]));
  const checks: TableCheck[] = [];
  for (const a of input.archiveTables) {
    const name = key(a.schema, a.name);
    const t = onTarget.get(name);
    let archiveRows: number | null = 0;
    let note: string | undefined;
    if (a.data) {
      const c = input.counts.get(a.data.dumpId);
      if (a.data.copy === false) {
        archiveRows = null;
        note = 'the archive holds this data as INSERT statements (pg_dump --inserts); rows not counted';
      } else if (!c) {
        archiveRows = null;
        note = 'rows in the archive not counted (the count was stopped)';
      } else if (c.count === null) {
        archiveRows = null;
        note = `rows in the archive not counted: ${c.problem}`;
      } else archiveRows = c.count;
    }
    if (!t || t.relkind === 'm') {
      checks.push({ name, archiveRows, targetRows: null, ok: false, note: 'the table is missing on the target' });
      continue;
    }
    if (t.relkind === 'p' && !a.data) {
      checks.push({ name, archiveRows: null, targetRows: null, ok: true, note: 'partitioned table: no rows of its own; its partitions are counted one by one' });
      continue;
    }
    if (!a.data) note = 'no data in the archive for this table';
    if (t.rows === null) {
      checks.push({ name, archiveRows, targetRows: null, ok: false, note: `not counted on the target: ${t.skipped ?? 'unknown reason'}` });
      continue;
    }
    const ok = archiveRows !== null && archiveRows === t.rows;
    if (archiveRows !== null && !ok) note = `${archiveRows - t.rows > 0 ? archiveRows - t.rows : t.rows - archiveRows} row(s) ${archiveRows > t.rows ? 'missing on' : 'more on'} the target`;
    checks.push({ name, archiveRows, targetRows: t.rows, ok, ...(note ? { note } : {}) });
  }
  // Materialized views: the archive holds their query, not their rows; REFRESH recomputes them.
  for (const t of input.targetTables.filter((x) => x.relkind === 'm')) {
    const name = key(t.schema, t.name);
    const wanted = input.populatedMatviews.has(name);
    const ok = wanted === t.populated;
    const note = !wanted
      ? (t.populated ? 'materialized view is populated, but the archive has it WITH NO DATA' : 'materialized view restored WITH NO DATA, as it was in the backup (REFRESH MATERIALIZED VIEW fills it)')
      : (t.populated ? `materialized view: rows recomputed by REFRESH on restore (the archive holds its query, not its rows)` : 'materialized view was not refreshed on restore (its REFRESH failed?)');
    checks.push({ name, archiveRows: null, targetRows: t.rows, ok, note });
  }
  return checks;
}

/** One check per object kind. */
export function compareObjects(input: CompareInput): ObjectCheck[] {
  const { archive, target, context } = input;
  return OBJECT_KINDS.map((kind) => {
    const a = archive.objects[kind];
    const t = target.objects[kind];
    const explained: string[] = [];
    let missing: string[] = [];
    let extra: string[] = [];
    if (a.names && t.names) {
      const have = new Set(t.names);
      const had = new Set(a.names);
      missing = a.names.filter((n) => !have.has(n));
      extra = t.names.filter((n) => !had.has(n));
    }
    if (kind === 'extensions' && context.allowedExtensions) {
      const allowed = new Set(context.allowedExtensions.map((e) => e.toLowerCase()));
      const blocked = missing.filter((n) => !allowed.has(n.slice(1).toLowerCase()));
      if (blocked.length) explained.push(`not allow-listed in the server parameter azure.extensions, so not created: ${blocked.map((n) => n.slice(1)).join(', ')}`);
      missing = missing.filter((n) => !blocked.includes(n));
    }
    let ok = missing.length === 0 && extra.length === 0 && (a.names !== null || a.count === t.count);
    if (kind === 'acl' && context.noPrivileges && t.count < a.count) {
      explained.push(`restored with --no-privileges: the archive's ${a.count} GRANT/REVOKE entr${a.count === 1 ? 'y was' : 'ies were'} skipped on purpose`);
      ok = true;
    }
    if (kind === 'tables' && context.noOwner) explained.push('restored with --no-owner: every object belongs to the connecting role instead of its owner in the backup');
    return { kind, archive: a.count, target: t.count, ok, missing: limited(missing), extra: limited(extra), explained };
  });
}

/** Sequence values: every SEQUENCE SET of the archive must hold on the target. */
export function compareSequences(input: CompareInput): VerifyResult['sequences'] {
  const mismatched: VerifyResult['sequences']['mismatched'] = [];
  const entries = Object.entries(input.archive.sequences);
  for (const [name, value] of entries) {
    const got = input.target.sequences[name] ?? null;
    if (got !== value) mismatched.push({ name, archive: value, target: got });
  }
  return { checked: entries.length, mismatched };
}

/** The whole verdict (durations and row-count facts filled in by the caller). */
export function compare(input: CompareInput): Omit<VerifyResult, 'durationMs' | 'rowCount' | 'notes'> {
  const tables = compareTables(input);
  const objects = compareObjects(input);
  const sequences = compareSequences(input);
  const ok = tables.every((t) => t.ok) && objects.every((o) => o.ok) && sequences.mismatched.length === 0;
  const counted = tables.filter((t) => !t.note?.startsWith('materialized view'));
  return {
    ok, tables, objects, sequences,
    totals: { tables: counted.length, rows: counted.reduce((s, t) => s + (t.targetRows ?? 0), 0), indexes: input.target.objects.indexes.count },
  };
}
