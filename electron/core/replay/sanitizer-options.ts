/**
 * The roles sanitiser's options for a target and a set of client tools: one home for the replay
 * (engine.ts), the roles preview of the desktop app and `pgflex-restore roles`, so what is shown
 * is what runs.
 */
import { choosePsql } from '../binaries/choose';
import { psqlSupportsRestrict } from '../binaries/psql-features';
import type { ClientTool } from '../binaries/types';
import type { PreflightResult } from '../target/types';
import type { RolesSanitizeOptions } from './roles-sanitizer';

/** What the sanitiser needs from the pre-flight; without a target only the connecting role may be known. */
export type RolesTargetFacts = Pick<PreflightResult, 'currentUser'> & Partial<Pick<PreflightResult, 'serverMajor' | 'isSuperuser' | 'superuserRoles'>>;

/** The options the replay sanitises the roles file with. */
export function rolesSanitizeOptions(tools: ClientTool[], target: RolesTargetFacts | null): RolesSanitizeOptions {
  const psql = choosePsql(tools);
  return {
    connectingRole: target?.currentUser ?? '',
    psqlSupportsRestrict: psql ? psqlSupportsRestrict(psql) : false,
    targetMajor: target?.serverMajor,
    // A non-superuser cannot alter the target's superusers, so their statements are skipped too.
    extraManagedRoles: target?.isSuperuser === false ? target.superuserRoles ?? [] : [],
  };
}
