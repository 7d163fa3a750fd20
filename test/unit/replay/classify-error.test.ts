import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../electron/core/replay/classify-error';

describe('classifyError', () => {
  it.each([
    ['role "app" already exists', 'benign'],
    ['schema "public" already exists', 'benign'],
    ['must be owner of extension plpgsql', 'benign'],
    ['role "azure_pg_admin" does not exist', 'ownership'],
    ['must be superuser to alter superuser roles or change superuser attribute', 'privilege'],
    ['permission denied to create extension "pg_cron"', 'privilege'],
    ['extension "pg_cron" is not allow-listed for "azure_pg_admin" users in Azure Database for PostgreSQL', 'extension'],
    ['could not open extension control file "/usr/share/postgresql/15/extension/postgis.control": No such file or directory', 'extension'],
    ['could not find block ID 3400 in archive -- possibly corrupt archive', 'data'],
    ['duplicate key value violates unique constraint "t_pkey"', 'data'],
    ['relation "public.t" does not exist', 'missing-object'],
    ['relation "b" already exists', 'other'],
    // The server itself: its disk full (COPY's error names a table, but the data is not what is wrong), then its restart.
    ['COPY failed for table "order_lines": ERROR:  could not extend file "base/16384/16476": No space left on device', 'server'],
    ['could not write to file "pg_wal/xlogtemp.123": No space left on device', 'server'],
    ['FATAL:  the database system is not yet accepting connections', 'server'],
    ['WARNING:  terminating connection because of crash of another server process', 'server'],
  ])('%s → %s', (message, category) => {
    const c = classifyError(message);
    expect(c.category).toBe(category);
    expect(c.benign).toBe(category === 'benign');
    expect(c.explanation.length).toBeGreaterThan(10);
  });
});
