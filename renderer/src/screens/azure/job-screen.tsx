/**
 * Job: the restore job as Azure reports it — status, sub-tasks, elapsed time, errors with their
 * recommended actions — kept in main, so a reload or a restart shows it again. The vault's other
 * restore jobs of the server are listed too (a colleague may have started one in the portal).
 */
import { Badge, Button, Field, Input, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular, ArrowSync20Regular } from '@fluentui/react-icons';
import type { AzureJobView } from '../../../../electron/contract';
import { Page, Section } from '../../components/page';
import { ProblemBar } from '../../components/problem-bar';
import { formatBytes, formatDuration, formatUtc } from '../../lib/format';
import { selectedJob, useAzure } from '../../stores/azure-store';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  wide: { minWidth: '420px', flexGrow: 1 },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  error: { color: tokens.colorPaletteRedForeground1 },
});

const PHASE: Record<AzureJobView['phase'], { text: string; color: 'informative' | 'success' | 'danger' | 'warning' }> = {
  validating: { text: 'Validating', color: 'informative' }, submitting: { text: 'Sending', color: 'informative' }, running: { text: 'In progress', color: 'informative' },
  completed: { text: 'Completed', color: 'success' }, failed: { text: 'Failed', color: 'danger' }, stopped: { text: 'Not watched', color: 'warning' },
};

/** The Job screen. */
export function JobScreen() {
  const s = useStyles();
  const st = useAzure();
  const { activities, vaultJobs, instanceId, downloadFolder, account, busy, problem, showJob, loadVaultJobs, trackJob, download, setDownloadFolder } = st;
  const job = selectedJob(st);
  const j = job?.job;
  const container = job?.containerUrl.split('/').pop() ?? '';
  const running = job && (job.phase === 'validating' || job.phase === 'submitting' || job.phase === 'running');

  return (
    <Page title="Restore job" lead="Azure copies the backup into the container. A restore job reports no percentage; bytes moved appear at the end. You may close the app: the job is offered again on the next start.">
      <ProblemBar problem={problem} />
      {!job && <Text className={s.muted}>No restore job yet.</Text>}
      {job && (
        <Section title={<>Job for {job.serverName || 'the server'} <Badge appearance="filled" color={PHASE[job.phase].color} aria-label={`Status: ${PHASE[job.phase].text}`}>{PHASE[job.phase].text}</Badge></>}>
          <dl className={s.facts} aria-label="Job facts">
            <dt>Status</dt><dd>{j ? `${j.statusRaw}${j.operation ? ` (${j.operation})` : ''}` : PHASE[job.phase].text}</dd>
            <dt>Recovery point</dt><dd>{formatUtc(job.recoveryPointTime)}</dd>
            <dt>Container</dt><dd className={s.mono}>{job.containerUrl}</dd>
            <dt>Started</dt><dd>{formatUtc(j?.startTime ?? job.startedAt)}</dd>
            <dt>Elapsed</dt><dd>{j?.durationMs != null ? formatDuration(j.durationMs) : '—'}</dd>
            {j?.bytesTransferred != null && <><dt>Data moved</dt><dd>{formatBytes(j.bytesTransferred)}</dd></>}
            {j && <><dt>Job id</dt><dd className={s.mono}>{j.id}</dd></>}
          </dl>
          {running && <Spinner size="tiny" label="Azure is restoring the files; this screen follows the job." />}
          {j && j.subTasks.length > 0 && (
            <ul className={s.list} aria-label="Sub-tasks">
              {j.subTasks.map((t) => <li key={t.id}><Text>{t.name}: {t.statusRaw}</Text></li>)}
            </ul>
          )}
          {j && j.errors.length > 0 && (
            <ul className={s.list} aria-label="Job errors">
              {j.errors.map((e) => (
                <li key={e.code}>
                  <Text weight="semibold" className={s.error}>{e.code}</Text> <Text>{e.message}</Text>
                  {e.recommendedAction.map((a) => <Text key={a} as="p">What to do: {a}</Text>)}
                </li>
              ))}
            </ul>
          )}
          {job.problem && <ProblemBar problem={job.problem} intent="warning" />}
          {job.phase === 'completed' && (
            <div className={s.row}>
              <Field label="Download to folder" hint="Created if missing; a download left unfinished resumes here." className={s.wide}>
                <Input value={downloadFolder || (account ? `${account.downloadRoot}/${container}` : '')} onChange={(_, d) => setDownloadFolder(d.value)} spellCheck={false} />
              </Field>
              <Button appearance="primary" icon={<ArrowDownload20Regular />} onClick={() => void download(job.id)} disabled={busy !== null}>Download</Button>
            </div>
          )}
        </Section>
      )}
      {activities.jobs.length > 1 && (
        <Section title="Jobs this app follows">
          <ul className={s.list}>
            {activities.jobs.map((x) => (
              <li key={x.id}>
                <Button appearance={x.id === job?.id ? 'primary' : 'subtle'} onClick={() => showJob(x.id)}>
                  {x.serverName || 'server'} · {formatUtc(x.recoveryPointTime)} · {PHASE[x.phase].text}
                </Button>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {instanceId && (
        <Section title="Restore jobs in the vault" actions={<Button icon={<ArrowSync20Regular />} onClick={() => void loadVaultJobs()} disabled={busy !== null}>Find restore jobs</Button>}>
          {vaultJobs.length === 0 && <Text className={s.muted}>Jobs started elsewhere (the portal, the CLI, a colleague) appear here.</Text>}
          <ul className={s.list}>
            {vaultJobs.map((v) => (
              <li key={v.id} className={s.row}>
                <Text>{formatUtc(v.startTime)} · {v.statusRaw} · point {formatUtc(v.recoveryPointTime)}</Text>
                <Button size="small" onClick={() => void trackJob(v.id)} aria-label={`Follow the job started ${formatUtc(v.startTime)}`}>Follow</Button>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {busy && <Spinner size="tiny" label={busy} />}
    </Page>
  );
}
