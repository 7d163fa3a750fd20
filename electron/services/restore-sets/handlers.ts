/** The restore-set operations: open a folder (dialog, sample, recent or confirmed typed path), look into its files. */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readFolderDownload } from '../../core/azure/download/ready-files';
import { UserError } from '../../core/errors';
import type { Handlers } from '../dispatch';
import type { ServiceHost } from '../host';
import type { ClientTools } from '../settings/client-tools';
import type { SettingsStore } from '../settings/settings-store';
import type { TargetRegistry } from '../targets/target-registry';
import type { OpenedFolders } from './opened-folders';
import type { RestoreSets } from './restore-sets';
import { readTextView, rolesPreview } from './set-files';
import { archiveContents, restoreSetView } from './views';

export interface RestoreSetDeps {
  host: ServiceHost;
  folders: OpenedFolders;
  sets: RestoreSets;
  settings: SettingsStore;
  tools: ClientTools;
  targets: TargetRegistry;
}

type RestoreSetHandlers = Pick<Handlers, 'openSet' | 'pickFolder' | 'sampleSetPath' | 'archiveContents' | 'readTextFile' | 'rolesPreview'>;

export function restoreSetHandlers({ host, folders, sets, settings, tools, targets }: RestoreSetDeps): RestoreSetHandlers {
  /** A folder not handed out by main is opened only when it is a recent set or the user confirms it. */
  const admit = async (folder: string): Promise<void> => {
    if (await folders.has(folder)) return;
    const recent = (await settings.get()).recent.some((r) => r.folder === resolve(folder));
    if (!recent && !(await host.confirmFolder(folder))) {
      throw new UserError('bad-argument', `Opening ${folder} was not confirmed.`, 'Choose the folder with Open folder…, or confirm the typed path when asked.');
    }
    await folders.admit(folder);
  };

  return {
    async openSet(folder) {
      await admit(folder);
      const inspection = await sets.inspect(folder);
      const s = inspection.set;
      const markerSize = s.marker ? (await stat(join(s.folder, s.marker.file)).catch(() => null))?.size ?? null : null;
      await settings.addRecent({ folder: s.folder, openedAt: new Date().toISOString(), takenAt: s.marker?.takenAt ?? null, databases: s.databases.length });
      return restoreSetView(inspection, markerSize, await readFolderDownload(s.folder));
    },
    async pickFolder() {
      const folder = await host.pickFolder('restore-set');
      return folder === null ? null : folders.admit(folder);
    },
    sampleSetPath: async () => folders.admit(host.sampleSetPath),
    async archiveContents(folder, file) {
      const inspection = await sets.get(folder);
      const archive = inspection.archives.get(file);
      if (!archive) {
        const problem = inspection.problems.get(file);
        if (problem) throw problem;
        throw new UserError('bad-argument', `"${file}" is not a database dump of this restore set.`, 'Pick one of the databases listed for the set.');
      }
      return archiveContents(file, archive);
    },
    async readTextFile(folder, file) {
      return readTextView(await sets.get(folder), file, folders);
    },
    async rolesPreview(folder, targetId) {
      return rolesPreview(await sets.get(folder), await tools.list(), targetId === null ? null : targets.result(targetId));
    },
  };
}
