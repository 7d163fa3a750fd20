/** The app shell: theme, header, the journey rail, and the current screen. */
import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, type JSX } from 'react';
import { AppHeader } from './components/app-header';
import { JourneyRail } from './components/journey-rail';
import { ProblemBar } from './components/problem-bar';
import { hasBridge } from './lib/bridge';
import { useAppTheme } from './lib/use-theme';
import { HomeScreen } from './screens/home-screen';
import { PlanScreen } from './screens/plan-screen';
import { ReplayScreen } from './screens/replay-screen';
import { ReportScreen } from './screens/report-screen';
import { SetScreen } from './screens/set-screen';
import { SettingsScreen } from './screens/settings-screen';
import { ActivitiesScreen } from './screens/activities-screen';
import { TargetScreen } from './screens/target-screen';
import { BackupScreen } from './screens/azure/backup-screen';
import { FilesScreen } from './screens/azure/files-screen';
import { JobScreen } from './screens/azure/job-screen';
import { PointScreen } from './screens/azure/point-screen';
import { RestoreScreen } from './screens/azure/restore-screen';
import { SignInScreen } from './screens/azure/sign-in-screen';
import { useAzure } from './stores/azure-store';
import { useNav, type Screen } from './stores/nav-store';
import { useReplay } from './stores/replay-store';
import { useSettings } from './stores/settings-store';

const useStyles = makeStyles({
  shell: {
    display: 'grid', height: '100vh', gridTemplateRows: '48px 1fr', gridTemplateColumns: '232px 1fr',
    gridTemplateAreas: '"header header" "rail main"', backgroundColor: tokens.colorNeutralBackground2,
  },
  main: { gridArea: 'main', overflow: 'auto', minWidth: 0 },
});

const SCREEN: Record<Screen, () => JSX.Element | null> = {
  home: HomeScreen, set: SetScreen, target: TargetScreen, plan: PlanScreen, replay: ReplayScreen, report: ReportScreen, settings: SettingsScreen, activities: ActivitiesScreen,
  'azure-sign-in': SignInScreen, 'azure-backup': BackupScreen, 'azure-point': PointScreen, 'azure-restore': RestoreScreen, 'azure-job': JobScreen, 'azure-files': FilesScreen,
};

/** The root component. */
export function App() {
  const s = useStyles();
  const { theme, dark } = useAppTheme();
  const screen = useNav((n) => n.screen);
  const settingsProblem = useSettings((st) => st.problem);
  const bridged = hasBridge();

  useEffect(() => {
    if (!bridged) return;
    void useSettings.getState().load();
    const disconnect = useReplay.getState().connect();
    // A reloaded window finds the replay main still runs and shows it again.
    void useReplay.getState().reattach();
    // Main tracks Azure jobs and downloads too: a reloaded window shows them as they are.
    const stopAzure = useAzure.getState().reattach();
    return () => {
      disconnect();
      stopAzure();
    };
  }, [bridged]);
  useEffect(() => {
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  }, [dark]);

  const Current = SCREEN[screen];
  // No className on the provider: Fluent copies its classes onto every portal (tooltips, menus).
  return (
    <FluentProvider theme={theme}>
      <div className={s.shell} data-theme={dark ? 'dark' : 'light'}>
        <AppHeader />
        <JourneyRail />
        <main className={s.main} aria-label="Content">
          {!bridged && <ProblemBar problem={{ code: 'internal', message: 'This page was opened without the app bridge.', hint: 'Start the app with `npm start`, or the browser harness with `npm run web`.' }} />}
          <ProblemBar problem={settingsProblem} intent="warning" />
          <Current />
        </main>
      </div>
    </FluentProvider>
  );
}
