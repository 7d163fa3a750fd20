/** The "database exists" rules, one home for the engine (refuses to start) and the Plan screen (says why before it asks). */
import type { ExistingPolicy } from './replay-options';

/** The part of a planned database the rule reads. */
export interface PlannedName {
  action: 'restore' | 'skip';
  /** The target name is already taken on the server (from the pre-flight). */
  exists: boolean;
  targetName: string;
}

/** Target names that stop the replay before it changes anything: they exist and the policy is `fail`. */
export function blockingExisting(databases: readonly PlannedName[], existing: ExistingPolicy): string[] {
  return existing === 'fail' ? databases.filter((d) => d.action === 'restore' && d.exists).map((d) => d.targetName) : [];
}

/** Why the server would refuse to drop `targetName` (the connection works from `maintenance`); null when a replace can drop it. */
export function undroppableReason(targetName: string, maintenance: string): string | null {
  if (targetName === maintenance) return `"${targetName}" is the database this connection works from, and a database cannot be dropped while connected to it`;
  if (targetName === 'template0' || targetName === 'template1') return `"${targetName}" is a template database, which PostgreSQL does not drop`;
  if (targetName === 'azure_maintenance' || targetName === 'azure_sys') return `"${targetName}" is managed by Azure, which does not let it be dropped`;
  return null;
}

/** Existing target names a replace could not drop (the policy is `replace`): the replay would refuse them before changing anything. */
export function blockingReplace(databases: readonly PlannedName[], existing: ExistingPolicy, maintenance: string): { targetName: string; why: string }[] {
  if (existing !== 'replace') return [];
  return databases.filter((d) => d.action === 'restore' && d.exists)
    .map((d) => ({ targetName: d.targetName, why: undroppableReason(d.targetName, maintenance) }))
    .filter((d): d is { targetName: string; why: string } => d.why !== null);
}

/** What to do about a name a replace cannot drop. */
export const UNDROPPABLE_FIX = 'Restore it under another name ("Name on the target" / --rename), or skip the databases that exist.';
