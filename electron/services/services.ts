/**
 * The services behind the operation table, in plain Node: the Electron main process and the
 * browser bridge run the very same code, each giving its host parts (dialogs, links, secrets).
 * Handlers live by domain — restore-sets/, targets/, activities/ (replays), settings/, azure/ —
 * and are spread in below. Every call through `api` is checked against
 * the table, whoever calls; no response ever carries a password.
 */
import { UserError } from '../core/errors';
import type { Api, Events } from '../contract';
import type { EventName } from '../operations';
import { ActivityRegistry, type EventSink } from './activities/activity-registry';
import { activityHandlers } from './activities/handlers';
import { createAzureService } from './azure/azure-service';
import { parseArgs, validatedApi, type Handlers } from './dispatch';
import type { ServiceHost } from './host';
import { restoreSetHandlers } from './restore-sets/handlers';
import { OpenedFolders } from './restore-sets/opened-folders';
import { RestoreSets } from './restore-sets/restore-sets';
import { ClientTools } from './settings/client-tools';
import { settingsHandlers } from './settings/handlers';
import type { SecretStore } from './settings/secret-store';
import { SettingsStore } from './settings/settings-store';
import { targetHandlers } from './targets/handlers';
import { TargetRegistry } from './targets/target-registry';

export type { ServiceHost };

/** Any event of the table, as transports forward it. */
export type AnyEventListener = (name: EventName, args: unknown[]) => void;

export interface Services {
  /** Every operation, arguments checked against the table. */
  api: Api;
  /** Listens to one event; returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: Events[K]): () => void;
  /** Listens to every event (IPC and the browser bridge forward them); returns the unsubscribe function. */
  onAny(listener: AnyEventListener): () => void;
  secrets: SecretStore;
  /** Cancels running activities and stops a sandbox this process started. */
  dispose(): Promise<void>;
}

/** Builds the services for one app instance. */
export function createServices(host: ServiceHost): Services {
  const listeners = new Set<AnyEventListener>();
  const sink: EventSink = (name, ...payload) => listeners.forEach((l) => l(name, payload));
  const settings = new SettingsStore(host.userDataDir);
  const tools = new ClientTools(settings, host.bundledToolsRoot);
  const folders = new OpenedFolders();
  const sets = new RestoreSets(folders, () => tools.list());
  const targets = new TargetRegistry(host.sandboxDir);
  const activities = new ActivityRegistry(sink, host.batch);
  const targetOps = targetHandlers(targets, sets, tools);
  const azure = createAzureService({ activities, userDataDir: host.userDataDir, secrets: host.secrets, openExternal: (url) => host.openExternal(parseArgs('openExternal', [url])[0]), ...host.azure,
    checkServer: (folder, input) => targetOps.checkTarget(folder, input),
    admitDownloadFolder: async (folder) => {
      if ((await folders.has(folder).catch(() => false)) || (await host.confirmFolder(folder, 'download'))) return;
      throw new UserError('bad-argument', `Downloading into ${folder} was not confirmed; nothing was written.`, 'Confirm the folder when asked, or choose another one.');
    },
    folderUsed: async (folder) => void (await folders.admit(folder)) });

  const handlers: Handlers = {
    ...restoreSetHandlers({ host, folders, sets, settings, tools, targets }),
    ...targetOps,
    ...activityHandlers({ host, activities, sets, targets, tools }),
    ...settingsHandlers(host, settings, tools),
    ...azure.api,
  };

  const onAny = (listener: AnyEventListener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    api: validatedApi(handlers),
    on: (name, listener) => onAny((n, args) => {
      if (n === name) (listener as (...a: unknown[]) => void)(...args);
    }),
    onAny,
    secrets: host.secrets,
    async dispose() {
      await activities.close();
      await azure.close();
      await targets.close();
    },
  };
}
