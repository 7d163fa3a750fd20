/** The rules on target database names (taken, undroppable, too long), one home for the engine (refuses to start) and the Plan screen (says why before it asks). */
import type { ExistingPolicy } from './replay-options';

/** The part of a planned database the rule reads. */
export interface PlannedName {
  action: 'restore' | 'skip';
  /** The target name is already taken on the server (from the pre-flight). */
  exists: boolean;
  /** It exists and another pgflex-restore replay is restoring it right now (from the pre-flight). */
  replaying?: boolean;
  targetName: string;
}

/** Target names that stop the replay before it changes anything: they exist and the policy is `fail`. */
export function blockingExisting(databases: readonly PlannedName[], existing: ExistingPolicy): string[] {
  return existing === 'fail' ? databases.filter((d) => d.action === 'restore' && d.exists).map((d) => d.targetName) : [];
}

/** Why a replace must not drop a database another replay is restoring (replay-guard.ts sees it). */
export function replayingReason(targetName: string): string {
  return `"${targetName}" is being restored right now by another pgflex-restore replay, and replacing it would destroy that replay's work`;
}

/**
 * Why a replace must not drop `targetName` (the connection works from `maintenance`; `replaying`:
 * another replay is restoring it) or the server would refuse to; null when a replace can drop it.
 */
export function undroppableReason(targetName: string, maintenance: string, replaying = false): string | null {
  if (replaying) return replayingReason(targetName);
  if (targetName === maintenance) return `"${targetName}" is the database this connection works from, and a database cannot be dropped while connected to it`;
  if (targetName === 'template0' || targetName === 'template1') return `"${targetName}" is a template database, which PostgreSQL does not drop`;
  if (targetName === 'azure_maintenance' || targetName === 'azure_sys') return `"${targetName}" is managed by Azure, which does not let it be dropped`;
  return null;
}

/** Existing target names a replace could not drop (the policy is `replace`): the replay would refuse them before changing anything. */
export function blockingReplace(databases: readonly PlannedName[], existing: ExistingPolicy, maintenance: string): { targetName: string; why: string }[] {
  if (existing !== 'replace') return [];
  return databases.filter((d) => d.action === 'restore' && d.exists)
    .map((d) => ({ targetName: d.targetName, why: undroppableReason(d.targetName, maintenance, d.replaying) }))
    .filter((d): d is { targetName: string; why: string } => d.why !== null);
}

/** What to do about a name a replace cannot drop. */
export const UNDROPPABLE_FIX = 'Restore it under another name ("Name on the target" / --rename), or skip the databases that exist; one another replay is restoring can be replaced once that replay has ended.';

/** PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN − 1), cut at a character, and drops the rest with only a NOTICE. */
export const MAX_NAME_BYTES = 63;

/** Why `targetName` cannot be a database's name as it stands (too long: the server would cut it); null when it can. */
export function nameTooLong(targetName: string): string | null {
  const encoder = new TextEncoder();
  const bytes = encoder.encode(targetName).length;
  if (bytes <= MAX_NAME_BYTES) return null;
  let kept = '';
  for (const ch of targetName) {
    if (encoder.encode(kept + ch).length > MAX_NAME_BYTES) break;
    kept += ch;
  }
  return `"${targetName}" is ${bytes} bytes long, and PostgreSQL keeps only the first ${MAX_NAME_BYTES} bytes of a database name: it would be restored as "${kept}"`;
}

/** Restored databases whose target name the server would cut short: the replay refuses them before changing anything. */
export function tooLongNames(databases: readonly PlannedName[]): { targetName: string; why: string }[] {
  return databases.filter((d) => d.action === 'restore')
    .map((d) => ({ targetName: d.targetName, why: nameTooLong(d.targetName) }))
    .filter((d): d is { targetName: string; why: string } => d.why !== null);
}

/** What to do about a name that is too long. */
export const LONG_NAME_FIX = `Give it a name of at most ${MAX_NAME_BYTES} bytes ("Name on the target" / --rename).`;
