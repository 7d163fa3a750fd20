/**
 * What the pre-flight checks the target against: the databases a replay with these options would
 * restore, under their target names. One home for the Target screen (default options: the
 * non-system databases under their own names) and the plan (the user's choices).
 */
import type { Inspection } from '../inspect';
import { SYSTEM_DATABASES } from '../restore-set/types';
import type { PreflightInput } from '../target/types';
import { selectedDatabases } from './plan';
import type { ReplayOptions } from './types';

/** The choices that decide which databases are checked, under which names, and with how many workers. */
export type PreflightChoices = Pick<ReplayOptions, 'databases' | 'includeSystem' | 'rename'> & Partial<Pick<ReplayOptions, 'jobs'>>;

const DEFAULT_CHOICES: PreflightChoices = { includeSystem: false, rename: {} };

/** The pre-flight input for a set (none yet: nothing to check but the server) and the replay's choices. */
export function preflightInput(inspection: Inspection | null, choices: PreflightChoices = DEFAULT_CHOICES): PreflightInput {
  const jobs = choices.jobs ? { jobs: choices.jobs } : {};
  if (!inspection) return { databases: [], archiveVersions: [], ...jobs };
  const selected = selectedDatabases(inspection, choices);
  const databases = inspection.set.databases
    .filter((f) => f.database && selected.has(f.database) && (choices.includeSystem || !SYSTEM_DATABASES.has(f.database)))
    .map((f) => {
      const name = f.database!;
      const a = inspection.archives.get(f.file);
      return { name, targetName: choices.rename[name] ?? name, extensions: a?.extensions ?? [], owners: a?.owners ?? [] };
    });
  return { databases, archiveVersions: [...inspection.archives.values()].map((a) => a.archiveVersion), ...jobs };
}
