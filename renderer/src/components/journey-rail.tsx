/** The left rail: the journey's steps, in order, reachable once their inputs exist. */
import { CounterBadge, makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import {
  ArrowDownload24Regular, CalendarClock24Regular, Cloud24Regular, CloudArrowDown24Regular, Person24Regular, ShieldCheckmark24Regular,
  ClipboardTaskListLtr24Regular, DocumentText24Regular, FolderOpen24Regular, Home24Regular, Play24Regular, Server24Regular, Settings24Regular, TaskListLtr24Regular,
} from '@fluentui/react-icons';
import type { JSX } from 'react';
import { AZURE_SCREENS, SCREENS, useNav, type Screen } from '../stores/nav-store';
import { useAzure } from '../stores/azure-store';
import { useReplay } from '../stores/replay-store';
import { goToPlan } from '../stores/plan-store';
import { replayable, useRestoreSet } from '../stores/restore-set-store';
import { useTarget } from '../stores/target-store';

const ICONS: Record<Screen, JSX.Element> = {
  home: <Home24Regular />, set: <FolderOpen24Regular />, target: <Server24Regular />,
  plan: <ClipboardTaskListLtr24Regular />, replay: <Play24Regular />, report: <DocumentText24Regular />, settings: <Settings24Regular />, activities: <TaskListLtr24Regular />,
  'azure-sign-in': <Person24Regular />, 'azure-backup': <Cloud24Regular />, 'azure-point': <CalendarClock24Regular />, 'azure-restore': <ShieldCheckmark24Regular />,
  'azure-job': <CloudArrowDown24Regular />, 'azure-files': <ArrowDownload24Regular />,
};

const useStyles = makeStyles({
  rail: {
    gridArea: 'rail', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground2, borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  heading: { padding: `0 ${tokens.spacingHorizontalM}`, color: tokens.colorNeutralForeground3 },
  tabs: { width: '100%', flexGrow: 1 },
  settings: { marginTop: 'auto' },
});

/** Which steps can be visited now. */
export function useReachable(): Record<Screen, boolean> {
  const hasSet = useRestoreSet((s) => s.view !== null);
  const canReplay = useRestoreSet((s) => replayable(s.view));
  const hasTarget = useTarget((s) => s.target !== null);
  const runId = useReplay((s) => s.runId);
  const signedIn = useAzure((s) => s.account?.status === 'signed-in');
  const hasInstance = useAzure((s) => s.instanceId !== null);
  const hasPoint = useAzure((s) => s.pointId !== null);
  const hasJob = useAzure((s) => s.activities.jobs.length > 0);
  const hasDownload = useAzure((s) => s.activities.downloads.length > 0);
  return {
    home: true, set: hasSet, target: canReplay, plan: canReplay && hasTarget,
    replay: runId !== null, report: runId !== null, settings: true, activities: true,
    'azure-sign-in': true, 'azure-backup': signedIn, 'azure-point': signedIn && hasInstance, 'azure-restore': signedIn && hasPoint,
    'azure-job': hasJob, 'azure-files': hasDownload,
  };
}

/** The navigation rail. */
export function JourneyRail() {
  const s = useStyles();
  const screen = useNav((st) => st.screen);
  const go = useNav((st) => st.go);
  const reachable = useReachable();
  const running = useReplay((st) => st.activities.filter((a) => a.status === 'running').length);
  return (
    <nav className={s.rail} aria-label="Journey steps">
      <Text size={200} weight="semibold" className={s.heading} id="rail-azure">FROM AZURE</Text>
      <TabList vertical size="small" selectedValue={screen} onTabSelect={(_, d) => go(d.value as Screen)} aria-labelledby="rail-azure">
        {AZURE_SCREENS.map((step) => (
          <Tab key={step.id} value={step.id} icon={ICONS[step.id]} disabled={!reachable[step.id]}>{step.label}</Tab>
        ))}
      </TabList>
      <Text size={200} weight="semibold" className={s.heading}>OFFLINE REPLAY</Text>
      <TabList vertical size="large" selectedValue={screen} onTabSelect={(_, d) => (d.value === 'plan' ? goToPlan() : go(d.value as Screen))} className={s.tabs}>
        {SCREENS.map((step, i) => (
          <Tab key={step.id} value={step.id} icon={ICONS[step.id]} disabled={!reachable[step.id]}>
            {i > 0 ? `${i}. ` : ''}{step.label}
          </Tab>
        ))}
        <Tab value="activities" icon={ICONS.activities} className={s.settings} aria-label={running > 0 ? `Activities, ${running} running` : 'Activities'}>
          Activities{running > 0 && <> <CounterBadge count={running} size="small" color="brand" aria-hidden /></>}
        </Tab>
        <Tab value="settings" icon={ICONS.settings}>Settings</Tab>
      </TabList>
    </nav>
  );
}
