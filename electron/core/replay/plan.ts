/**
 * Decides what a replay will do and says why, before anything runs: which files and databases,
 * under which names, with how many workers, with which client, with or without owners. Pure.
 */
import { SYSTEM_DATABASES } from '../restore-set/types';
import type { Inspection } from '../inspect';
import { COSTS, estimateWork } from './cost-model';
import { restoreArgs } from './restore-command';
import type { DatabasePlan, FilePlan, NameClash, ReplayOptions, ReplayPlan } from './types';
import { psqlArgs } from './run-sql-file';
import { scheduleReplay } from './schedule';
import { planCommands, SAFE_ROLES_FILE } from './replay-script';
import { createDatabaseSql, dropDatabaseSql } from './target-database';
import { nameTooLong, undroppableReason } from '../../shared/existing-databases';
import type { DatabaseSessions } from '../target/types';
import { dataPasses } from './data-groups';
import { UserError } from '../errors';

/** What the planner needs to know about the target (from the pre-flight). */
export interface TargetFacts {
  host: string;
  port: number;
  user: string;
  database: string;
  sslmode: string;
  existingDatabases: string[];
  /** Other sessions connected to each database (pre-flight): another replay's guards, the rest. */
  sessions: Record<string, DatabaseSessions>;
  isSuperuser: boolean;
  /** The user cannot become the objects' owners (not superuser, not a member of them). */
  needsNoOwner: boolean;
  psqlPath: string | null;
}

/** What a replace does to the sessions connected to the database it drops (target-database.ts). */
function sessionsNote(others: number, facts: TargetFacts): string {
  if (others === 0) return '';
  const n = others === 1 ? '1 other session is' : `${others} other sessions are`;
  return facts.isSuperuser
    ? ` ${n} connected to it and will be disconnected.`
    : ` ${n} connected to it: those of "${facts.user}" will be ended, and the drop waits up to 60 s for the others.`;
}

const SCHEMA_REASON = 'Off by default: it repeats what each database dump already holds, and Microsoft advises not to run it.';
const TABLESPACES_REASON = 'Off by default: Azure Database for PostgreSQL Flexible Server has no custom tablespaces.';

function filePlan(kind: FilePlan['kind'], file: string | null, wanted: boolean, offReason: string, psqlPath: string | null): FilePlan {
  if (!file) return { kind, file: null, action: 'skip', reasons: ['Not in this restore set.'], command: [] };
  if (!wanted) return { kind, file, action: 'skip', reasons: [offReason], command: [] };
  if (!psqlPath) return { kind, file, action: 'skip', reasons: ['No psql was found: install the PostgreSQL client tools or set their folder.'], command: [] };
  const reasons = kind === 'roles'
    ? ['Runs first, made safe for Flexible Server: Azure-managed roles and the connecting role skipped, SUPERUSER/REPLICATION/BYPASSRLS and GRANTED BY removed, existing roles tolerated.']
    : ['Runs as written, on request.'];
  // The roles file runs as its Flexible-safe copy, never as written.
  return { kind, file, action: 'run', reasons, command: [psqlPath, ...psqlArgs(kind === 'roles' ? SAFE_ROLES_FILE : file)] };
}

/**
 * The database names a request selects, in the set's order. A name the set does not hold (a typo,
 * another case) is refused before anything runs: it used to select nothing, run the roles file and
 * end "Done" with exit 0.
 */
export function selectedDatabases(inspection: Inspection, options: Pick<ReplayOptions, 'databases'>): Set<string> {
  const all = inspection.set.databases.map((d) => d.database!);
  if (options.databases) {
    const missing = options.databases.filter((n) => !all.includes(n));
    if (missing.length) {
      const near = missing.map((n) => all.find((a) => a.toLowerCase() === n.toLowerCase())).filter((a) => a !== undefined);
      throw new UserError('bad-argument',
        `This restore set holds no database ${missing.map((n) => `"${n}"`).join(', ')}${near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(', ')}? names are case-sensitive)` : ''}. Nothing was changed.`,
        `Name databases as the set holds them: ${all.map((n) => `"${n}"`).join(', ')} (pgflex-restore inspect lists them).`, { missing });
    }
    return new Set(all.filter((n) => options.databases!.includes(n)));
  }
  return new Set(all.filter((n) => !SYSTEM_DATABASES.has(n)));
}

/**
 * Whether each database's pre-data gets a pg_restore pass of its own, run outside the worker
 * budget while other databases load data. Not with --single-transaction: that is one pass by nature.
 */
export function splitsPreData(options: Pick<ReplayOptions, 'singleTransaction'>): boolean {
  return !options.singleTransaction;
}

/**
 * Target names that two or more restored databases would share ("crm" renamed to "shop" while
 * "shop" is restored too): the second would overwrite the first, so the plan refuses them.
 */
export function nameClashes(databases: readonly Pick<DatabasePlan, 'name' | 'targetName' | 'action'>[]): NameClash[] {
  const byTarget = new Map<string, string[]>();
  for (const d of databases) {
    if (d.action !== 'restore') continue;
    byTarget.set(d.targetName, [...(byTarget.get(d.targetName) ?? []), d.name]);
  }
  return [...byTarget].filter(([, sources]) => sources.length > 1).map(([targetName, sources]) => ({ targetName, sources }));
}

/** Builds the plan. */
export function buildPlan(inspection: Inspection, options: ReplayOptions, facts: TargetFacts): ReplayPlan {
  const selected = selectedDatabases(inspection, options);
  const warnings: string[] = [];
  const archiveOf = new Map<string, NonNullable<ReturnType<Inspection['archives']['get']>>>();
  const databases: DatabasePlan[] = inspection.set.databases.map((f) => {
    const name = f.database!;
    const archive = inspection.archives.get(f.file) ?? null;
    if (archive) archiveOf.set(name, archive);
    const client = inspection.clients.get(f.file) ?? null;
    const targetName = options.rename[name] ?? name;
    const exists = facts.existingDatabases.includes(targetName);
    const sessions = facts.sessions[targetName] ?? { replaying: 0, others: 0 };
    const replaying = exists && sessions.replaying > 0;
    const noOwner = options.owner === 'no-owner' || (options.owner === 'auto' && facts.needsNoOwner);
    const base: DatabasePlan = {
      name, targetName, file: f.path, action: 'skip', selected: selected.has(name), blocked: false, reasons: [], exists, replaying,
      archiveVersion: archive?.archiveVersion ?? null, dataBytes: archive?.dataBytes ?? f.size,
      client: client ? { path: client.path, version: client.version } : null, command: [], prepareSql: [], noOwner,
    };
    const system = SYSTEM_DATABASES.get(name);
    if (!selected.has(name)) {
      base.reasons.push(system ? `${system} Skipped by default; restorable on explicit request.` : 'Not selected.');
      return base;
    }
    if (system && !options.includeSystem) {
      base.reasons.push(`${system} Named explicitly, but system databases also need "include system databases".`);
      return base;
    }
    const problem = inspection.problems.get(f.file);
    if (problem || !archive || !client) {
      base.reasons.push(problem ? `${problem.message} ${problem.hint}` : 'The archive could not be read.');
      warnings.push(`${name}: ${base.reasons.join(' ')}`);
      base.blocked = true;
      return base;
    }
    if (exists && options.existing === 'skip') {
      base.reasons.push(`"${targetName}" already exists on the target; skipped as asked.`);
      return base;
    }
    base.action = 'restore';
    const tooLong = nameTooLong(targetName);
    if (tooLong) base.reasons.push(`${tooLong}: the replay will not start until it is renamed.`);
    const undroppable = exists && options.existing === 'replace' ? undroppableReason(targetName, facts.database, replaying) : null;
    if (undroppable) base.reasons.push(`${undroppable}: the replay will not start until it is renamed or skipped${replaying ? ', or the other replay ends' : ''}.`);
    else if (exists && options.existing === 'replace') base.reasons.push(`"${targetName}" exists and will be dropped and recreated, as asked.${sessionsNote(sessions.others, facts)}`);
    if (exists && options.existing === 'fail') base.reasons.push(`"${targetName}" already exists: the replay will not start until it is renamed, skipped or replaced.`);
    if (targetName !== name) base.reasons.push(`Restored under the new name "${targetName}".`);
    if (noOwner) base.reasons.push(options.owner === 'no-owner'
      ? 'Objects will belong to the connecting user (--no-owner, as asked).'
      : `Objects will belong to "${facts.user}" (--no-owner): the original owners are missing on the target or "${facts.user}" cannot act as them.`);
    return base;
  });

  const clashes = nameClashes(databases);
  for (const c of clashes) {
    for (const d of databases.filter((x) => x.action === 'restore' && x.targetName === c.targetName)) {
      const others = c.sources.filter((n) => n !== d.name).map((n) => `"${n}"`).join(', ');
      d.reasons.unshift(`"${c.targetName}" is also the target name of ${others}: two databases cannot be restored into one. Give each its own name.`);
    }
  }

  const set = inspection.set;
  const roles = filePlan('roles', set.roles?.path ?? null, options.roles, 'Turned off.', facts.psqlPath);
  const restoring = databases.filter((d) => d.action === 'restore');
  const schedule = scheduleReplay({
    budget: options.jobs,
    databases: restoring.map((d) => ({
      ...estimateWork(d.name, archiveOf.get(d.name)!),
      maxJobs: options.singleTransaction ? 1 : undefined,
    })),
    // A roles file is a few hundred statements at most; pre-data waits for it (see engine.ts).
    rolesMs: roles.action === 'run' ? COSTS.restoreStartMs + (set.roles?.size ?? 0) / 100 * COSTS.preDataEntryMs : 0,
  });
  const byName = new Map(restoring.map((d) => [d.name, d]));
  for (const s of schedule.databases) {
    const d = byName.get(s.name)!;
    const args = { file: d.file, targetName: d.targetName, jobs: s.jobs, noOwner: d.noOwner, noPrivileges: options.noPrivileges, singleTransaction: options.singleTransaction };
    // The scheduler splits only where pre-data has a pass of its own (never with --single-transaction).
    const split = splitsPreData(options) ? s.split : null;
    if (split) {
      d.preDataCommand = [d.client!.path, ...restoreArgs({ ...args, sections: ['pre-data'] })];
      d.dataCommands = dataPasses(archiveOf.get(d.name)!, split.groups, s.order + 1).map((p) => ({
        ...p, command: [d.client!.path, ...restoreArgs({ ...args, jobs: 1, sections: ['data'], list: p.listFile })],
      }));
      d.command = [d.client!.path, ...restoreArgs({ ...args, sections: ['post-data'] })];
    } else if (splitsPreData(options)) {
      d.preDataCommand = [d.client!.path, ...restoreArgs({ ...args, sections: ['pre-data'] })];
      d.command = [d.client!.path, ...restoreArgs({ ...args, sections: ['data', 'post-data'] })];
    } else {
      d.command = [d.client!.path, ...restoreArgs(args)];
    }
    d.prepareSql = [...(d.exists && options.existing === 'replace' ? [dropDatabaseSql(d.targetName)] : []), createDatabaseSql(d.targetName)];
    d.schedule = { order: s.order + 1, jobs: s.jobs, split, startMs: Math.round(s.startMs), endMs: Math.round(s.endMs), why: s.why };
  }

  const plan: Omit<ReplayPlan, 'commands'> = {
    target: { host: facts.host, port: facts.port, user: facts.user, database: facts.database, sslmode: facts.sslmode },
    source: { folder: set.folder, takenAt: set.marker?.takenAt ?? null, markerRaw: set.marker?.raw ?? null },
    jobs: options.jobs,
    ...(restoring.length ? { estimatedMs: Math.round(schedule.makespanMs) } : {}),
    psqlPath: facts.psqlPath,
    clashes,
    files: [
      roles,
      filePlan('schema', set.schema?.path ?? null, options.schemaFile, SCHEMA_REASON, facts.psqlPath),
      filePlan('tablespaces', set.tablespaces?.path ?? null, options.tablespacesFile, TABLESPACES_REASON, facts.psqlPath),
    ],
    databases,
    warnings,
  };
  return { ...plan, commands: planCommands(plan) };
}
