/** Pure conversions from an inspection to what the contract lets the renderer see. */
import { join } from 'node:path';
import type { ArchiveContents, ArchiveSummary, InspectedDatabase, RestoreFile, RestoreSetView } from '../../contract';
import type { ArchiveInfo } from '../../core/archive/types';
import type { Inspection } from '../../core/inspect';
import type { FolderDownload } from '../../core/azure/download/ready-files';
import { SYSTEM_DATABASES } from '../../core/restore-set/types';
import { problemView } from '../problem';

/** An archive's facts without its entry list. */
export function archiveSummary(a: ArchiveInfo): ArchiveSummary {
  const { entries, tables, ...rest } = a;
  return { ...rest, entryCount: a.listedEntries ?? entries.length, tableCount: tables.length };
}

/** The restore set as the Restore set screen shows it. `markerSize` is the marker file's size. */
export function restoreSetView(i: Inspection, markerSize: number | null, download: Pick<FolderDownload, 'downloaded' | 'pending'> = { downloaded: false, pending: [] }): RestoreSetView {
  const s = i.set;
  const databases: InspectedDatabase[] = s.databases.map((f) => {
    const archive = i.archives.get(f.file);
    const problem = i.problems.get(f.file);
    const client = i.clients.get(f.file);
    const name = f.database ?? f.file;
    return {
      name, file: f.file, size: f.size,
      system: SYSTEM_DATABASES.has(name), systemReason: SYSTEM_DATABASES.get(name) ?? null,
      archive: archive ? archiveSummary(archive) : null,
      problem: problem ? problemView(problem) : null,
      client: client ? { path: client.path, version: client.version } : null,
    };
  });
  const marker: RestoreFile[] = s.marker
    ? [{ file: s.marker.file, path: join(s.folder, s.marker.file), size: markerSize ?? s.marker.raw.length, kind: 'marker' }]
    : [];
  const files = [...marker, ...s.databases, ...[s.roles, s.schema, s.tablespaces].filter((f): f is RestoreFile => f !== null), ...s.unknown]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    folder: s.folder, marker: s.marker, files, databases,
    roles: s.roles, schema: s.schema, tablespaces: s.tablespaces, unknown: s.unknown, stillDownloading: download.pending.map((p) => p.file), downloaded: download.downloaded,
  };
}

/** One dump's contents grouped by schema, for the database detail view. */
export function archiveContents(file: string, a: ArchiveInfo): ArchiveContents {
  const bySchema = new Map<string, ArchiveContents['schemas'][number]>();
  const global: Record<string, number> = {};
  const schemaOf = (name: string) => {
    let s = bySchema.get(name);
    if (!s) bySchema.set(name, (s = { name, counts: {}, tables: [] }));
    return s;
  };
  for (const name of a.schemas) schemaOf(name);
  for (const e of a.entries) {
    const counts = e.schema ? schemaOf(e.schema).counts : global;
    counts[e.desc] = (counts[e.desc] ?? 0) + 1;
  }
  for (const t of a.tables) schemaOf(t.schema).tables.push(t);
  for (const s of bySchema.values()) s.tables.sort((x, y) => (y.dataSize ?? -1) - (x.dataSize ?? -1) || x.name.localeCompare(y.name));
  const schemas = [...bySchema.values()].sort((x, y) => x.name.localeCompare(y.name));
  return { file, schemas, global, extensions: a.extensions, owners: a.owners };
}

