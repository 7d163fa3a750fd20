/** Derived views of a TOC: counts by kind, tables with their data sizes, extensions, owners, schemas. */
import type { ArchiveInfo, TableInfo, TocEntry } from './types';

const key = (schema: string, name: string) => `${schema}\u0000${name}`;

/**
 * Tables: every TABLE entry, with the size of its TABLE DATA block. The data entry is matched by
 * dependency (pg_dump makes TABLE DATA depend on its TABLE), else by schema and name. TABLE DATA
 * entries without a TABLE (data-only dumps) are listed too.
 */
export function tablesOf(entries: TocEntry[]): TableInfo[] {
  const tables = new Map<number, TocEntry>();
  const data: TocEntry[] = [];
  for (const e of entries) {
    if (e.desc === 'TABLE') tables.set(e.dumpId, e);
    else if (e.desc === 'TABLE DATA') data.push(e);
  }
  const dataFor = new Map<number, TocEntry>();
  const byName = new Map<string, TocEntry>();
  for (const d of data) {
    const owner = d.dependencies.find((id) => tables.has(id) && !dataFor.has(id));
    if (owner !== undefined) dataFor.set(owner, d);
    else byName.set(key(d.schema, d.tag), d);
  }
  const result: TableInfo[] = [];
  for (const t of tables.values()) {
    let d = dataFor.get(t.dumpId);
    if (!d && byName.size > 0) {
      d = byName.get(key(t.schema, t.tag));
      if (d) byName.delete(key(t.schema, t.tag));
    }
    result.push({ schema: t.schema, name: t.tag, owner: t.owner, dataSize: d?.dataSize ?? null, dataDumpId: d?.dumpId ?? null });
  }
  for (const d of byName.values()) {
    result.push({ schema: d.schema, name: d.tag, owner: d.owner, dataSize: d.dataSize, dataDumpId: d.dumpId });
  }
  return result;
}

function sorted(values: Set<string>): string[] {
  values.delete('');
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The derived fields of ArchiveInfo. */
export function summarize(entries: TocEntry[]): Pick<ArchiveInfo, 'counts' | 'tables' | 'extensions' | 'owners' | 'schemas' | 'dataBytes' | 'listedEntries'> {
  const counts = new Map<string, number>();
  const extensions = new Set<string>();
  const owners = new Set<string>();
  const schemas = new Set<string>();
  let dataBytes = 0;
  for (const e of entries) {
    counts.set(e.desc, (counts.get(e.desc) ?? 0) + 1);
    if (e.dataSize !== null) dataBytes += e.dataSize;
    if (e.desc === 'EXTENSION') extensions.add(e.tag);
    else if (e.desc === 'SCHEMA') schemas.add(e.tag);
    owners.add(e.owner);
    schemas.add(e.schema);
  }
  return {
    counts: Object.fromEntries(counts),
    tables: tablesOf(entries),
    extensions: sorted(extensions),
    owners: sorted(owners),
    schemas: sorted(schemas),
    dataBytes,
    listedEntries: entries.filter(restoredIntoExistingDatabase).length,
  };
}

const SPECIAL = new Set(['ENCODING', 'STDSTRINGS', 'SEARCHPATH', 'DATABASE', 'DATABASE PROPERTIES']);
const ON_DATABASE = new Set(['COMMENT', 'SECURITY LABEL', 'ACL']);

/**
 * Whether pg_restore restores this entry into an existing database (no --create), which is also
 * what `pg_restore -l` lists: the encoding/search-path settings and the database's own entries
 * (and comments, labels, grants on it) belong to --create only.
 */
export function restoredIntoExistingDatabase(e: Pick<TocEntry, 'desc' | 'tag'>): boolean {
  if (SPECIAL.has(e.desc)) return false;
  return !(ON_DATABASE.has(e.desc) && e.tag.startsWith('DATABASE '));
}
