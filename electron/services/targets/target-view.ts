/** Pure conversions from a pre-flight to the checked target the renderer may see. */
import type { PreflightCheck, TargetView } from '../../contract';
import type { ClientTool } from '../../core/binaries/types';
import type { Inspection } from '../../core/inspect';
import type { PreflightResult, TargetConnection } from '../../core/target/types';

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
    extensionsNotAllowed: r.extensionsNotAllowed,
    ...(dataDir ? { dataDir } : {}),
  };
}
