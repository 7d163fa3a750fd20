/** The client tools (pg_restore, psql) found with the current settings, found once per setting. */
import { findClientTools } from '../../core/binaries/find';
import type { ClientTool } from '../../core/binaries/types';
import type { SettingsStore } from './settings-store';

export class ClientTools {
  private cache: { key: string | null; tools: Promise<ClientTool[]> } | null = null;

  constructor(private readonly settings: SettingsStore, private readonly bundledRoot: string | undefined) {}

  async list(): Promise<ClientTool[]> {
    const key = (await this.settings.get()).clientToolsPath;
    if (!this.cache || this.cache.key !== key) {
      const found = findClientTools({ settingPath: key ?? undefined, bundledRoot: this.bundledRoot });
      this.cache = { key, tools: found };
      found.catch(() => {
        this.cache = null;
      });
    }
    return this.cache.tools;
  }
}
