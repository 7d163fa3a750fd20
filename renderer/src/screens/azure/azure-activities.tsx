/** The Activities screen's Azure part: the restore jobs and downloads main tracks, each with its status and a way back to its screen. */
import { Badge, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { formatUtc } from '../../lib/format';
import { useAzure } from '../../stores/azure-store';
import { useNav } from '../../stores/nav-store';
import { DOWNLOAD_STATUS, JOB_PHASE } from './azure-status';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  title: { wordBreak: 'break-all' },
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
    <Table size="small" aria-label="Azure restore jobs and downloads">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '190px' }}>Started</TableHeaderCell>
          <TableHeaderCell>What</TableHeaderCell>
          <TableHeaderCell style={{ width: '200px' }}>Status</TableHeaderCell>
          <TableHeaderCell style={{ width: '190px' }}>Open</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} data-activity={r.id} data-kind={r.kind} data-status={r.state}>
            <TableCell>{formatUtc(r.startedAt)}</TableCell>
            <TableCell>
              <Text block className={s.title}>{r.title}</Text>
              <Text size={200} className={`${s.muted} ${s.title}`}>{r.detail}</Text>
            </TableCell>
            <TableCell><Badge appearance="tint" color={r.status.color}>{r.status.text}</Badge></TableCell>
            <TableCell>
              <Button size="small" onClick={() => open(r)} aria-label={`Open the ${r.kind === 'job' ? 'restore job' : 'download'} started ${formatUtc(r.startedAt)}`}>
                {r.kind === 'job' ? 'Job' : 'Files'}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
