/** `pgflex-restore roles <folder> [--connect-as USER] [--json]`: the roles file made safe for Flexible Server, and what changed. */
import { readFile } from 'node:fs/promises';
import { findClientTools } from '../../core/binaries/find';
import { choosePsql } from '../../core/binaries/choose';
import { psqlSupportsRestrict } from '../../core/binaries/psql-features';
import { UserError } from '../../core/errors';
import { sanitizeRoles } from '../../core/replay/roles-sanitizer';
import { openRestoreSet } from '../../core/restore-set/open-restore-set';
import { parse } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../print';

export async function rolesCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, 'connect-as': { type: 'string' } });
  const folder = positionals[0];
  if (!folder) throw new UserError('bad-argument', 'roles needs a folder.', 'pgflex-restore roles <folder> [--connect-as <admin user>] [--json]');
  const set = await openRestoreSet(folder);
  if (!set.roles) throw new UserError('folder-empty', `No roles file (<guid>_roles.sql) in ${folder}.`, 'Point to the folder Azure Backup restored into.');
  const psql = choosePsql(await findClientTools());
  const result = sanitizeRoles(await readFile(set.roles.path, 'utf8'), {
    connectingRole: (values['connect-as'] as string | undefined) ?? '',
    psqlSupportsRestrict: psql ? psqlSupportsRestrict(psql) : false,
  });
  if (values.json) {
    out.json({ file: set.roles.file, sql: result.sql, removed: result.removed, skippedRoles: result.skippedRoles, notes: result.notes });
    return EXIT.ok;
  }
  out.line(`-- ${set.roles.file}, made safe for a Flexible Server admin (${result.removed.length} change(s)):`);
  for (const r of result.removed) out.line(`--   line ${r.line}: ${r.reason}`);
  out.line(result.sql);
  return EXIT.ok;
}
