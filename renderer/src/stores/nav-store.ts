/** Which step of the journey is on screen. */
import { create } from 'zustand';

export type Screen = 'home' | 'set' | 'target' | 'plan' | 'replay' | 'report' | 'settings' | 'activities';

/** The journey's steps in the order a user meets them (Settings sits apart, below them). */
export const SCREENS: ReadonlyArray<{ id: Exclude<Screen, 'settings' | 'activities'>; label: string }> = [
  { id: 'home', label: 'Home' },
  { id: 'set', label: 'Restore set' },
  { id: 'target', label: 'Target' },
  { id: 'plan', label: 'Plan' },
  { id: 'replay', label: 'Replay' },
  { id: 'report', label: 'Report' },
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
