/** Activities: every replay of this app session and the Azure jobs and downloads, kept in main — status, and a way back to each one's screen. */
import {
  Badge, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import type { ActivityView } from '../../../electron/contract';
import { Page, Section } from '../components/page';
import { ProblemBar } from '../components/problem-bar';
import { formatUtc } from '../lib/format';
import { useNav } from '../stores/nav-store';
import { useReplay } from '../stores/replay-store';
import { AzureActivities } from './azure/azure-activities';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  title: { wordBreak: 'break-all' },
});

const STATUS: Record<ActivityView['status'], { label: string; color: 'brand' | 'success' | 'warning' | 'danger' }> = {
  running: { label: 'running', color: 'brand' },
  succeeded: { label: 'everything restored', color: 'success' },
  problems: { label: 'not everything restored', color: 'warning' },
  failed: { label: 'did not run', color: 'danger' },
};

/** The Activities screen. */
export function ActivitiesScreen() {
  const s = useStyles();
  const { activities, loadActivities, attach, runId, problem } = useReplay();
  const go = useNav((n) => n.go);
  useEffect(() => {
    void loadActivities();
  }, [loadActivities]);
  const open = async (id: string, screen: 'replay' | 'report'): Promise<void> => {
    if (id === runId || (await attach(id))) go(screen);
  };

  return (
    <Page title="Activities" lead="Every replay of this session, and every Azure restore job and download, kept by the app while they run: a reloaded window finds them here.">
      <ProblemBar problem={problem} />
      <Section title="This session" label="Activities">
        {activities.length === 0 ? <Text className={s.muted}>Nothing has run yet in this session.</Text> : (
          <Table size="small" aria-label="Activities of this session">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '190px' }}>Started</TableHeaderCell>
                <TableHeaderCell>What</TableHeaderCell>
                <TableHeaderCell style={{ width: '200px' }}>Status</TableHeaderCell>
                <TableHeaderCell style={{ width: '190px' }}>Open</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {activities.map((a) => (
                <TableRow key={a.id} data-activity={a.id} data-status={a.status}>
                  <TableCell>{formatUtc(a.startedAt)}</TableCell>
                  <TableCell>
                    <Text block className={s.title}>{a.title}{a.id === runId ? ' (shown)' : ''}</Text>
                    <Text size={200} className={s.muted}>{a.detail}</Text>
                  </TableCell>
                  <TableCell><Badge appearance="tint" color={STATUS[a.status].color}>{STATUS[a.status].label}</Badge></TableCell>
                  <TableCell>
                    <div className={s.actions}>
                      <Button size="small" onClick={() => void open(a.id, 'replay')} aria-label={`Show the replay started ${formatUtc(a.startedAt)}`}>Lanes and log</Button>
                      <Button size="small" disabled={a.status === 'running'} onClick={() => void open(a.id, 'report')} aria-label={`Report of the replay started ${formatUtc(a.startedAt)}`}>Report</Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
      <Section title="Azure" label="Azure activities">
        <AzureActivities />
      </Section>
    </Page>
  );
}
