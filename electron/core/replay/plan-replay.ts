/**
 * Planning a replay: the defaults, the target's facts asked once, the plan built from them, and
 * the guarded plain-SQL files exactly as the replay (engine.ts) will run them.
 */
import { availableParallelism } from 'node:os';
import { choosePsql } from '../binaries/choose';
import type { ClientTool } from '../binaries/types';
import { DEFAULT_REPLAY_CHOICES, MAX_JOBS } from '../../shared/replay-options';
import { readRegularText } from '../regular-file';
import type { Inspection } from '../inspect';
import { preflight } from '../target/preflight';
import type { PreflightInput, PreflightResult, TargetConnection } from '../target/types';
import { buildPlan, type TargetFacts } from './plan';
import { assertPlanUnchanged } from './plan-files';
import { preflightInput } from './preflight-input';
import { rolesSanitizeOptions } from './sanitizer-options';
import { prepareSqlFile, type PreparedScript } from './sql-script-guard';
import type { FileResult, ReplayOptions, ReplayPlan } from './types';

export interface ReplayInput {
  inspection: Inspection;
  target: TargetConnection;
  options: ReplayOptions;
  tools: ClientTool[];
  /** How to ask the target for its facts; default a fresh pre-flight (the app passes its per-target cache when planning). */
  preflight?: (target: TargetConnection, input: PreflightInput) => Promise<PreflightResult>;
}

/** The options a user gets without saying anything. */
export function defaultOptions(): ReplayOptions {
  return { ...DEFAULT_REPLAY_CHOICES, jobs: Math.min(availableParallelism(), MAX_JOBS), rename: {} };
}

/** Asks the target what the plan depends on, then plans. */
export async function planReplay(input: ReplayInput): Promise<ReplayPlan> {
  return (await planWithFacts(input)).plan;
}

/**
 * The plan with the pre-flight facts it was made from (the replay keeps them for its checks).
 * Refused ('set-changed') when a file it reads changed on disk since the folder was read: what was
 * inspected and shown is what runs.
 */
export async function planWithFacts(input: ReplayInput): Promise<{ plan: ReplayPlan; target: PreflightResult }> {
  const { inspection, target, options } = input;
  const result = await (input.preflight ?? preflight)(target, preflightInput(inspection, options));
  const psql = choosePsql(input.tools);
  const facts: TargetFacts = {
    host: target.host, port: target.port, user: target.user, database: target.database ?? 'postgres',
    sslmode: target.sslmode ?? 'prefer', existingDatabases: result.existingDatabases, sessions: result.sessions, isSuperuser: result.isSuperuser,
    // Owners that do not exist yet can only be given their objects if the roles file creates them first.
    needsNoOwner: result.needsNoOwner || (result.missingOwners.length > 0 && !(options.roles && inspection.set.roles)),
    psqlPath: psql?.path ?? null,
  };
  const plan = buildPlan(inspection, options, facts);
  await assertPlanUnchanged(plan, inspection.set);
  return { plan, target: result };
}

/** A plain-SQL file of the set read and guarded for this target, exactly as the replay runs it. */
export async function prepareSetFile(kind: FileResult['kind'], path: string, tools: ReplayInput['tools'], target: PreflightResult | null): Promise<PreparedScript> {
  const o = rolesSanitizeOptions(tools, target);
  return prepareSqlFile(kind, await readRegularText(path), path, o.psqlSupportsRestrict, {
    connectingRole: o.connectingRole,
    targetMajor: o.targetMajor,
    extraManagedRoles: o.extraManagedRoles,
  });
}

/**
 * The plan and, when it runs the roles file, the Flexible-safe SQL it runs: what "Save as
 * script" writes, so that the script runs what the app would.
 */
export async function planWithSafeRoles(input: ReplayInput): Promise<{ plan: ReplayPlan; safeRoles: string | null }> {
  const { plan, target } = await planWithFacts(input);
  const roles = plan.files.find((f) => f.kind === 'roles' && f.action === 'run');
  if (!roles?.file) return { plan, safeRoles: null };
  return { plan, safeRoles: (await prepareSetFile('roles', roles.file, input.tools, target)).sql };
}
