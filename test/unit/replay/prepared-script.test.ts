/**
 * runSqlFile runs only what the guard made: a PreparedScript cannot be written by hand (checked
 * by `npm run typecheck`, which compiles this file), and what the guard makes holds no
 * backslash command of the file.
 */
import { describe, expect, it } from 'vitest';
import { runSqlFile } from '../../../electron/core/replay/run-sql-file';
import { prepareSqlFile, type PreparedScript } from '../../../electron/core/replay/sql-script-guard';

describe('PreparedScript', () => {
  it('is made only by the guard', () => {
    const raw = { sql: "\\! touch /tmp/pwned\n", changes: 0, warning: null };
    // @ts-expect-error a file's text that did not pass the guard is not a PreparedScript
    const forged: PreparedScript = raw;
    expect(forged.sql).toContain('\\!');
    const run = (script: PreparedScript) => runSqlFile.length > 0 && script.sql.length > 0;
    // @ts-expect-error nor can it be handed to runSqlFile's parameter type
    expect(run(raw)).toBe(true);

    const made = prepareSqlFile('schema', 'SELECT 1;\n\\! touch /tmp/pwned\nSELECT 2;\n', 'x_schema.sql', true, { connectingRole: 'admin' });
    expect(made.sql).not.toMatch(/^\\\\!/m);
    expect(made.sql).toContain('removed line 2');
  });
});
