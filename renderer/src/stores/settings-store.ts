/** Settings and recent restore sets, as main persists them, and the client tools they lead to. */
import { create } from 'zustand';
import type { ClientTool, Settings } from '../../../electron/contract';
import { bridge } from '../lib/bridge';
import { toProblem, type Problem } from '../lib/problem';
import type { Loadable } from './restore-set-store';

interface SettingsState {
  settings: Settings | null;
  problem: Problem | null;
  /** The client tools found with the current settings (the Settings screen lists them). */
  tools: Loadable<ClientTool[]>;
  load(): Promise<void>;
  /** The client-tools folder can only be cleared here; it is chosen through its dialog (`chooseToolsFolder`). */
  update(patch: Partial<Pick<Settings, 'theme' | 'defaultJobs'>> & { clientToolsPath?: null }): Promise<void>;
  loadTools(): Promise<void>;
  /** Asks for the client tools folder with the folder dialog, then keeps it. */
  chooseToolsFolder(): Promise<void>;
  clearToolsFolder(): Promise<void>;
}

/** Settings, loaded once at start and after anything that changes the recent list. */
export const useSettings = create<SettingsState>()((set, get) => ({
  settings: null,
  problem: null,
  tools: { status: 'loading' },
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
  loadTools: async () => {
    set({ tools: { status: 'loading' } });
    try {
      set({ tools: { status: 'ready', value: await bridge().listTools() } });
    } catch (error) {
      set({ tools: { status: 'error', problem: toProblem(error) } });
    }
  },
  chooseToolsFolder: async () => {
    try {
      const settings = await bridge().chooseClientTools();
      if (!settings) return;
      set({ settings, problem: null });
      await get().loadTools();
    } catch (error) {
      set({ problem: toProblem(error) });
    }
  },
  clearToolsFolder: async () => {
    await get().update({ clientToolsPath: null });
    await get().loadTools();
  },
}));
