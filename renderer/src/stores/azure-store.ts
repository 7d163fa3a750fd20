/**
 * The Azure journey in the renderer: the account view main holds (never a token), the choices
 * (subscription → vault → instance → point → container), the prerequisite checklist and its gate,
 * and the jobs and downloads main tracks — read again from main (the truth) every second while
 * anything runs, so a reloaded window shows them as they are.
 */
import { create } from 'zustand';
import type {
  AzureAccountView, AzureActivitiesView, AzureChoices, AzureCloudSetting, AzureDownloadView, AzureJobView, BackupInstanceView, BackupJob, ContainerView, FolderReplayView,
  PrerequisitesView, RecoveryPoint, StorageAccountView, SubscriptionView, Vault,
} from '../../../electron/contract';
import { pointWindow, type PointPeriod, type PointWindow } from '../../../electron/shared/recovery-point-window';
import { bridge } from '../lib/bridge';
import { toProblem, type Problem } from '../lib/problem';
import { anyRunning, currentGate, makesContainer, targetContainerUrl, visiblePoints } from './azure-views';
import { useNav } from './nav-store';
import { goToPlan, usePlan } from './plan-store';
import { useRestoreSet } from './restore-set-store';
import { useTarget } from './target-store';

/** Where the restored files go: an account picked from the list (a new container in it), or a pasted URL. */
export type TargetMode = 'account' | 'url';

export interface AzureState {
  account: AzureAccountView | null;
  subscriptions: SubscriptionView[];
  subscriptionId: string | null;
  vaults: Vault[];
  vaultId: string | null;
  instances: BackupInstanceView[];
  instanceId: string | null;
  period: PointPeriod;
  custom: PointWindow | null;
  points: RecoveryPoint[];
  pointId: string | null;
  storageAccounts: StorageAccountView[];
  targetMode: TargetMode;
  accountId: string | null;
  /** The chosen account's containers; `container` is one of them, or null for a new one (`newContainer`). */
  containers: ContainerView[];
  /** The account `containers` were read for (null: not read yet, or the read failed). */
  containersFor: string | null;
  container: string | null;
  newContainer: string;
  pastedUrl: string;
  checks: PrerequisitesView | null;
  overridden: string[];
  activities: AzureActivitiesView;
  vaultJobs: BackupJob[];
  /** Which job the Job screen shows, and which download the Files screen shows. */
  jobId: string | null;
  downloadId: string | null;
  downloadFolder: string;
  /** The replays that read the shown download's folder (main's answer, read with the activities). */
  folderReplays: FolderReplayView[];
  busy: string | null;
  problem: Problem | null;

  loadAccount(): Promise<void>;
  signIn(method: 'browser' | 'device-code', tenant?: string, cloud?: AzureAccountView['cloud']): Promise<void>;
  signOut(): Promise<void>;
  /** Changes the cloud and ARM endpoint (Settings); resolves whether that signed out (null: refused, the problem says why). */
  setCloud(setting: AzureCloudSetting): Promise<boolean | null>;
  pickSubscription(id: string): Promise<void>;
  pickVault(id: string): Promise<void>;
  pickInstance(id: string): Promise<void>;
  setPeriod(period: PointPeriod, custom?: PointWindow): Promise<void>;
  pickPoint(id: string): void;
  setTarget(patch: Partial<Pick<AzureState, 'targetMode' | 'accountId' | 'container' | 'newContainer' | 'pastedUrl'>>): void;
  loadStorageAccounts(): Promise<void>;
  /** Lists the chosen account's containers for the picker. */
  loadContainers(): Promise<void>;
  check(): Promise<void>;
  grantRole(): Promise<void>;
  toggleOverride(id: string): void;
  restore(): Promise<boolean>;
  refresh(): Promise<void>;
  /** Reads the account and main's jobs and downloads after a (re)load, and keeps them fresh. */
  reattach(): () => void;
  loadVaultJobs(): Promise<void>;
  trackJob(jobArmId: string): Promise<void>;
  showJob(id: string): void;
  showDownload(id: string): void;
  download(jobId?: string): Promise<boolean>;
  control(action: 'pause' | 'resume' | 'cancel'): Promise<void>;
  setDownloadFolder(folder: string): void;
  openDownloaded(): Promise<boolean>;
  /**
   * Replays one database whose dump is complete and checked while the rest downloads: the folder
   * opens as it is now, that database alone is ticked, and the journey goes on through Target
   * (checked again at once when one was checked before) and Plan — the offline journey's steps.
   */
  replayReady(database: string): Promise<boolean>;
}

const EMPTY: AzureActivitiesView = { jobs: [], downloads: [] };
/** What belongs to the account, gone once it signs out. */
const SIGNED_OUT = { subscriptions: [], subscriptionId: null, vaults: [], vaultId: null, instances: [], instanceId: null, points: [], pointId: null, storageAccounts: [], containers: [], containersFor: null, checks: null };
const POLL_MS = 1000;
const CHOICE_KEYS = ['subscriptionId', 'vaultId', 'instanceId', 'period', 'custom', 'pointId', 'targetMode', 'accountId', 'container', 'newContainer', 'pastedUrl'] as const satisfies ReadonlyArray<keyof AzureChoices>;
/** While main's choices are put back, the steps in between are not sent back to it. */
let restoringChoices = false;

export const useAzure = create<AzureState>()((set, get) => {
  /** Runs an action with a busy label; a failure becomes the screen's problem. */
  /**
   * Runs one request with its busy label and its problem. `current` says whether its answer still
   * matters: a failed answer for an earlier pick (a vault passed over with the arrow keys) neither
   * shows its error nor clears the newer request's busy label.
   */
  const act = async <T>(label: string, work: () => Promise<T>, current: () => boolean = () => true): Promise<T | undefined> => {
    set({ busy: label, problem: null });
    try {
      return await work();
    } catch (error) {
      if (current()) set({ problem: toProblem(error) });
      return undefined;
    } finally {
      if (current()) set({ busy: null });
    }
  };
  let signInPoll: ReturnType<typeof setTimeout> | null = null;
  const pollSignIn = () => {
    if (signInPoll) clearTimeout(signInPoll);
    signInPoll = setTimeout(async () => {
      signInPoll = null;
      const account = await bridge().azureAccount().catch(() => null);
      if (!account) return;
      set({ account });
      if (account.status === 'signing-in') pollSignIn();
      else if (account.status === 'signed-in') void loadSubscriptions();
    }, POLL_MS);
  };
  const loadSubscriptions = async () => {
    const subscriptions = await act('Reading your subscriptions…', () => bridge().azureSubscriptions());
    if (!subscriptions) return;
    set({ subscriptions });
    if (subscriptions.length === 1 && !get().subscriptionId) await get().pickSubscription(subscriptions[0].subscriptionId);
  };
  /**
   * Each pick supersedes the ones before it: an answer that arrives for an earlier pick (a slow
   * vault list after the user, or a reload's restore, moved on) is dropped, never applied over
   * the newer choice.
   */
  const picks = { subscription: 0, vault: 0, points: 0, account: 0 };
  const loadPoints = async () => {
    const { instanceId, period, custom } = get();
    if (!instanceId) return;
    const mine = ++picks.points;
    // Ask Azure for the widest window shown, then filter here with the same rule main uses.
    const window = period === 'custom' && custom ? custom : pointWindow(period === 'custom' ? '90d' : period, new Date());
    const points = await act('Reading the recovery points…', () => bridge().azurePoints(instanceId, window), () => mine === picks.points);
    if (!points || mine !== picks.points) return;
    set({ points });
    const shown = visiblePoints(get());
    if (!shown.some((p) => p.recoveryPointId === get().pointId)) set({ pointId: shown[0]?.recoveryPointId ?? null });
  };

  /** Puts back the choices main kept for this session (after a reload), loading each list on the way. */
  const restoreChoices = async () => {
    const c = await bridge().azureChoices().catch(() => null);
    if (!c?.subscriptionId) return;
    restoringChoices = true;
    try {
      set({ period: c.period, custom: c.custom, targetMode: c.targetMode, accountId: c.accountId, container: c.container, newContainer: c.newContainer || get().newContainer, pastedUrl: c.pastedUrl });
      if (c.subscriptionId !== get().subscriptionId) await get().pickSubscription(c.subscriptionId);
      // Each step goes on only while the user picked nothing else meanwhile: their own pick wins
      // (one made during the restore must not be reset by a choice put back after it).
      if (get().subscriptionId !== c.subscriptionId) return;
      if (c.vaultId && get().vaultId === null) await get().pickVault(c.vaultId);
      if (!c.vaultId || get().vaultId !== c.vaultId) return;
      if (c.instanceId && get().instanceId === null && get().instances.some((i) => i.id === c.instanceId)) await get().pickInstance(c.instanceId);
      if (!c.instanceId || get().instanceId !== c.instanceId) return;
      if (c.pointId && get().points.some((p) => p.recoveryPointId === c.pointId)) set({ pointId: c.pointId });
    } finally {
      restoringChoices = false;
    }
  };

  return {
    account: null, subscriptions: [], subscriptionId: null, vaults: [], vaultId: null, instances: [], instanceId: null,
    period: '30d', custom: null, points: [], pointId: null, storageAccounts: [], targetMode: 'account', accountId: null, containers: [], containersFor: null, container: null, newContainer: '', pastedUrl: '',
    checks: null, overridden: [], activities: EMPTY, vaultJobs: [], jobId: null, downloadId: null, downloadFolder: '', folderReplays: [], busy: null, problem: null,

    loadAccount: async () => {
      const account = await act('Reading the account…', () => bridge().azureAccount());
      if (!account) return;
      set({ account, newContainer: get().newContainer || account.freshContainer });
      if (account.status === 'signed-in' && !get().subscriptionId) await restoreChoices();
      if (account.status === 'signed-in' && get().subscriptions.length === 0) await loadSubscriptions();
      if (account.status === 'signing-in') pollSignIn();
    },
    signIn: async (method, tenant, cloud) => {
      const account = await act('Starting the sign-in…', () => bridge().azureSignIn({ method, ...(tenant ? { tenant } : {}), ...(cloud ? { cloud } : {}) }));
      if (!account) return;
      set({ account });
      if (account.status === 'signing-in') pollSignIn();
      else if (account.status === 'signed-in') await loadSubscriptions();
    },
    signOut: async () => {
      const account = await act('Signing out…', () => bridge().azureSignOut());
      if (account) set({ account, ...SIGNED_OUT });
    },
    setCloud: async (setting) => {
      const r = await act('Changing the cloud…', () => bridge().azureSetCloud(setting));
      if (!r) return null;
      set({ account: r.account, ...(r.signedOut ? SIGNED_OUT : {}) });
      return r.signedOut;
    },
    pickSubscription: async (id) => {
      const mine = ++picks.subscription;
      picks.vault++;
      picks.points++;
      set({ subscriptionId: id, vaults: [], vaultId: null, instances: [], instanceId: null, points: [], pointId: null, storageAccounts: [], checks: null });
      const vaults = await act('Reading the Backup vaults…', () => bridge().azureVaults(id), () => mine === picks.subscription);
      if (mine !== picks.subscription) return;
      if (vaults) set({ vaults });
      if (vaults?.length === 1) await get().pickVault(vaults[0].id);
    },
    pickVault: async (id) => {
      const mine = ++picks.vault;
      picks.points++;
      set({ vaultId: id, instances: [], instanceId: null, points: [], pointId: null, checks: null });
      const instances = await act('Reading the backup instances…', () => bridge().azureInstances(id), () => mine === picks.vault);
      if (mine !== picks.vault) return;
      if (instances) set({ instances });
    },
    pickInstance: async (id) => {
      picks.points++;
      set({ instanceId: id, points: [], pointId: null, checks: null, vaultJobs: [] });
      await loadPoints();
    },
    setPeriod: async (period, custom) => {
      set({ period, custom: custom ?? (period === 'custom' ? get().custom : null) });
      if (period === 'custom' && !custom && !get().custom) return;
      await loadPoints();
    },
    pickPoint: (id) => set({ pointId: id }),
    setTarget: (patch) => {
      const accountChanged = patch.accountId !== undefined && patch.accountId !== get().accountId;
      set({ ...patch, ...(accountChanged ? { container: null, containers: [], containersFor: null } : {}), checks: null, overridden: [] });
      if (accountChanged) void get().loadContainers();
    },
    loadStorageAccounts: async () => {
      const { subscriptionId } = get();
      if (!subscriptionId || get().storageAccounts.length) return;
      const accounts = await act('Reading the storage accounts…', () => bridge().azureStorageAccounts(subscriptionId));
      if (!accounts) return;
      set({ storageAccounts: accounts, accountId: get().accountId ?? accounts[0]?.id ?? null });
      await get().loadContainers();
    },
    loadContainers: async () => {
      const { accountId } = get();
      if (!accountId) return;
      const mine = ++picks.account;
      const containers = await act('Reading the containers…', () => bridge().azureContainers(accountId));
      if (!containers || mine !== picks.account) return;
      // A kept choice that no longer exists falls back to a new container.
      set({ containers, containersFor: accountId, container: containers.some((c) => c.name === get().container) ? get().container : null });
    },
    check: async () => {
      const { instanceId } = get();
      const url = targetContainerUrl(get());
      if (!instanceId || !url) {
        set({ problem: { code: 'bad-argument', message: 'Choose where the files go first.', hint: 'Pick a storage account (a new container is proposed), or paste a Container URL.' } });
        return;
      }
      const checks = await act('Checking the prerequisites…', () => bridge().azureCheckRestore(instanceId, url));
      if (checks) set({ checks, overridden: get().overridden.filter((id) => checks.checks.some((c) => c.id === id && c.status === 'unknown')) });
    },
    grantRole: async () => {
      const { instanceId } = get();
      const url = targetContainerUrl(get());
      if (!instanceId || !url) return;
      const checks = await act('Granting the role…', () => bridge().azureGrantRole(instanceId, url));
      if (checks) set({ checks });
    },
    toggleOverride: (id) => set((s) => ({ overridden: s.overridden.includes(id) ? s.overridden.filter((x) => x !== id) : [...s.overridden, id] })),
    restore: async () => {
      const s = get();
      const url = targetContainerUrl(s);
      if (!s.instanceId || !s.pointId || !url || !currentGate(s).canSend) return false;
      const job = await act('Validating and sending the restore…', () => bridge().azureStartRestore({
        instanceId: s.instanceId!, recoveryPointId: s.pointId!, containerUrl: url, createContainer: makesContainer(s), overriddenUnknown: s.overridden,
      }));
      if (!job) return false;
      set((st) => ({ jobId: job.id, activities: { ...st.activities, jobs: [job, ...st.activities.jobs.filter((j) => j.id !== job.id)] } }));
      useNav.getState().go('azure-job');
      return true;
    },
    refresh: async () => {
      const activities = await bridge().azureActivities().catch(() => null);
      if (!activities) return;
      const s = get();
      const downloadId = s.downloadId && activities.downloads.some((d) => d.id === s.downloadId) ? s.downloadId : activities.downloads[0]?.id ?? null;
      const folder = activities.downloads.find((d) => d.id === downloadId)?.folder;
      const folderReplays = folder ? await bridge().folderReplays(folder).catch(() => get().folderReplays) : [];
      set({ activities, jobId: s.jobId && activities.jobs.some((j) => j.id === s.jobId) ? s.jobId : activities.jobs[0]?.id ?? null, downloadId, folderReplays });
    },
    reattach: () => {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const loop = async () => {
        await get().refresh();
        if (!stopped) timer = setTimeout(loop, anyRunning(get().activities) ? POLL_MS : POLL_MS * 5);
      };
      void get().loadAccount();
      void loop();
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
    },
    loadVaultJobs: async () => {
      const { instanceId } = get();
      if (!instanceId) return;
      const vaultJobs = await act('Reading the vault\'s restore jobs…', () => bridge().azureVaultJobs(instanceId));
      if (vaultJobs) set({ vaultJobs });
    },
    trackJob: async (jobArmId) => {
      const job = await act('Picking the job up…', () => bridge().azureTrackJob(jobArmId));
      if (!job) return;
      set((st) => ({ jobId: job.id, activities: { ...st.activities, jobs: [job, ...st.activities.jobs.filter((j) => j.id !== job.id)] } }));
      useNav.getState().go('azure-job');
    },
    showJob: (id) => set({ jobId: id }),
    showDownload: (id) => set({ downloadId: id }),
    download: async (jobId) => {
      const s = get();
      const job = s.activities.jobs.find((j) => j.id === (jobId ?? s.jobId));
      if (!job || !s.account) return false;
      const container = job.containerUrl.split('/').pop() ?? 'restore';
      const folder = s.downloadFolder.trim() || `${s.account.downloadRoot}/${container}`;
      const view = await act('Starting the download…', () => bridge().azureStartDownload({ containerUrl: job.containerUrl, folder, jobId: job.id }));
      if (!view) return false;
      set((st) => ({ downloadId: view.id, downloadFolder: folder, activities: { ...st.activities, downloads: [view, ...st.activities.downloads.filter((d) => d.id !== view.id)] } }));
      useNav.getState().go('azure-files');
      return true;
    },
    control: async (action) => {
      const id = get().downloadId;
      if (!id) return;
      const view = await act(action === 'pause' ? 'Pausing…' : action === 'resume' ? 'Resuming…' : 'Cancelling…', () => bridge().azureControlDownload(id, action));
      if (view) set((st) => ({ activities: { ...st.activities, downloads: st.activities.downloads.map((d) => (d.id === view.id ? view : d)) } }));
    },
    setDownloadFolder: (folder) => set({ downloadFolder: folder }),
    openDownloaded: async () => {
      const d = selectedDownload(get());
      if (!d) return false;
      return useRestoreSet.getState().open(d.folder);
    },
    replayReady: async (database) => {
      const d = selectedDownload(get());
      if (!d) return false;
      // Opening the set voids the target's check (made for another set): one checked before is checked again, for this one.
      const hadTarget = useTarget.getState().target !== null;
      if (!(await useRestoreSet.getState().open(d.folder))) {
        set({ problem: useRestoreSet.getState().problem });
        return false;
      }
      const view = useRestoreSet.getState().view!;
      if (!view.databases.some((db) => db.name === database)) {
        set({ problem: { code: 'download-incomplete', message: `The dump of ${database} is not in the folder yet.`, hint: 'Wait until the Files screen shows it ready, then try again.' } });
        return false;
      }
      usePlan.getState().setFocus(view, [database]);
      if (hadTarget && (await useTarget.getState().check())) goToPlan();
      else useNav.getState().go('target');
      return true;
    },
  };
});

// Every change of a choice is kept in main (the truth a reloaded window reads back): one call at a
// time, each with the latest choices, so an older answer can never land after a newer one.
let keeping: Promise<unknown> = Promise.resolve();
let unsent: AzureChoices | null = null;
useAzure.subscribe((state, prev) => {
  if (restoringChoices || CHOICE_KEYS.every((k) => state[k] === prev[k])) return;
  unsent = Object.fromEntries(CHOICE_KEYS.map((k) => [k, state[k]])) as unknown as AzureChoices;
  keeping = keeping.then(() => {
    const choices = unsent;
    unsent = null;
    return choices ? bridge().azureKeepChoices(choices) : undefined;
  }).catch(() => undefined);
});

/** The job the Job screen shows. */
export function selectedJob(s: Pick<AzureState, 'activities' | 'jobId'>): AzureJobView | null {
  return s.activities.jobs.find((j) => j.id === s.jobId) ?? null;
}

/** The download the Files screen shows. */
export function selectedDownload(s: Pick<AzureState, 'activities' | 'downloadId'>): AzureDownloadView | null {
  return s.activities.downloads.find((d) => d.id === s.downloadId) ?? null;
}
