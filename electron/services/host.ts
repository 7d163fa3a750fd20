/**
 * What a host (the Electron main process, or the browser bridge) gives the services: the
 * operating-system parts — dialogs, opening links, secret storage, the user-data folder — so both
 * run the very same services.
 */
import type { BatchOptions } from './activities/event-batcher';
import type { AzureDeps } from './azure/azure-service';
import type { SecretStore } from './settings/secret-store';

export interface ServiceHost {
  userDataDir: string;
  /** The sample restore set that ships with the app. */
  sampleSetPath: string;
  /** Holds `<platform>-<arch>/bin` client tools shipped with the app. */
  bundledToolsRoot?: string;
  /** The sandbox server's folder; default: the platform's (shared with the CLI). */
  sandboxDir?: string;
  secrets: SecretStore;
  /** The folder dialog: a restore set, or the folder holding the client tools. Null when cancelled. */
  pickFolder(purpose: 'restore-set' | 'client-tools'): Promise<string | null>;
  /** Asks the user whether to open (or download into) a folder whose path was typed or pasted (not chosen by dialog or drop). */
  confirmFolder(path: string, purpose?: 'open' | 'download'): Promise<boolean>;
  /** Where to save an exported report or script (a save dialog); null when the user cancels. */
  chooseExportPath(defaultName: string): Promise<string | null>;
  /** Opens an already-checked http(s) URL in the user's browser. */
  openExternal(url: string): Promise<void>;
  batch?: BatchOptions;
  /** Azure: a bearer token and an ARM endpoint given to the host (AZURE_ACCESS_TOKEN, PGFLEX_ARM_ENDPOINT), the job poll interval. */
  azure?: Pick<AzureDeps, 'accessToken' | 'armEndpoint' | 'pollIntervalMs' | 'networkClient'>;
}
