/** Which step of the journey is on screen. */
import { create } from 'zustand';

export type AzureScreen = 'azure-sign-in' | 'azure-backup' | 'azure-point' | 'azure-restore' | 'azure-job' | 'azure-files';
export type Screen = 'home' | 'set' | 'target' | 'plan' | 'replay' | 'report' | 'settings' | 'activities' | AzureScreen;

/** The journey's steps in the order a user meets them (Settings sits apart, below them). */
export const SCREENS: ReadonlyArray<{ id: Exclude<Screen, 'settings' | 'activities' | AzureScreen>; label: string }> = [
  { id: 'home', label: 'Home' },
  { id: 'set', label: 'Restore set' },
  { id: 'target', label: 'Target' },
  { id: 'plan', label: 'Plan' },
  { id: 'replay', label: 'Replay' },
  { id: 'report', label: 'Report' },
];

/** The Azure steps, in front of the offline ones (the downloaded folder opens in Restore set). */
export const AZURE_SCREENS: ReadonlyArray<{ id: AzureScreen; label: string }> = [
  { id: 'azure-sign-in', label: 'Sign in' },
  { id: 'azure-backup', label: 'Backup' },
  { id: 'azure-point', label: 'Recovery point' },
  { id: 'azure-restore', label: 'Restore parameters' },
  { id: 'azure-job', label: 'Job' },
  { id: 'azure-files', label: 'Files' },
];

interface NavState {
  screen: Screen;
  go(screen: Screen): void;
}

/** The current screen; other stores move it forward when a step completes. */
export const useNav = create<NavState>()((set) => ({
  screen: 'home',
  go: (screen) => set({ screen }),
}));
