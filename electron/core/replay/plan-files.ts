/** The files of the set a plan reads, and the refusal when one of them changed since the folder was read. */
import { assertUnchanged } from '../restore-set/file-stamp';
import type { RestoreFile, RestoreSet } from '../restore-set/types';
import type { ReplayPlan } from './types';

/** The set's file at `path` (a plan names its files by path), as it was when the folder was read. */
export function setFileAt(set: RestoreSet, path: string): RestoreFile {
  const f = [...set.databases, set.roles, set.schema, set.tablespaces].find((x) => x?.path === path);
  if (!f) throw new Error(`the plan names ${path}, which is not a file of the set`);
  return f;
}

/** Throws UserError 'set-changed' when a plain-SQL file the plan runs or a dump it restores is no longer the file that was read. */
export async function assertPlanUnchanged(plan: ReplayPlan, set: RestoreSet): Promise<void> {
  const paths = [...plan.files.filter((f) => f.action === 'run').map((f) => f.file!), ...plan.databases.filter((d) => d.action === 'restore').map((d) => d.file)];
  await assertUnchanged(paths.map((p) => setFileAt(set, p)));
}
