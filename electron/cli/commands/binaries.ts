/** `pgflex-restore binaries [--json]`: the client tools found, their versions, what each can read. */
import { findClientTools } from '../../core/binaries/find';
import { archiveVersionsReadable } from '../../core/binaries/archive-versions';
import { parse } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../print';

export async function binariesCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' }, 'client-tools': { type: 'string' } });
  const tools = await findClientTools({ settingPath: values['client-tools'] as string | undefined });
  const rows = tools.map((t) => ({ ...t, readsArchives: archiveVersionsReadable(t) }));
  if (values.json) {
    out.json({ tools: rows });
  } else if (rows.length === 0) {
    out.line('No pg_restore or psql found. Install the PostgreSQL client tools (e.g. apt-get install postgresql-client) or pass --client-tools <folder>.');
  } else {
    for (const t of rows) {
      const reads = t.readsArchives ? `  reads archives ${t.readsArchives.oldest}–${t.readsArchives.newest}` : '';
      out.line(`${t.name.padEnd(10)} ${t.version.padEnd(8)} ${t.source.padEnd(8)} ${t.path}${reads}`);
    }
  }
  return tools.some((t) => t.name === 'pg_restore') ? EXIT.ok : EXIT.input;
}
