import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RestoreErrors } from '../../../electron/core/replay/restore-errors';
import { parseRestoreLine } from '../../../electron/core/replay/restore-log';
import { TOC } from './toc-fixture';

describe('RestoreErrors', () => {
  it('collects every error of a real run with its item and command, and the ignored count', () => {
    const errors = new RestoreErrors(new Map(TOC.map((e) => [e.dumpId, e])));
    const raw = readFileSync(new URL('../../fixtures/pg_restore-15-parallel-errors.txt', import.meta.url), 'utf8').split('\n');
    for (const line of raw) errors.apply(parseRestoreLine(line), line);
    // pg_restore's own count (10) includes its workers' tallies; 7 errors are printed with their entry.
    expect(errors.ignored).toBe(10);
    expect(errors.errors).toHaveLength(7);
    const copy = errors.errors.find((e) => e.tocId === 3400)!;
    expect(copy.category).toBe('data');
    expect(copy.message).toContain('DETAIL:  Key (id)=(1) already exists.');
    expect(errors.fatal).toBeNull();
    const table = errors.errors.find((e) => e.tocId === 216)!;
    expect(table).toMatchObject({ item: 'TABLE my schema.Täble 1', message: 'relation "Täble 1" already exists', category: 'other' });
    expect(table.command).toBe('CREATE TABLE "my schema"."Täble 1" (\n    id integer NOT NULL,\n    t text\n);');
    const pk = errors.errors.find((e) => e.tocId === 3255)!;
    expect(pk.command).toContain('ADD CONSTRAINT "Täble 1_pkey" PRIMARY KEY (id);');
  });

  it('keeps an error without a TOC entry as the fatal one', () => {
    const errors = new RestoreErrors(new Map());
    const line = 'pg_restore: error: connection to server at "127.0.0.1", port 1 failed: Connection refused';
    errors.apply(parseRestoreLine(line), line);
    expect(errors.fatal).toContain('Connection refused');
    expect(errors.errors).toHaveLength(0);
  });
});
