/** Activities: every replay of this app session and the Azure jobs and downloads, kept in main — status, and a way back to each one's screen. */
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { ActivityView } from '../../../electron/contract';
import { ActivityTable } from '../components/activity-table';
import { Page, Section } from '../components/page';
import { ProblemBar } from '../components/problem-bar';
import { formatUtc } from '../lib/format';
import { useNav } from '../stores/nav-store';
import { useReplay } from '../stores/replay-store';
import { AzureActivities } from './azure/azure-activities';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
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
  const { activities: all, loadActivities, attach, runId, problem } = useReplay();
  // Jobs and downloads are shown below, with what only they have (phases, files on disk).
  const activities = all.filter((a) => a.kind === 'replay');
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
          <ActivityTable label="Activities of this session" rows={activities.map((a) => ({
            id: a.id, startedAt: a.startedAt, title: `${a.title}${a.id === runId ? ' (shown)' : ''}`, detail: a.detail,
            badge: { text: STATUS[a.status].label, color: STATUS[a.status].color }, state: a.status,
            actions: (
              <>
                <Button size="small" onClick={() => void open(a.id, 'replay')} aria-label={`Show the replay started ${formatUtc(a.startedAt)}`}>Lanes and log</Button>
                <Button size="small" disabled={a.status === 'running'} onClick={() => void open(a.id, 'report')} aria-label={`Report of the replay started ${formatUtc(a.startedAt)}`}>Report</Button>
              </>
            ),
          }))} />
        )}
      </Section>
      <Section title="Azure" label="Azure activities">
        <AzureActivities />
      </Section>
    </Page>
  );
}
