/**
 * The contract's `Api`, implemented on the core engine in plain Node. The operating-system parts
 * (folder picker, save dialog, opening links, secret storage, the user-data folder) are injected,
 * so the Electron app and the browser test bridge run the very same code. Every argument is
 * checked here, whoever calls; no response ever carries a password.
 */
import { stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Api, ReplayRequest, Settings } from '../../contract';
import { findClientTools } from '../../core/binaries/find';
import type { ClientTool } from '../../core/binaries/types';
import { UserError } from '../../core/errors';
import { inspectFolder, type Inspection } from '../../core/inspect';
import { planReplay, planWithSafeRoles } from '../../core/replay/engine';
import { replayScript, SAFE_ROLES_FILE } from '../../core/replay/replay-script';
import type { BatchOptions } from './event-batcher';
import { RunRegistry, type EventSink } from './run-registry';
import type { SecretStore } from './secret-store';
import { readTextView, rolesPreview } from './set-files';
import { SettingsStore } from './settings-store';
import { TargetRegistry } from './target-registry';
import { checkEnum, checkExistingPath, checkFileName, checkFolder, checkHttpUrl, checkId, checkObject, checkPgName } from './validate';
import { checkReplayOptions, checkSettingsPatch, checkTargetInput } from './validate-requests';
import { archiveContents, restoreSetView } from './views';
import { createAzureService, type AzureDeps } from '../../services/azure/azure-service';

/** What the host (Electron main, or the browser bridge) provides. */
export interface ServiceDeps {
  userDataDir: string;
  /** The sample restore set that ships with the app. */
  sampleSetPath: string;
  /** Holds `<platform>-<arch>/bin` client tools shipped with the app. */
  bundledToolsRoot?: string;
  /** The sandbox server's folder; default: the platform's (shared with the CLI). */
  sandboxDir?: string;
  secrets: SecretStore;
  pickFolder(): Promise<string | null>;
  /** Where to save an exported report (a save dialog); null when the user cancels. */
  chooseExportPath(defaultName: string): Promise<string | null>;
  /** Opens an already-checked http(s) URL in the user's browser. */
  openExternal(url: string): Promise<void>;
  batch?: BatchOptions;
  /** Azure: a bearer token and an ARM endpoint given to the host (AZURE_ACCESS_TOKEN, PGFLEX_ARM_ENDPOINT), the job poll interval. */
  azure?: Pick<AzureDeps, 'accessToken' | 'armEndpoint' | 'pollIntervalMs' | 'networkClient'>;
}

export interface Services {
  api: Api;
  /** Batches of replay events, for every run; returns the unsubscribe function. */
  onReplayEvents(listener: EventSink): () => void;
  secrets: SecretStore;
  /** Cancels running replays and stops a sandbox this process started. */
  dispose(): Promise<void>;
}

const FORMATS = ['markdown', 'json'] as const;

/** Builds the services for one app instance. */
export function createServices(deps: ServiceDeps): Services {
  const settings = new SettingsStore(deps.userDataDir);
  const listeners = new Set<EventSink>();
  const runs = new RunRegistry((runId, events) => listeners.forEach((l) => l(runId, events)), deps.batch);
  const targets = new TargetRegistry(deps.sandboxDir);
  const inspections = new Map<string, Inspection>();
  let lastInspection: Inspection | null = null;
  const azure = createAzureService({ userDataDir: deps.userDataDir, secrets: deps.secrets, openExternal: (url) => deps.openExternal(checkHttpUrl(url)), ...deps.azure });
  let toolsCache: { key: string | null; tools: Promise<ClientTool[]> } | null = null;

  const tools = async (): Promise<ClientTool[]> => {
    const key = (await settings.get()).clientToolsPath;
    if (!toolsCache || toolsCache.key !== key) {
      const found = findClientTools({ settingPath: key ?? undefined, bundledRoot: deps.bundledToolsRoot });
      toolsCache = { key, tools: found };
      found.catch(() => {
        toolsCache = null;
      });
    }
    return toolsCache.tools;
  };

  const inspect = async (folder: string): Promise<Inspection> => {
    const inspection = await inspectFolder(folder, await tools());
    inspections.set(inspection.set.folder, inspection);
    lastInspection = inspection;
    return inspection;
  };
  /** The folder's inspection: as opened, or read now when it was not opened in this session. */
  const opened = async (value: unknown): Promise<Inspection> => {
    const folder = await checkFolder(value);
    return inspections.get(folder) ?? inspect(folder);
  };
  const replayInput = async (value: unknown) => {
    const r = checkObject(value, 'Replay request', ['folder', 'targetId', 'options']) as unknown as ReplayRequest;
    const [inspection, target, options] = [await opened(r.folder), targets.connection(checkId(r.targetId, 'Target id')), checkReplayOptions(r.options)];
    return { inspection, target, options, tools: await tools() };
  };

  const api: Api = {
    ...azure.api,
    async openSet(folder) {
      const inspection = await inspect(await checkFolder(folder));
      const s = inspection.set;
      const markerSize = s.marker ? (await stat(join(s.folder, s.marker.file)).catch(() => null))?.size ?? null : null;
      await settings.addRecent({ folder: s.folder, openedAt: new Date().toISOString(), takenAt: s.marker?.takenAt ?? null, databases: s.databases.length });
      return restoreSetView(inspection, markerSize);
    },
    pickFolder: () => deps.pickFolder(),
    sampleSetPath: async () => deps.sampleSetPath,
    async archiveContents(folder, file) {
      const inspection = await opened(folder);
      const name = checkFileName(file);
      const archive = inspection.archives.get(name);
      if (!archive) {
        const problem = inspection.problems.get(name);
        if (problem) throw problem;
        throw new UserError('bad-argument', `"${name}" is not a database dump of this restore set.`, 'Pick one of the databases listed for the set.');
      }
      return archiveContents(name, archive);
    },
    async readTextFile(folder, file) {
      return readTextView(await opened(folder), checkFileName(file));
    },
    async rolesPreview(folder) {
      return rolesPreview(await opened(folder), await tools(), targets.latest());
    },
    listTools: () => tools(),
    async checkTarget(input) {
      return targets.check(checkTargetInput(input), lastInspection, await tools());
    },
    async planReplay(request) {
      return planReplay(await replayInput(request));
    },
    async startReplay(request) {
      return { runId: await runs.start(await replayInput(request)) };
    },
    cancelReplay: async (runId) => runs.cancel(checkId(runId, 'Run id')),
    retryDatabase: async (runId, database) => runs.retry(checkId(runId, 'Run id'), checkPgName(database, 'Database')),
    listActivities: async () => runs.list(),
    replayHistory: async (runId) => runs.history(checkId(runId, 'Run id')),
    report: async (runId, format) => runs.report(checkId(runId, 'Run id'), checkEnum(format, 'Format', FORMATS)),
    async exportReport(runId, format) {
      const text = runs.report(checkId(runId, 'Run id'), checkEnum(format, 'Format', FORMATS));
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const path = await deps.chooseExportPath(`pgflex-restore-report-${stamp}.${format === 'markdown' ? 'md' : 'json'}`);
      if (!path) return null;
      await writeFile(path, text, 'utf8');
      return { path };
    },
    async saveScript(request) {
      const { plan, safeRoles } = await planWithSafeRoles(await replayInput(request));
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const path = await deps.chooseExportPath(`pgflex-replay-${stamp}.sh`);
      if (!path) return null;
      await writeFile(path, replayScript(plan), { encoding: 'utf8', mode: 0o755 });
      // The roles file holds password hashes: only this user may read the copy.
      const rolesPath = safeRoles === null ? null : join(dirname(path), SAFE_ROLES_FILE);
      if (rolesPath) await writeFile(rolesPath, safeRoles!, { encoding: 'utf8', mode: 0o600 });
      return { path, rolesPath };
    },
    getSettings: () => settings.get(),
    async setSettings(patch) {
      const checked: Partial<Omit<Settings, 'recent'>> = checkSettingsPatch(patch);
      if (checked.clientToolsPath) checked.clientToolsPath = await checkExistingPath(checked.clientToolsPath, 'Client tools path');
      return settings.update(checked);
    },
    async openExternal(url) {
      await deps.openExternal(checkHttpUrl(url));
    },
  };

  return {
    api,
    secrets: deps.secrets,
    onReplayEvents(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async dispose() {
      await runs.close();
      await azure.close();
      await targets.close();
    },
  };
}
