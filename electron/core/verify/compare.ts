/**
 * Compares what the archive holds with what the target holds, per table and per object kind, and
 * explains the differences the replay made on purpose. Pure: facts in, verdict out.
 */
import type { BlockCount } from './block-rows';
import { showKey, type ArchiveSide, type ArchiveTable } from './archive-facts';
import { applyAcl, grantsDiffer, type AclDefaults } from './grants';
import type { TargetTable } from './target-facts';
import { AZURE_MANAGED_ROLES } from '../replay/roles-managed';
import { OBJECT_KINDS, type ArchiveAcl, type ObjectCheck, type SideFacts, type TableCheck, type TargetAcl, type VerifyContext, type VerifyResult } from './types';

/** Names listed per difference before "…and N more". */
const LIST_LIMIT = 50;

export interface CompareInput {
  archive: SideFacts;
  archiveTables: ArchiveTable[];
  /** Row counts by TABLE DATA dump id. */
  counts: Map<number, BlockCount>;
  populatedMatviews: Set<string>;
  /** The archive's ACL entries, and its comments and ACL entries on kinds not read back. */
  archiveAcl: Record<string, ArchiveAcl>;
  uncompared: ArchiveSide['uncompared'];
  target: SideFacts;
  targetTables: TargetTable[];
  targetAcl: Record<string, TargetAcl>;
  aclDefaults: AclDefaults;
  /** Every role of the target server. */
  targetRoles: Set<string>;
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

/** What one kind's check found; it passes when all lists but `explained` are empty and the counts agree where only counted. */
type Found = Pick<ObjectCheck, 'missing' | 'extra' | 'differs' | 'explained'> & { target?: number; countsDiffer?: boolean };

const quoted = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}…` : text);

/** Extensions of the archive the target may not create (not allow-listed), by name. */
function blockedExtensions(input: CompareInput): Set<string> {
  const allowed = input.context.allowedExtensions;
  if (!allowed) return new Set();
  const ok = new Set(allowed.map((e) => e.toLowerCase()));
  return new Set((input.archive.objects.extensions.names ?? []).map((n) => n.slice(1)).filter((n) => !ok.has(n.toLowerCase())));
}

/** Comments by content: each commented object and its text. */
function compareComments(input: CompareInput): Found {
  const a = input.archive.comments;
  const t = input.target.comments;
  const blocked = blockedExtensions(input);
  const explained: string[] = [];
  const notCreated = Object.keys(a).filter((k) => !(k in t) && k.startsWith('\u0000EXTENSION ') && blocked.has(k.slice('\u0000EXTENSION '.length)));
  if (notCreated.length) explained.push(`comments on extensions not created here (not allow-listed): ${notCreated.map(showKey).join(', ')}`);
  if (input.uncompared.comments.length) explained.push(`comments on objects of kinds this check does not read back, not compared: ${input.uncompared.comments.join(', ')}`);
  return {
    missing: Object.keys(a).filter((k) => !(k in t) && !notCreated.includes(k)).map(showKey),
    extra: Object.keys(t).filter((k) => !(k in a)).map(showKey),
    differs: Object.keys(a).filter((k) => k in t && t[k] !== a[k]).map((k) => `${showKey(k)}: ${quoted(a[k])} in the backup, ${quoted(t[k])} on the target`),
    explained,
  };
}

/** The objects whose privileges name roles the target does not have, by role, with why each is absent. */
function absentRolesNote(absent: Map<string, number>): string {
  const roles = [...absent].sort(([a], [b]) => (a < b ? -1 : 1)).map(([role, n]) => {
    const why = AZURE_MANAGED_ROLES.includes(role) ? 'an Azure-managed role, left out of the roles replay on purpose' : 'not on this server: the roles file was not replayed, or does not create it';
    return `"${role}" (on ${n} object${n === 1 ? '' : 's'}; ${why})`;
  });
  return `privileges granted to roles this server does not have could not be restored (pg_restore reports each one): ${roles.join(', ')}`;
}

/** Privileges by content: each ACL entry of the archive applied to the object's defaults, against what the target holds. */
function compareAcl(input: CompareInput): Found {
  const { archiveAcl, targetAcl, aclDefaults: defaults, context } = input;
  const explained: string[] = [];
  if (input.uncompared.acl.length) explained.push(`ACL entries on objects of kinds this check does not read back, not compared: ${input.uncompared.acl.join(', ')}`);
  const baseOf = (t: TargetAcl) => t.init ?? defaults[t.type];
  // Objects whose privileges are not their defaults: what pg_dump would write an ACL entry for.
  const changed = Object.entries(targetAcl).filter(([, t]) => grantsDiffer(baseOf(t), t.grants) !== '');
  if (context.noPrivileges) {
    const n = input.archive.objects.acl.count;
    if (n) explained.push(`restored with --no-privileges: the archive's ${n} GRANT/REVOKE entr${n === 1 ? 'y was' : 'ies were'} skipped on purpose`);
    return { missing: [], extra: [], differs: [], explained, target: changed.length };
  }
  const differs: string[] = [];
  // A GRANT or REVOKE naming a role the server does not have cannot be restored (pg_restore reports
  // it). Such statements are left out of what the target should hold and said below; as pg_restore
  // runs an object's ACL entry as one statement, the entry's other grants fail with them — a
  // difference that remains then says why.
  const absent = new Map<string, number>();
  const onServer = (grantee: string, owner: string) => grantee === 'PUBLIC' || grantee === owner || input.targetRoles.has(grantee);
  for (const [key, a] of Object.entries(archiveAcl)) {
    const t = targetAcl[key];
    const base = t ? baseOf(t) : defaults[a.type];
    const missingRoles = [...new Set(a.ops.filter((op) => !onServer(op.grantee, a.owner)).map((op) => op.grantee))];
    for (const role of missingRoles) absent.set(role, (absent.get(role) ?? 0) + 1);
    const ops = missingRoles.length ? a.ops.filter((op) => onServer(op.grantee, a.owner)) : a.ops;
    const d = grantsDiffer(applyAcl(base, ops, a.type, a.owner, defaults), t ? t.grants : base);
    if (d) differs.push(`${showKey(key)}: ${d}${missingRoles.length ? ` (its privileges are one statement in the backup, which also grants to ${missingRoles.map((r) => `"${r}"`).join(', ')}: not on this server, so pg_restore could restore none of them — replay the roles first)` : ''}`);
  }
  if (absent.size) explained.push(absentRolesNote(absent));
  const extra = changed.filter(([key]) => !(key in archiveAcl)).map(([key, t]) => `${showKey(key)}: ${grantsDiffer(baseOf(t), t.grants)}`);
  return { missing: [], extra, differs, explained, target: changed.length };
}

/** Objects of a named kind: every name on both sides, and the differences the replay made on purpose. */
function compareNames(input: CompareInput, kind: ObjectCheck['kind']): Found {
  const a = input.archive.objects[kind];
  const t = input.target.objects[kind];
  const explained: string[] = [];
  if (!a.names || !t.names) return { missing: [], extra: [], differs: [], explained, countsDiffer: a.count !== t.count };
  const have = new Set(t.names);
  const had = new Set(a.names);
  let missing = a.names.filter((n) => !have.has(n));
  const extra = t.names.filter((n) => !had.has(n));
  if (kind === 'extensions') {
    const blocked = blockedExtensions(input);
    const skipped = missing.filter((n) => blocked.has(n.slice(1)));
    if (skipped.length) explained.push(`not allow-listed in the server parameter azure.extensions, so not created: ${skipped.map((n) => n.slice(1)).join(', ')}`);
    missing = missing.filter((n) => !skipped.includes(n));
  }
  if (kind === 'tables' && input.context.noOwner) explained.push('restored with --no-owner: every object belongs to the connecting role instead of its owner in the backup');
  return { missing, extra, differs: [], explained };
}

/** One check per object kind. */
export function compareObjects(input: CompareInput): ObjectCheck[] {
  return OBJECT_KINDS.map((kind) => {
    const found = kind === 'comments' ? compareComments(input) : kind === 'acl' ? compareAcl(input) : compareNames(input, kind);
    const ok = found.missing.length === 0 && found.extra.length === 0 && found.differs.length === 0 && !found.countsDiffer;
    return {
      kind, archive: input.archive.objects[kind].count, target: found.target ?? input.target.objects[kind].count, ok,
      missing: limited(found.missing), extra: limited(found.extra), differs: limited(found.differs), explained: found.explained,
    };
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
