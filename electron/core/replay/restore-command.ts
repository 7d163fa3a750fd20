/** The pg_restore command line for one database: built once, shown in the plan, run as is. */

/** A libpq connection string naming only the database, quoted so any name survives. */
export function dbnameConninfo(name: string): string {
  return `dbname='${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A section pg_restore can be limited to. */
export type RestoreSection = 'pre-data' | 'data' | 'post-data';

export interface RestoreCommandInput {
  file: string;
  targetName: string;
  jobs: number;
  noOwner: boolean;
  noPrivileges: boolean;
  /** All or nothing per database; forces one job (pg_restore cannot do both). */
  singleTransaction: boolean;
  /** Only these sections (`--section`, repeatable); all when absent. */
  sections?: RestoreSection[];
  /** Only the entries a list file names (`--use-list`): one data group of a split restore. */
  list?: string;
}

/**
 * Arguments for pg_restore. The connection (host, port, user, password) travels in the child's
 * environment, never here. `--exit-on-error` is deliberately absent: one failing statement must
 * not abandon the rest; errors are collected, classified and the result reported as partial.
 */
export function restoreArgs(input: RestoreCommandInput): string[] {
  // A pre-data pass is serial in pg_restore whatever --jobs says: ask for one worker, as it uses.
  const jobs = input.singleTransaction || (input.sections?.length === 1 && input.sections[0] === 'pre-data') ? 1 : Math.max(1, input.jobs);
  const args = ['--verbose', '--no-password', '--jobs', String(jobs)];
  if (input.noOwner) args.push('--no-owner');
  if (input.noPrivileges) args.push('--no-privileges');
  if (input.singleTransaction) args.push('--single-transaction');
  for (const section of input.sections ?? []) args.push(`--section=${section}`);
  if (input.list) args.push('--use-list', input.list);
  args.push('--dbname', dbnameConninfo(input.targetName), input.file);
  return args;
}

/**
 * Rejects pg_restore argument combinations that pg_restore itself refuses only after starting:
 * parallel jobs with one transaction, --create with one transaction, parallel from standard input.
 */
export function optionConflicts(args: string[]): string[] {
  const jobsAt = args.indexOf('--jobs');
  const jobs = jobsAt >= 0 ? Number(args[jobsAt + 1]) : 1;
  const has = (flag: string) => args.includes(flag);
  const conflicts: string[] = [];
  if (jobs > 1 && has('--single-transaction')) conflicts.push('pg_restore cannot combine --jobs greater than 1 with --single-transaction.');
  if (has('--create') && has('--single-transaction')) conflicts.push('pg_restore cannot combine --create with --single-transaction.');
  if (jobs > 1 && (args[args.length - 1] === '-' || !args[args.length - 1])) {
    conflicts.push('pg_restore cannot restore in parallel from standard input: download the archive to a file first.');
  }
  return conflicts;
}
