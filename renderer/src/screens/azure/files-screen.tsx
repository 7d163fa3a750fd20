/**
 * Files: the download of the restore container — per-file and total progress (bytes, rate, ETA),
 * pause, resume (also after the app stopped), cancel — and each database dump, once complete and
 * checked, ready to replay while the rest downloads (through Target and Plan, as offline); then the
 * folder opens in Restore set.
 */
import { Button, makeStyles, ProgressBar, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowRight20Regular, FolderOpen20Regular, Pause20Regular, Play20Regular, Dismiss20Regular } from '@fluentui/react-icons';
import type { AzureDownloadView, FolderReplayView } from '../../../../electron/contract';
import { Page, Section } from '../../components/page';
import { ProblemBar } from '../../components/problem-bar';
import { formatBytes, formatDuration } from '../../lib/format';
import { selectedDownload, useAzure } from '../../stores/azure-store';
import { useNav } from '../../stores/nav-store';
import { useReplay } from '../../stores/replay-store';
import { DOWNLOAD_STATUS } from './azure-status';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  table: { width: '100%', borderCollapse: 'collapse', '& th, & td': { textAlign: 'left', padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` } },
  bar: { minWidth: '160px' },
  big: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

const REPLAY_STATUS: Record<FolderReplayView['databases'][number]['status'], string> = {
  replaying: 'replaying', pending: 'replaying', running: 'replaying', restored: 'restored', partial: 'partly restored', failed: 'failed', skipped: 'skipped', cancelled: 'cancelled',
};

/** The newest replay of this folder that restores `database`, and its part in it. */
function replayOf(replays: readonly FolderReplayView[], database: string) {
  for (const r of replays) {
    const db = r.databases.find((x) => x.name === database);
    if (db) return { run: r, db };
  }
  return null;
}

/** What the Replay column says of one file: ready to replay, replaying or replayed, or nothing yet. */
function ReplayCell({ d, file }: { d: AzureDownloadView; file: string }) {
  const s = useStyles();
  const { folderReplays, replayReady, busy } = useAzure();
  const attach = useReplay((r) => r.attach);
  const go = useNav((n) => n.go);
  const item = d.listed.find((i) => i.file === file);
  const done = d.files.find((f) => f.file === file)?.state === 'done';
  if (item?.kind === 'roles') return <Text className={s.muted}>{done ? 'ready: replayed first when ticked' : 'fetched first'}</Text>;
  if (item?.kind !== 'database' || item.database === undefined) return null;
  const database = item.database;
  const seen = replayOf(folderReplays, database);
  if (seen) {
    const where = `${seen.run.target.user}@${seen.run.target.host}:${seen.run.target.port}`;
    return (
      <div className={s.row} data-replay={database} data-status={seen.db.status}>
        <Text>{REPLAY_STATUS[seen.db.status]} as {seen.db.targetName} on {where}</Text>
        <Button size="small" aria-label={`Show the replay of ${database}`} onClick={() => void attach(seen.run.runId).then((ok) => ok && go('replay'))}>Lanes</Button>
      </div>
    );
  }
  if (item.system) return <Text className={s.muted}>Azure-managed: not replayed by default</Text>;
  if (!done) return <Text className={s.muted}>once checked</Text>;
  return (
    <Button size="small" appearance="primary" icon={<ArrowRight20Regular />} iconPosition="after" disabled={busy !== null} data-ready={database}
      aria-label={`Replay ${database} now`} onClick={() => void replayReady(database)}>Replay now</Button>
  );
}

/** The Files screen. */
export function FilesScreen() {
  const s = useStyles();
  const st = useAzure();
  const { busy, problem, control, openDownloaded } = st;
  const d = selectedDownload(st);
  if (!d) return <Page title="Restored files"><Text className={s.muted}>No download yet: start one from the Job screen.</Text></Page>;
  const t = d.total;
  const size = t?.size ?? d.files.reduce((n, f) => n + f.size, 0);
  const bytes = t?.bytes ?? d.files.reduce((n, f) => n + f.bytes, 0);
  const active = d.status === 'listing' || d.status === 'running';
  const resumable = d.status === 'paused' || d.status === 'interrupted' || d.status === 'failed' || d.status === 'cancelled';

  return (
    <Page title="Restored files" lead={<>Into <span className={s.mono}>{d.folder}</span>. Each file is checked (size, Content-MD5, the archive itself) before it takes its name.</>}
      actions={<Button appearance="primary" icon={<FolderOpen20Regular />} disabled={d.status !== 'completed'} onClick={() => void openDownloaded()}>Open in Restore set</Button>}>
      <ProblemBar problem={problem} />
      <Section title="Download" actions={
        <div className={s.row}>
          {d.status === 'running' && <Button icon={<Pause20Regular />} onClick={() => void control('pause')}>Pause</Button>}
          {resumable && <Button icon={<Play20Regular />} onClick={() => void control('resume')}>Resume</Button>}
          {(active || d.status === 'paused') && <Button icon={<Dismiss20Regular />} onClick={() => void control('cancel')}>Cancel</Button>}
        </div>
      }>
        <Text className={s.big} role="status" aria-label="Download status">{DOWNLOAD_STATUS[d.status].text}</Text>
        <ProgressBar value={size ? bytes / size : d.status === 'completed' ? 1 : 0} aria-label="Total progress" thickness="large" />
        <Text>
          {formatBytes(bytes)} of {formatBytes(size)}
          {t?.rate != null && active ? ` · ${formatBytes(t.rate)}/s` : ''}
          {t?.etaMs != null && active ? ` · ${formatDuration(t.etaMs)} left` : ''}
          {t?.resumed ? ` · ${formatBytes(t.resumed)} resumed from disk` : ''}
        </Text>
        {d.credential && <Text size={200} className={s.muted}>Reading with: {d.credential}</Text>}
        <ProblemBar problem={d.problem} />
        {d.failures.map((f) => <ProblemBar key={f.file} problem={{ ...f.problem, message: `${f.file}: ${f.problem.message}` }} />)}
      </Section>
      <Section title={`${d.finished.length} of ${d.files.length} files ready`}>
        <Text className={s.muted}>
          The marker and the roles file come first, then the smallest files: each database can replay as soon as its dump is checked, while the others still download.
        </Text>
        <table className={s.table} aria-label="Files">
          <thead><tr><th>File</th><th>Size</th><th>Progress</th><th>State</th><th>Replay</th></tr></thead>
          <tbody>
            {d.files.map((f) => (
              <tr key={f.file}>
                <td className={s.mono}>{f.file}</td>
                <td>{formatBytes(f.size)}</td>
                <td><ProgressBar className={s.bar} value={f.size ? f.bytes / f.size : f.state === 'done' ? 1 : 0} aria-label={`Progress of ${f.file}`} /></td>
                <td>{f.state === 'done' ? 'checked' : f.state}</td>
                <td><ReplayCell d={d} file={f.file} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {d.skipped.map((x) => <Text key={x.blob} className={s.muted}>Skipped {x.blob}: {x.reason}</Text>)}
      </Section>
      {busy && <Spinner size="tiny" label={busy} />}
    </Page>
  );
}
