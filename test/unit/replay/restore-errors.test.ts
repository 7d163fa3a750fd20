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

  it('keeps an error without a TOC entry as the fatal one, reported as an error', () => {
    const errors = new RestoreErrors(new Map());
    const line = 'pg_restore: error: connection to server at "127.0.0.1", port 1 failed: Connection refused';
    errors.apply(parseRestoreLine(line), line);
    expect(errors.fatal).toContain('Connection refused');
    expect(errors.errors).toHaveLength(1);
    expect(errors.errors[0]).toMatchObject({ tocId: null, item: 'pg_restore', benign: false });
    expect(errors.errors[0].explanation).toMatch(/connection/);
  });

  it('keeps the FIRST fatal error of a parallel run with the items running, not the worker death after it', () => {
    // Captured from pg_restore 15 -j 2 on a dump with one flipped byte in a data block.
    const running = ['TABLE DATA public.a', 'TABLE DATA public.b'];
    const errors = new RestoreErrors(new Map(), () => running);
    for (const line of [
      'pg_restore: connecting to database for restore',
      'pg_restore: entering main parallel loop',
      'pg_restore: error: could not uncompress data: incorrect data check',
      'pg_restore: error: a worker process died unexpectedly',
    ]) errors.apply(parseRestoreLine(line), line);
    expect(errors.fatal).toBe('could not uncompress data: incorrect data check');
    expect(errors.errors).toHaveLength(1);
    expect(errors.errors[0]).toMatchObject({ item: 'TABLE DATA public.a, TABLE DATA public.b', category: 'data' });
    expect(errors.errors[0].explanation).toMatch(/damaged/);
  });

  it('names the server refusing a worker for want of connection slots', () => {
    const errors = new RestoreErrors(new Map());
    for (const line of [
      'pg_restore: error: reconnection failed: connection to server at "127.0.0.1", port 56200 failed: FATAL:  sorry, too many clients already',
      'pg_restore: error: a worker process died unexpectedly',
    ]) errors.apply(parseRestoreLine(line), line);
    expect(errors.errors).toHaveLength(1);
    expect(errors.errors[0].explanation).toMatch(/fewer jobs/);
  });

  it('a second error of the same entry (pg_restore names an entry once) stays with that entry', () => {
    const errors = new RestoreErrors(new Map());
    for (const line of [
      'pg_restore: from TOC entry 216; 1259 16389 TABLE t postgres',
      'pg_restore: error: could not execute query: ERROR:  relation "t" already exists',
      'pg_restore: error: could not execute query: ERROR:  permission denied for table t',
    ]) errors.apply(parseRestoreLine(line), line);
    expect(errors.fatal).toBeNull();
    expect(errors.errors.map((e) => e.tocId)).toEqual([216, 216]);
  });
});
