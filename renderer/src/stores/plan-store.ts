/** What to replay and how: database choice, target names, job budget, owner/privilege options, and the engine's plan for it. */
import { create } from 'zustand';
import type { ExistingPolicy, FolderReplayView, ReplayOptions, ReplayPlan, ReplayRequest, RestoreSetView, TargetView } from '../../../electron/contract';
import { blockingExisting, blockingReplace, LONG_NAME_FIX, nameTooLong } from '../../../electron/shared/existing-databases';
import { DEFAULT_REPLAY_CHOICES } from '../../../electron/shared/replay-options';
import { bridge } from '../lib/bridge';
import { toProblem, type Problem } from '../lib/problem';
import { useNav } from './nav-store';
import { useRestoreSet } from './restore-set-store';
import { useSettings } from './settings-store';
import { useTarget } from './target-store';

/** The engine's options the Plan screen edits directly, plus the per-database ticks and names. */
export interface PlanChoices extends Pick<ReplayOptions, 'jobs' | 'existing' | 'owner' | 'noPrivileges' | 'singleTransaction' | 'roles' | 'schemaFile' | 'tablespacesFile'> {
  /** Source database → ticked. */
  selected: Record<string, boolean>;
  /** Source database → target name as typed. */
  targetNames: Record<string, string>;
}

interface PlanState {
  /** The restore set the choices were made for (the plan never mixes two sets). */
  view: RestoreSetView | null;
  choices: PlanChoices | null;
  /** Identity of the set/target the choices were made for. */
  basis: { folder: string; targetId: string } | null;
  plan: ReplayPlan | null;
  planning: boolean;
  problem: Problem | null;
  /** Only these databases are ticked by default for this view (one dump replayed while the others download). */
  focus: { view: RestoreSetView; databases: string[] } | null;
  setFocus(view: RestoreSetView, databases: string[]): void;
  /** Starts over for a set and a target (keeps choices when both are unchanged). */
  prepare(view: RestoreSetView, target: TargetView, defaultJobs: number): void;
  choose(patch: Partial<PlanChoices>): void;
  toggle(database: string, on: boolean): void;
  rename(database: string, targetName: string): void;
  refresh(): Promise<void>;
  /** Forgets choices and plan (another set or target). */
  reset(): void;
  /** The request `planReplay`/`startReplay` take, built from the choices. */
  request(): ReplayRequest | null;
}

/** A name for `name` that is not in `taken`: name_restored, name_restored_2… */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? `${name}_restored` : `${name}_restored_${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** What earlier replays of this folder already did on the target's server: databases restored (or restoring) there, and whether the roles ran. */
export function alreadyReplayed(replays: readonly FolderReplayView[], target: Pick<TargetView, 'host' | 'port'>): { databases: Set<string>; roles: boolean } {
  const here = replays.filter((r) => r.target.host === target.host && r.target.port === target.port);
  const done = (status: string) => status === 'replaying' || status === 'restored' || status === 'partial';
  return {
    databases: new Set(here.flatMap((r) => r.databases.filter((d) => done(d.status)).map((d) => d.name))),
    roles: here.some((r) => r.roles !== null && done(r.roles)),
  };
}

/**
 * Default choices: non-system databases ticked (only `focus` when given), conflicting names
 * renamed, roles on when the set has them — except, in a folder a download brings (replayed piece by
 * piece while it arrives), what an earlier replay of it already restored on this server (left
 * unticked: ticking it again meets the usual existing-database rules). An offline folder replayed
 * again gets today's defaults: every database, under a free name.
 */
export function defaultChoices(view: RestoreSetView, target: TargetView, defaultJobs: number, replays: readonly FolderReplayView[] = [], focus: string[] | null = null): PlanChoices {
  const taken = new Set(target.existingDatabases);
  const before = alreadyReplayed(view.downloaded ? replays : [], target);
  const selected: Record<string, boolean> = {};
  const targetNames: Record<string, string> = {};
  for (const db of view.databases) {
    // A damaged dump stays asked for: the replay then reports it "not restored" with its reason.
    selected[db.name] = focus ? focus.includes(db.name) : !db.system && !before.databases.has(db.name);
    const name = db.system ? db.name : freeName(db.name, taken);
    targetNames[db.name] = name;
    if (selected[db.name]) taken.add(name);
  }
  return {
    ...DEFAULT_REPLAY_CHOICES, selected, targetNames, jobs: Math.max(1, defaultJobs), roles: DEFAULT_REPLAY_CHOICES.roles && Boolean(view.roles) && !before.roles,
  };
}

/** Builds the engine request from choices: only ticked databases, only real renames. */
export function buildRequest(folder: string, targetId: string, view: RestoreSetView, c: PlanChoices): ReplayRequest {
  const databases = view.databases.filter((d) => c.selected[d.name]).map((d) => d.name);
  const rename: Record<string, string> = {};
  for (const name of databases) {
    const to = (c.targetNames[name] ?? '').trim();
    if (to && to !== name) rename[name] = to;
  }
  return {
    folder, targetId,
    options: {
      jobs: c.jobs, databases, includeSystem: view.databases.some((d) => d.system && c.selected[d.name]),
      existing: c.existing, rename, owner: c.owner, noPrivileges: c.noPrivileges, singleTransaction: c.singleTransaction, roles: c.roles,
      schemaFile: c.schemaFile, tablespacesFile: c.tablespacesFile,
    },
  };
}

let sequence = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

/** The plan store. Every change re-asks the engine for the plan (debounced), so the commands shown are always the ones that will run. */
export const usePlan = create<PlanState>()((set, get) => {
  const schedule = (): void => {
    clearTimeout(timer);
    set({ planning: true });
    timer = setTimeout(() => void get().refresh(), 250);
  };
  return {
    view: null,
    choices: null,
    basis: null,
    plan: null,
    planning: false,
    problem: null,
    focus: null,
    setFocus: (view, databases) => set({ focus: { view, databases } }),
    prepare: (nextView, target, defaultJobs) => {
      const { basis, view, focus } = get();
      if (view === nextView && basis?.targetId === target.targetId && get().choices) return;
      const only = focus?.view === nextView ? focus.databases : null;
      const choices = defaultChoices(nextView, target, defaultJobs, useRestoreSet.getState().replays, only);
      set({ view: nextView, basis: { folder: nextView.folder, targetId: target.targetId }, choices, plan: null, problem: null });
      schedule();
    },
    choose: (patch) => {
      const choices = get().choices;
      if (!choices) return;
      set({ choices: { ...choices, ...patch } });
      schedule();
    },
    toggle: (database, on) => {
      const choices = get().choices;
      if (choices) get().choose({ selected: { ...choices.selected, [database]: on } });
    },
    rename: (database, targetName) => {
      const choices = get().choices;
      if (choices) get().choose({ targetNames: { ...choices.targetNames, [database]: targetName } });
    },
    reset: () => {
      clearTimeout(timer);
      sequence++;
      set({ view: null, choices: null, basis: null, plan: null, planning: false, problem: null });
    },
    request: () => {
      const { basis, choices, view } = get();
      return basis && choices && view ? buildRequest(basis.folder, basis.targetId, view, choices) : null;
    },
    refresh: async () => {
      const request = get().request();
      if (!request) return;
      const mine = ++sequence;
      // A new name the server would cut short is said here, not sent (main refuses it as a bad request).
      const tooLong = Object.values(request.options.rename).map(nameTooLong).filter((why) => why !== null);
      if (tooLong.length) {
        set({ plan: null, planning: false, problem: { code: 'bad-argument', message: `${tooLong.join('; ')}.`, hint: LONG_NAME_FIX } });
        return;
      }
      set({ planning: true });
      try {
        const plan = await bridge().planReplay(request);
        if (mine === sequence) set({ plan, planning: false, problem: null });
      } catch (error) {
        if (mine === sequence) set({ plan: null, planning: false, problem: toProblem(error) });
      }
    },
  };
});

/** Databases the plan restores into a name that exists while the policy is to stop: the replay would refuse to start. */
export function conflicts(plan: ReplayPlan | null, existing: ExistingPolicy): string[] {
  return blockingExisting(plan?.databases ?? [], existing);
}

// Each step is bound to what it was made from: another set (or the same folder read again)
// voids the target's checks and the plan; another target voids the plan.
useRestoreSet.subscribe((now, before) => {
  if (now.view === before.view) return;
  useTarget.getState().forget();
  usePlan.getState().reset();
});
useTarget.subscribe((now, before) => {
  if (now.target !== before.target && usePlan.getState().basis?.targetId !== now.target?.targetId) usePlan.getState().reset();
});

/** Databases the plan would replace: they exist and the policy is to drop and recreate them. */
export function replaced(plan: ReplayPlan | null, existing: ExistingPolicy): string[] {
  return existing === 'replace' ? (plan?.databases ?? []).filter((d) => d.action === 'restore' && d.exists).map((d) => d.targetName) : [];
}

/** Moves from Target to Plan, preparing choices for the open set and the checked target. */
export function goToPlan(): void {
  const setView = useRestoreSet.getState().view;
  const target = useTarget.getState().target;
  if (!setView || !target) return;
  usePlan.getState().prepare(setView, target, useSettings.getState().settings?.defaultJobs ?? 2);
  useNav.getState().go('plan');
}

/** Existing target names the plan would replace but the server cannot drop (the database the connection uses, a template, Azure's own). */
export function undroppables(plan: ReplayPlan | null, existing: ExistingPolicy): { targetName: string; why: string }[] {
  return plan ? blockingReplace(plan.databases, existing, plan.target.database) : [];
}
