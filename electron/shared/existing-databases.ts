/** The "database exists" rule, one home for the engine (refuses to start) and the Plan screen (says why before it asks). */
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
