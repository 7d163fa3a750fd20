/** Creates, checks and drops the databases a replay restores into, over a normal connection. */
import type { ExistingPolicy } from './types';
import { UserError } from '../errors';
import { connectTarget } from '../target/connect';
import type { TargetConnection } from '../target/types';

/** Quotes an identifier for SQL ("a ""b"""). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Makes the empty database a restore goes into, honouring the policy for one that exists.
 * Returns false when the policy says to skip it.
 */
export async function prepareDatabase(conn: TargetConnection, name: string, policy: ExistingPolicy): Promise<boolean> {
  const client = await connectTarget(conn);
  try {
    const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (exists) {
      if (policy === 'skip') return false;
      if (policy === 'fail') {
        throw new UserError('database-exists', `Database "${name}" already exists on the target.`,
          'Choose another target name, or ask to skip or replace existing databases (--existing skip|replace).', { database: name });
      }
      const major = Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0].v) / 10000;
      if (major >= 13) await client.query(`DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
      else {
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await client.query(`DROP DATABASE ${quoteIdent(name)}`);
      }
    }
    await client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`);
    return true;
  } finally {
    await client.end();
  }
}
