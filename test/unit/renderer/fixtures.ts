/** Typed builders for contract objects used by the renderer's store tests (the compiler keeps them in step with the contract). */
import type {
  DatabasePlan, DatabaseProgress, DatabaseResult, ReplayError, ReplayPlan, RestoreSetView, TargetView,
} from '../../../electron/contract';

export function dbPlan(name: string, patch: Partial<DatabasePlan> = {}): DatabasePlan {
  return {
    name, targetName: name, file: `/set/x_database_${name}.sql`, action: 'restore', selected: true, blocked: false, reasons: [],
    exists: false, replaying: false, archiveVersion: '1.14', dataBytes: 1000, client: { path: '/usr/bin/pg_restore', version: '15.18' },
    command: ['pg_restore', '--dbname', name, `/set/x_database_${name}.sql`], prepareSql: [`CREATE DATABASE "${name}"`], noOwner: false, ...patch,
  };
}

export function plan(databases: DatabasePlan[]): ReplayPlan {
  return {
    target: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres', sslmode: 'prefer' },
    source: { folder: '/set', takenAt: '2024-04-10T10:30:46.230Z', markerRaw: '2024-04-10T10:30:46.2303875Z' },
    jobs: 2, psqlPath: '/usr/bin/psql', files: [], databases, warnings: [], clashes: [],
    commands: databases.filter((d) => d.action === 'restore').map((d) => ({ label: `${d.name} → ${d.targetName}`, note: null, lines: [d.command.join(' ')] })),
  };
}

export function progress(name: string, patch: Partial<DatabaseProgress> = {}): DatabaseProgress {
  return {
    name, targetName: name, status: 'running', phase: 'data', itemsDone: 1, itemsTotal: 10, fraction: 0.1, current: [],
    elapsedMs: 100, etaMs: 900, jobs: 1, errors: 0, ...patch,
  };
}

export function result(name: string, patch: Partial<DatabaseResult> = {}): DatabaseResult {
  return { name, targetName: name, status: 'restored', reason: 'Restored.', errors: [], ignoredErrors: 0, exitCode: 0, signal: null, durationMs: 1200, ...patch };
}

export function replayError(category: ReplayError['category'], message: string): ReplayError {
  return { tocId: 7, item: 'TABLE public.orders', message, command: null, category, benign: category === 'benign', explanation: `about ${category}` };
}

export function setView(names: Array<[string, boolean]>, patch: Partial<RestoreSetView> = {}): RestoreSetView {
  return {
    folder: '/set', marker: null, files: [], roles: null, schema: null, tablespaces: null, unknown: [], stillDownloading: [], downloaded: false,
    databases: names.map(([name, system]) => ({
      name, file: `x_database_${name}.sql`, size: 1000, system, systemReason: system ? 'Azure-managed.' : null, archive: null, problem: null, client: null,
    })),
    ...patch,
  };
}

export function targetView(existing: string[]): TargetView {
  return {
    targetId: 't1', kind: 'server', host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres', serverVersion: '15.18',
    checks: [], existingDatabases: existing, needsNoOwner: false, extensionsNotAllowed: [],
  };
}
