/** Settings and recent restore sets, as main persists them. */
import { create } from 'zustand';
import type { Settings } from '../../../electron/contract';
import { bridge } from '../lib/bridge';
import { toProblem, type Problem } from '../lib/problem';

interface SettingsState {
  settings: Settings | null;
  problem: Problem | null;
  load(): Promise<void>;
  update(patch: Partial<Omit<Settings, 'recent'>>): Promise<void>;
}

/** Settings, loaded once at start and after anything that changes the recent list. */
export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  problem: null,
  load: async () => {
    try {
      set({ settings: await bridge().getSettings(), problem: null });
    } catch (error) {
      set({ problem: toProblem(error) });
    }
  },
  update: async (patch) => {
    try {
      set({ settings: await bridge().setSettings(patch), problem: null });
    } catch (error) {
      set({ problem: toProblem(error) });
    }
  },
}));
