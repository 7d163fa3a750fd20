/** The settings operations: read and change settings, choose the client tools (by dialog only), list them, open links. */
import type { Handlers } from '../dispatch';
import type { ServiceHost } from '../host';
import { existingFolder } from '../restore-sets/opened-folders';
import type { ClientTools } from './client-tools';
import type { SettingsStore } from './settings-store';

type SettingsHandlers = Pick<Handlers, 'getSettings' | 'setSettings' | 'chooseClientTools' | 'listTools' | 'openExternal'>;

export function settingsHandlers(host: ServiceHost, settings: SettingsStore, tools: ClientTools): SettingsHandlers {
  return {
    getSettings: () => settings.get(),
    setSettings: (patch) => settings.update(patch),
    async chooseClientTools() {
      // Only a folder the user chose in the dialog may hold the programs this app runs.
      const folder = await host.pickFolder('client-tools');
      return folder === null ? null : settings.update({ clientToolsPath: await existingFolder(folder) });
    },
    listTools: () => tools.list(),
    openExternal: (url) => host.openExternal(url),
  };
}
