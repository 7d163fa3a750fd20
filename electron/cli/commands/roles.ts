/**
 * `pgflex-restore roles <folder> [--target <uri> | --sandbox] [--connect-as USER] [--json]`: the
 * roles file exactly as `replay` would run it — made safe for Flexible Server with the same options
 * (rolesSanitizeOptions) — and what changed. With a target, its pre-flight supplies the connecting
 * role, the server version and the superusers to leave alone; without one, `--connect-as` names
 * the admin and nothing else is known.
 */
import { readRegularText } from '../../core/regular-file';
import { findClientTools } from '../../core/binaries/find';
import { UserError } from '../../core/errors';
import { sanitizeRoles } from '../../core/replay/roles-sanitizer';
import { rolesSanitizeOptions, type RolesTargetFacts } from '../../core/replay/sanitizer-options';
import { openRestoreSet } from '../../core/restore-set/open-restore-set';
import { startSandbox } from '../../core/sandbox/sandbox';
import { preflight } from '../../core/target/preflight';
import { parseTargetUri } from '../../core/target/target-uri';
import type { TargetConnection } from '../../core/target/types';
import { parse } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../print';
import { usageLines } from '../usage';

const USAGE = usageLines('roles')!.trim();

/** The target's facts the sanitiser uses, read by the same pre-flight as the replay's. */
async function targetFacts(conn: TargetConnection): Promise<RolesTargetFacts> {
  return preflight(conn, { databases: [], archiveVersions: [] });
}

export async function rolesCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, {
    json: { type: 'boolean' }, 'connect-as': { type: 'string' }, target: { type: 'string' }, sandbox: { type: 'boolean' },
    'sandbox-dir': { type: 'string' }, 'client-tools': { type: 'string' },
  });
  const folder = positionals[0];
  if (!folder) throw new UserError('bad-argument', 'roles needs a folder.', USAGE);
  const connectAs = values['connect-as'] as string | undefined;
  if ([values.target, values.sandbox, connectAs].filter(Boolean).length > 1) {
    throw new UserError('bad-argument', 'Give one of --target, --sandbox or --connect-as.', `A target tells the connecting role itself. ${USAGE}`);
  }
  const set = await openRestoreSet(folder);
  if (!set.roles) throw new UserError('folder-empty', `No roles file (<guid>_roles.sql) in ${folder}.`, 'Point to the folder Azure Backup restored into.');
  const tools = await findClientTools({ settingPath: values['client-tools'] as string | undefined });
  let facts: RolesTargetFacts | null = connectAs ? { currentUser: connectAs } : null;
  if (values.target) facts = await targetFacts(parseTargetUri(values.target as string, process.env));
  if (values.sandbox) {
    const sandbox = await startSandbox({ dir: values['sandbox-dir'] as string | undefined });
    try {
      facts = await targetFacts(sandbox.connection);
    } finally {
      await sandbox.stop();
    }
  }
  const result = sanitizeRoles(await readRegularText(set.roles.path), rolesSanitizeOptions(tools, facts));
  if (values.json) {
    out.json({ file: set.roles.file, sql: result.sql, removed: result.removed, skippedRoles: result.skippedRoles, notes: result.notes });
    return EXIT.ok;
  }
  out.line(`-- ${set.roles.file}, made safe for a Flexible Server admin (${result.removed.length} change(s)):`);
  for (const r of result.removed) out.line(`--   line ${r.line}: ${r.reason}`);
  out.line(result.sql);
  return EXIT.ok;
}
