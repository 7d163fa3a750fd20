/**
 * `npm run demo` / `pgflex-restore demo`: replays the bundled sample restore set into the local
 * sandbox PostgreSQL, then counts the rows of every table against the sample's expected counts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resourcesRoot } from '../../core/resources-root';
import { defaultOptions } from '../../core/replay/plan-replay';
import { startSandbox } from '../../core/sandbox/sandbox';
import { connectTarget } from '../../core/target/connect';
import { quoteIdent } from '../../core/replay/target-database';
import { intOption, parse } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../print';
import { runReplay } from './replay';

/** The sample restore set shipped in resources/. */
export const SAMPLE_DIR = join(resourcesRoot(), 'sample');

type Expected = { databases: Record<string, { userDatabase: boolean; tables: Record<string, number> }> };

export async function demoCommand(argv: string[], out: Out): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' }, 'sandbox-dir': { type: 'string' }, jobs: { type: 'string' } });
  const sandbox = await startSandbox({ dir: values['sandbox-dir'] as string | undefined });
  if (!values.json) out.line(`Sandbox PostgreSQL ${sandbox.version} on 127.0.0.1:${sandbox.connection.port} (data in ${sandbox.dir})\nReplaying ${SAMPLE_DIR}\n`);
  try {
    const options = { ...defaultOptions(), existing: 'replace' as const };
    options.jobs = intOption(values.jobs as string | undefined, 'jobs', options.jobs);
    const code = await runReplay(SAMPLE_DIR, sandbox.connection, options, values, out);
    if (code !== EXIT.ok) return code;
    const expected = JSON.parse(await readFile(join(SAMPLE_DIR, 'expected.json'), 'utf8')) as Expected;
    let mismatches = 0;
    // The system databases are skipped by default, so only the user databases are compared.
    for (const [db, { tables }] of Object.entries(expected.databases).filter(([, d]) => d.userDatabase)) {
      const client = await connectTarget({ ...sandbox.connection, database: db });
      try {
        for (const [table, rows] of Object.entries(tables)) {
          const [schema, name] = table.includes('.') ? [table.slice(0, table.indexOf('.')), table.slice(table.indexOf('.') + 1)] : ['public', table];
          const got = Number((await client.query(`SELECT count(*) AS n FROM ${quoteIdent(schema)}.${quoteIdent(name)}`)).rows[0].n);
          if (got !== rows) mismatches++;
          if (!values.json) out.line(`  ${got === rows ? '✓' : '✗'} ${db}: ${table} ${got} rows${got === rows ? '' : ` (expected ${rows})`}`);
        }
      } finally {
        await client.end();
      }
    }
    if (values.json) out.json({ type: 'verify', ok: mismatches === 0, mismatches });
    else out.line(mismatches ? `\n${mismatches} table(s) differ from the sample.` : '\nEvery table has the rows the sample was made with.');
    return mismatches ? EXIT.incomplete : EXIT.ok;
  } finally {
    await sandbox.stop();
  }
}
