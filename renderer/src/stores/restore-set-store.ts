/** The opened restore set and what the user asked to look into (archive contents, text files, roles preview). */
import { create } from 'zustand';
import type { ArchiveContents, FolderReplayView, RestoreSetView, RolesPreview, TextFileView } from '../../../electron/contract';
import { bridge } from '../lib/bridge';
import { toProblem, type Problem } from '../lib/problem';
import { useNav } from './nav-store';
import { useSettings } from './settings-store';
import { useTarget } from './target-store';

/** Something fetched on demand: loading, loaded, or failed with a problem. */
export type Loadable<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; problem: Problem };

interface RestoreSetState {
  /** The folder being opened or open. */
  folder: string;
  opening: boolean;
  view: RestoreSetView | null;
  /** The replays of this session that read the folder (e.g. databases replayed while it downloaded), as main knew them when it opened. */
  replays: FolderReplayView[];
  problem: Problem | null;
  contents: Record<string, Loadable<ArchiveContents>>;
  /** The file shown read-only in the viewer, if any. */
  text: { file: string; data: Loadable<TextFileView> } | null;
  roles: Loadable<RolesPreview> | null;
  open(folder: string): Promise<boolean>;
  openSample(): Promise<boolean>;
  pickFolder(): Promise<boolean>;
  loadContents(file: string): Promise<void>;
  viewText(file: string): Promise<void>;
  closeText(): void;
  loadRolesPreview(): Promise<void>;
}

/** True when the set holds something a replay can restore (a readable dump, or a roles file). */
export function replayable(view: RestoreSetView | null): boolean {
  return Boolean(view && (view.databases.some((d) => !d.problem) || view.roles));
}

/** The restore set store: opening a folder moves the journey to the Restore set screen. */
export const useRestoreSet = create<RestoreSetState>()((set, get) => ({
  folder: '',
  opening: false,
  view: null,
  replays: [],
  problem: null,
  contents: {},
  text: null,
  roles: null,
  open: async (folder) => {
    const path = folder.trim();
    if (!path) {
      set({ problem: { code: 'bad-argument', message: 'Type or paste the path of a folder first.', hint: 'For example /home/me/backups/server1-2024-04-10.' } });
      return false;
    }
    set({ folder: path, opening: true, problem: null });
    try {
      const view = await bridge().openSet(path);
      const replays = await bridge().folderReplays(view.folder).catch(() => []);
      set({ view, replays, opening: false, contents: {}, text: null, roles: null });
      useNav.getState().go('set');
      void useSettings.getState().load();
      return true;
    } catch (error) {
      set({ opening: false, problem: toProblem(error) });
      return false;
    }
  },
  openSample: async () => {
    try {
      return await get().open(await bridge().sampleSetPath());
    } catch (error) {
      set({ problem: toProblem(error) });
      return false;
    }
  },
  pickFolder: async () => {
    try {
      const folder = await bridge().pickFolder();
      return folder ? await get().open(folder) : false;
    } catch (error) {
      set({ problem: toProblem(error) });
      return false;
    }
  },
  loadContents: async (file) => {
    const view = get().view;
    if (!view || get().contents[file]?.status === 'ready') return;
    set((s) => ({ contents: { ...s.contents, [file]: { status: 'loading' } } }));
    let next: Loadable<ArchiveContents>;
    try {
      next = { status: 'ready', value: await bridge().archiveContents(view.folder, file) };
    } catch (error) {
      next = { status: 'error', problem: toProblem(error) };
    }
    set((s) => ({ contents: { ...s.contents, [file]: next } }));
  },
  viewText: async (file) => {
    const view = get().view;
    if (!view) return;
    set({ text: { file, data: { status: 'loading' } } });
    let data: Loadable<TextFileView>;
    try {
      data = { status: 'ready', value: await bridge().readTextFile(view.folder, file) };
    } catch (error) {
      data = { status: 'error', problem: toProblem(error) };
    }
    if (get().text?.file === file) set({ text: { file, data } });
  },
  closeText: () => set({ text: null }),
  loadRolesPreview: async () => {
    const view = get().view;
    if (!view) return;
    set({ roles: { status: 'loading' } });
    try {
      set({ roles: { status: 'ready', value: await bridge().rolesPreview(view.folder, useTarget.getState().target?.targetId ?? null) } });
    } catch (error) {
      set({ roles: { status: 'error', problem: toProblem(error) } });
    }
  },
}));
