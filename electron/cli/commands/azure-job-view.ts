/** How a Backup job is shown: a live line on a terminal, event lines otherwise, JSON lines with --json; the end decides the exit code. */
import type { BackupJob } from '../../core/azure/data-protection-types';
import type { AzureJobEvent } from '../../core/azure/restore-job';
import { UserError } from '../../core/errors';
import { formatBytes } from '../../shared/format-bytes';
import { EXIT } from '../exit-codes';
import { formatDuration, type Out } from '../print';

/** One line about a job. */
export function jobLine(j: BackupJob): string {
  const took = j.durationMs != null ? `, ${formatDuration(j.durationMs)}` : '';
  const bytes = j.bytesTransferred != null ? `, ${formatBytes(j.bytesTransferred)} transferred` : '';
  return `Job ${j.jobId}: ${j.statusRaw || j.status}${took}${bytes}`;
}

/** The event printer for restores and watched jobs. */
export function jobEvents(out: Out, json: boolean, live = out.isTTY): (e: AzureJobEvent) => void {
  let drawn = false;
  return (e) => {
    // A failure is printed once, as the command's error line.
    if (e.type === 'failed') return;
    if (json) return out.json(e.type === 'job' ? { type: 'job', polls: e.polls, job: e.job } : e);
    switch (e.type) {
      case 'validating':
        return out.line('Validating the restore with Azure…');
      case 'validated':
        return out.line('Azure accepted the restore request.');
      case 'submitting':
        return out.line('Sending the restore…');
      case 'submitted':
        return out.line(`Restore job started: ${e.jobId}\n  (pick it up later with: pgflex-restore azure job ${e.jobId} --watch)`);
      case 'job':
        if (live) {
          process.stdout.write(`\r\x1b[2K${jobLine(e.job)} (poll ${e.polls})`);
          drawn = true;
        } else out.line(`${jobLine(e.job)} (poll ${e.polls})`);
        return;
      case 'end':
        if (drawn) process.stdout.write('\n');
        return;
    }
  };
}

/** Prints the job's end (sub-tasks, errors with their recommended actions); a failed job becomes an 'azure-refused' error. */
export function finishJob(j: BackupJob, out: Out, json: boolean): number {
  if (json) out.json({ type: 'result', job: j });
  else {
    out.line(jobLine(j));
    for (const t of j.subTasks) out.line(`  sub-task ${t.name}: ${t.statusRaw}`);
    if (j.recoveryPointTime) out.line(`  recovery point time ${j.recoveryPointTime}`);
    if (j.destination) out.line(`  files in ${j.destination}`);
  }
  if (j.status === 'failed' || j.status === 'cancelled') {
    const e = j.errors[0];
    throw new UserError('azure-refused', `The restore job ${j.status}${e ? `: ${e.code}: ${e.message}` : ' (Azure gave no reason).'}`,
      e?.recommendedAction.length ? e.recommendedAction.join(' ') : 'See the job under Backup center → Backup jobs in the portal.', { job: j.id, errors: j.errors });
  }
  if (j.status === 'completed') return EXIT.ok;
  // Still running (not watched) is fine; completed with warnings is not "completed".
  return j.status === 'in-progress' ? EXIT.ok : EXIT.incomplete;
}
