/** The Activities screen's Azure part: the restore jobs and downloads main tracks, each with its status and a way back to its screen. */
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ActivityTable } from '../../components/activity-table';
import { formatUtc } from '../../lib/format';
import { useAzure } from '../../stores/azure-store';
import { useNav } from '../../stores/nav-store';
import { DOWNLOAD_STATUS, JOB_PHASE } from './azure-status';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Rows for every tracked restore job and download (read from main: a reloaded window shows them too). */
export function AzureActivities() {
  const s = useStyles();
  const { activities, showJob, showDownload } = useAzure();
  const go = useNav((n) => n.go);
  const rows = [
    ...activities.jobs.map((j) => ({ id: j.id, kind: 'job' as const, startedAt: j.startedAt, title: `Restore job for ${j.serverName || 'the server'}`,
      detail: `${j.recoveryPointTime ? `point ${formatUtc(j.recoveryPointTime)} → ` : ''}${j.containerUrl}`, status: JOB_PHASE[j.phase], state: j.phase })),
    ...activities.downloads.map((d) => ({ id: d.id, kind: 'download' as const, startedAt: d.startedAt, title: `Download of ${d.containerUrl.split('/').pop() ?? 'a container'}`,
      detail: `${d.finished.length} of ${d.files.length} files on disk · into ${d.folder}`, status: DOWNLOAD_STATUS[d.status], state: d.status })),
  ].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const open = (row: (typeof rows)[number]): void => {
    if (row.kind === 'job') {
      showJob(row.id);
      go('azure-job');
    } else {
      showDownload(row.id);
      go('azure-files');
    }
  };
  if (rows.length === 0) return <Text className={s.muted}>No Azure restore job or download yet.</Text>;
  return (
    <ActivityTable label="Azure restore jobs and downloads" rows={rows.map((r) => ({
      id: r.id, kind: r.kind, startedAt: r.startedAt, title: r.title, detail: r.detail, badge: r.status, state: r.state,
      actions: (
        <Button size="small" onClick={() => open(r)} aria-label={`Open the ${r.kind === 'job' ? 'restore job' : 'download'} started ${formatUtc(r.startedAt)}`}>
          {r.kind === 'job' ? 'Job' : 'Files'}
        </Button>
      ),
    }))} />
  );
}
