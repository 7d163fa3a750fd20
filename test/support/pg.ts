/** Helpers for tests that talk to the shared PostgreSQL cluster. */
import pg from 'pg';
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';

/** Connection facts of the cluster started by the global setup. */
export function pgInfo() {
  return inject('pg');
}

/** A superuser libpq URI for a database of the test cluster. */
export function superUri(database = 'postgres'): string {
  const { host, port, user, password } = pgInfo();
  return `postgresql://${user}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

/** Runs SQL as the superuser against a database and returns the rows. */
export async function sql<T = Record<string, unknown>>(database: string, text: string, params: unknown[] = []): Promise<T[]> {
  const { host, port, user, password } = pgInfo();
  const client = new pg.Client({ host, port, user, password, database });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A short random suffix so that tests running at once never share a database or role name. */
export function uniq(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Holds an ACCESS EXCLUSIVE lock on `table` in `database` from its own session until `release()`:
 * a restore that reaches that table waits, so a test can act while the replay is surely running.
 */
export async function holdLock(database: string, table: string): Promise<{ release(): Promise<void> }> {
  const { host, port, user, password } = pgInfo();
  const client = new pg.Client({ host, port, user, password, database });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    release: async () => {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    },
  };
}
