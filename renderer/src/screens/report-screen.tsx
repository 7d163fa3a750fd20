/** Report: what happened to each database and setup file, with why, timings and errors; export and copy. */
import {
  Button, makeStyles, MessageBar, MessageBarBody, Spinner, Tab, TabList, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { CopyButton } from '../components/copy-button';
import { ErrorGroups } from '../components/error-groups';
import { Page, Section } from '../components/page';
import { ProblemBar } from '../components/problem-bar';
import { StatusBadge } from '../components/status-badge';
import { VerifyTables } from '../components/verify-table';
import { formatDuration, formatUtc } from '../lib/format';
import { useReplay, type ReportFormat } from '../stores/replay-store';

const useStyles = makeStyles({
  counts: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap' },
  count: { display: 'flex', flexDirection: 'column' },
  big: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  text: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: '420px', overflow: 'auto',
    backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalM, borderRadius: tokens.borderRadiusMedium, margin: 0,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  // Reasons quote file names, which have no spaces to break at.
  why: { overflowWrap: 'anywhere' },
});

/** The Report screen. */
export function ReportScreen() {
  const s = useStyles();
  const st = useReplay();
  // The run's own set: another set opened since must not lend this report its backup time.
  const source = st.plan?.source ?? null;
  const [format, setFormat] = useState<ReportFormat | null>(null);

  const rows = st.order.map((n) => st.lanes[n]);
  // Unrestorable dumps that were asked for have a lane (they failed); the rest were skipped.
  const skipped = st.plan?.databases.filter((d) => d.action === 'skip' && !st.lanes[d.name]) ?? [];
  const tally = (status: string): number => rows.filter((r) => r.status === status).length;
  const show = (f: ReportFormat): void => {
    setFormat(f);
    if (st.reports[f]?.status !== 'ready') void st.loadReport(f);
  };
  const shown = format ? st.reports[format] : undefined;

  return (
    <Page
      title="Report"
      lead={st.summary ? `Started ${formatUtc(st.summary.startedAt)}, took ${formatDuration(st.summary.durationMs)}. Backup taken ${source?.takenAt ? formatUtc(source.takenAt) : 'at an unknown time'}, from ${source?.folder ?? 'an unknown folder'}.` : 'The replay has not finished yet; this is what is known so far.'}
      actions={
        <>
          <Button icon={<ArrowDownload20Regular />} onClick={() => void st.exportReport('markdown')}>Export Markdown</Button>
          <Button icon={<ArrowDownload20Regular />} onClick={() => void st.exportReport('json')}>Export JSON</Button>
        </>
      }
    >
      <ProblemBar problem={st.problem} />
      {st.exported && <MessageBar intent="success"><MessageBarBody>Saved to {st.exported}</MessageBarBody></MessageBar>}
      <Section title="Outcome">
        <div className={s.counts}>
          {(['restored', 'partial', 'failed', 'cancelled'] as const).map((k) => (
            <div key={k} className={s.count}><Text className={s.big} data-testid={`count-${k}`}>{tally(k)}</Text><Text>{k}</Text></div>
          ))}
          <div className={s.count}><Text className={s.big} data-testid="count-skipped">{skipped.length + tally('skipped')}</Text><Text>skipped</Text></div>
        </div>
        <Table size="small" aria-label="Outcome per database">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '18%' }}>Database</TableHeaderCell>
              <TableHeaderCell style={{ width: '18%' }}>On the target</TableHeaderCell>
              <TableHeaderCell style={{ width: '112px' }}>Outcome</TableHeaderCell>
              <TableHeaderCell>Why</TableHeaderCell>
              <TableHeaderCell style={{ width: '88px' }} className={s.num}>Time</TableHeaderCell>
              <TableHeaderCell style={{ width: '120px' }} className={s.num}>Errors</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {st.files.map((f) => (
              <TableRow key={f.kind}>
                <TableCell>{f.kind} file</TableCell>
                <TableCell>—</TableCell>
                <TableCell>{f.status === 'running' ? <Spinner size="extra-tiny" /> : <StatusBadge status={f.status} />}</TableCell>
                <TableCell className={s.why}>{f.result?.reason}</TableCell>
                <TableCell className={s.num}>{formatDuration(f.result?.durationMs)}</TableCell>
                <TableCell className={s.num}>{f.result?.errors.length ?? 0}</TableCell>
              </TableRow>
            ))}
            {rows.map((r) => (
              <TableRow key={r.name} data-report-row={r.name}>
                <TableCell><Text weight="semibold">{r.name}</Text></TableCell>
                <TableCell>{r.targetName}</TableCell>
                <TableCell><StatusBadge status={r.status} /></TableCell>
                <TableCell className={s.why}>{r.result?.reason ?? (r.status === 'running' ? 'Still running.' : '')}</TableCell>
                <TableCell className={s.num}>{formatDuration(r.result?.durationMs ?? r.elapsedMs)}</TableCell>
                <TableCell className={s.num}>{r.result ? `${r.result.errors.length}${r.result.ignoredErrors ? ` (${r.result.ignoredErrors} ignored)` : ''}` : r.errors}</TableCell>
              </TableRow>
            ))}
            {skipped.map((d) => (
              <TableRow key={d.name}>
                <TableCell><Text weight="semibold">{d.name}</Text></TableCell>
                <TableCell>—</TableCell>
                <TableCell><StatusBadge status="skipped" /></TableCell>
                <TableCell className={s.why}>{d.reasons.join(' ')}</TableCell>
                <TableCell className={s.num}>—</TableCell>
                <TableCell className={s.num}>—</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
      <Section title="Verification" label="Verification">
        <VerifyTables results={rows.flatMap((r) => (r.result ? [r.result] : []))} />
      </Section>
      <Section title={`Errors (${st.errors.length})`} label="Errors">
        <ErrorGroups errors={st.errors} />
      </Section>
      <Section title="Report text" label="Report text">
        <TabList selectedValue={format ?? ''} onTabSelect={(_, d) => show(d.value as ReportFormat)} aria-label="Report format">
          <Tab value="markdown">Markdown</Tab>
          <Tab value="json">JSON</Tab>
        </TabList>
        {!format && <Text className={s.muted}>Pick a format to read the report here and copy it.</Text>}
        {shown?.status === 'loading' && <Spinner size="tiny" label="Writing the report…" />}
        {shown?.status === 'error' && <ProblemBar problem={shown.problem} />}
        {shown?.status === 'ready' && format && (
          <>
            <div className={s.row}><CopyButton text={shown.text} label={`Copy the ${format} report`}>Copy</CopyButton></div>
            <pre className={s.text} tabIndex={0} aria-label={`Report as ${format}`}>{shown.text}</pre>
          </>
        )}
      </Section>
    </Page>
  );
}
