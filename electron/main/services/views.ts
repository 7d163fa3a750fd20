/** Pure conversions from the engine's results to what the contract lets the renderer see. */
import { join } from 'node:path';
import type {
  ArchiveContents, ArchiveSummary, InspectedDatabase, PreflightCheck, ProblemView, RestoreFile, RestoreSetView, TargetView,
} from '../../contract';
import type { ArchiveInfo } from '../../core/archive/types';
import type { ClientTool } from '../../core/binaries/types';
import { UserError } from '../../core/errors';
import type { Inspection } from '../../core/inspect';
import { SYSTEM_DATABASES } from '../../core/restore-set/types';
import type { PreflightResult, TargetConnection } from '../../core/target/types';

/** A UserError as it crosses IPC: no details (they may hold paths or server text meant for logs). */
export function problemView(err: UserError): ProblemView {
  return { code: err.code, message: err.message, hint: err.hint };
}

/** An archive's facts without its entry list. */
export function archiveSummary(a: ArchiveInfo): ArchiveSummary {
  const { entries, tables, ...rest } = a;
  return { ...rest, entryCount: a.listedEntries ?? entries.length, tableCount: tables.length };
}

/** The restore set as the Restore set screen shows it. `markerSize` is the marker file's size. */
export function restoreSetView(i: Inspection, markerSize: number | null): RestoreSetView {
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
    roles: s.roles, schema: s.schema, tablespaces: s.tablespaces, unknown: s.unknown,
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

/** A pre-flight line for the client tools, which the server checks cannot know about. */
export function clientToolsCheck(tools: ClientTool[], inspection: Inspection | null): PreflightCheck {
  const restores = tools.filter((t) => t.name === 'pg_restore');
  const psql = tools.filter((t) => t.name === 'psql');
  const names = (list: ClientTool[]) => [...new Set(list.map((t) => t.version))].join(', ');
  if (restores.length === 0 || psql.length === 0) {
    const missing = [restores.length ? null : 'pg_restore', psql.length ? null : 'psql'].filter(Boolean).join(' and ');
    return {
      id: 'client-tools', label: 'Client tools', status: 'fail', detail: `No ${missing} found on this computer.`,
      fix: 'Install the PostgreSQL client tools, or point Settings → Client tools to a folder holding pg_restore and psql.',
    };
  }
  const unreadable = inspection ? [...inspection.clients].filter(([file, c]) => c === null && inspection.archives.has(file)) : [];
  const problems = inspection ? [...inspection.problems.entries()].filter(([, e]) => e.code === 'client-too-old' || e.code === 'no-client') : [];
  const stuck = [...new Set([...unreadable.map(([f]) => f), ...problems.map(([f]) => f)])];
  if (stuck.length) {
    return {
      id: 'client-tools', label: 'Client tools', status: 'fail',
      detail: `No pg_restore here reads ${stuck.length === 1 ? `"${stuck[0]}"` : `${stuck.length} of the dumps`} (found pg_restore ${names(restores)}).`,
      fix: problems[0]?.[1].hint ?? 'Install newer PostgreSQL client tools, or point Settings → Client tools to them.',
    };
  }
  return { id: 'client-tools', label: 'Client tools', status: 'ok', detail: `pg_restore ${names(restores)}; psql ${names(psql)}.` };
}

/** The checked target for the renderer: an opaque id, never the password. */
export function targetView(targetId: string, kind: 'server' | 'sandbox', conn: TargetConnection, r: PreflightResult, extra: PreflightCheck[], dataDir?: string): TargetView {
  return {
    targetId, kind, host: conn.host, port: conn.port, user: conn.user, database: conn.database ?? 'postgres',
    serverVersion: r.serverVersion,
    checks: [...r.checks.map((c) => ({ id: c.id, label: c.label, status: c.status, detail: c.detail, ...(c.fix ? { fix: c.fix } : {}) })), ...extra],
    existingDatabases: r.existingDatabases,
    needsNoOwner: r.needsNoOwner,
    ...(dataDir ? { dataDir } : {}),
  };
}
