/**
 * What the Azure screens derive from the store's state, pure: the container URL the restore would
 * write to, the checklist's gate, the points of the chosen period, and what main still runs.
 */
import type { AzureActivitiesView, RecoveryPoint } from '../../../electron/contract';
import { pointsInWindow, pointWindow } from '../../../electron/shared/recovery-point-window';
import { restoreGate, type RestoreGate } from '../../../electron/shared/restore-gate';
import type { AzureState } from './azure-store';

/** The container URL the restore would write to, from the current choices (null when incomplete). */
export function targetContainerUrl(s: Pick<AzureState, 'targetMode' | 'accountId' | 'container' | 'newContainer' | 'pastedUrl' | 'storageAccounts'>): string | null {
  if (s.targetMode === 'url') return s.pastedUrl.trim() || null;
  const a = s.storageAccounts.find((x) => x.id === s.accountId);
  const name = s.container ?? s.newContainer.trim();
  if (!a || !name) return null;
  return `${a.blobEndpoint.replace(/\/+$/, '')}/${name}`;
}

/** True when the restore makes its container first (a new one in the chosen account). */
export function makesContainer(s: Pick<AzureState, 'targetMode' | 'container'>): boolean {
  return s.targetMode === 'account' && s.container === null;
}

/** The gate of the current checklist: nothing is sent until it opens. */
export function currentGate(s: Pick<AzureState, 'checks' | 'overridden'>): RestoreGate {
  return restoreGate(s.checks?.checks ?? [], new Set(s.overridden));
}

/** The points of the chosen period, newest first. */
export function visiblePoints(s: Pick<AzureState, 'points' | 'period' | 'custom'>, now = new Date()): RecoveryPoint[] {
  if (s.period === 'custom' && !s.custom) return s.points;
  return pointsInWindow(s.points, pointWindow(s.period, now, s.custom ?? undefined));
}

/** How many jobs and downloads main tracks are still running. */
export function anyRunningCount(a: AzureActivitiesView): number {
  return a.jobs.filter((j) => j.phase === 'validating' || j.phase === 'submitting' || j.phase === 'running').length
    + a.downloads.filter((d) => d.status === 'listing' || d.status === 'running').length;
}

/** Whether anything main tracks is still running (the store then reads it again each second). */
export function anyRunning(a: AzureActivitiesView): boolean {
  return anyRunningCount(a) > 0;
}
