import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRestoreLine } from '../../../electron/core/replay/restore-log';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8').split('\n');

describe('parseRestoreLine', () => {
  it('reads the leader lines of a parallel restore', () => {
    expect(parseRestoreLine('pg_restore: processing item 216 TABLE Täble 1')).toEqual({ kind: 'processing', id: 216, label: 'TABLE Täble 1' });
    expect(parseRestoreLine('pg_restore: launching item 3400 TABLE DATA Täble 1')).toEqual({ kind: 'launching', id: 3400, label: 'TABLE DATA Täble 1' });
    expect(parseRestoreLine('pg_restore: finished item 3256 INDEX b_id_idx')).toEqual({ kind: 'finished', id: 3256, label: 'INDEX b_id_idx' });
    expect(parseRestoreLine('pg_restore: entering main parallel loop')).toEqual({ kind: 'main-loop', state: 'enter' });
  });

  it('reads serial lines, names with dots and spaces included', () => {
    expect(parseRestoreLine('pg_restore: creating TABLE "my schema.Täble 1"')).toEqual({ kind: 'creating', desc: 'TABLE', name: 'my schema.Täble 1' });
    expect(parseRestoreLine('pg_restore: creating FK CONSTRAINT "public.orders orders_customer_fkey"'))
      .toEqual({ kind: 'creating', desc: 'FK CONSTRAINT', name: 'public.orders orders_customer_fkey' });
    expect(parseRestoreLine('pg_restore: processing data for table "public.b"')).toEqual({ kind: 'data', name: 'public.b' });
  });

  it('finds a message even when two workers wrote into one line', () => {
    expect(parseRestoreLine('pg_restore:pg_restore: processing data for table "my schema.Täble 1"')).toEqual({ kind: 'data', name: 'my schema.Täble 1' });
    expect(parseRestoreLine('pg_restore: launching item 12 INDEX ipg_restore: finished item 11 TABLE DATA x').kind).toBe('launching');
  });

  it('reads errors, their TOC entry, their command and the closing count', () => {
    expect(parseRestoreLine('pg_restore: from TOC entry 217; 1259 16396 TABLE b other')).toEqual({ kind: 'toc-entry', id: 217, label: 'TABLE b other' });
    expect(parseRestoreLine('pg_restore: error: could not execute query: ERROR:  relation "b" already exists'))
      .toEqual({ kind: 'error', message: 'could not execute query: ERROR:  relation "b" already exists' });
    expect(parseRestoreLine('Command was: CREATE TABLE public.b (')).toEqual({ kind: 'command', text: 'CREATE TABLE public.b (' });
    expect(parseRestoreLine('pg_restore: warning: errors ignored on restore: 10')).toEqual({ kind: 'ignored', count: 10 });
    expect(parseRestoreLine('pg_restore: error: unsupported version (1.16) in file header')).toEqual({ kind: 'error', message: 'unsupported version (1.16) in file header' });
  });

  it('classifies every line of a real parallel restore', () => {
    const kinds = fixture('pg_restore-15-parallel.txt').filter(Boolean).map((l) => parseRestoreLine(l).kind);
    expect(kinds.filter((k) => k === 'launching')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'finished')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'processing')).toHaveLength(10);
  });
});
