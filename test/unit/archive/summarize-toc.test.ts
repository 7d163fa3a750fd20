import { describe, expect, it } from 'vitest';
import { summarize, tablesOf } from '../../../electron/core/archive/summarize-toc';
import type { TocEntry } from '../../../electron/core/archive/types';

const entry = (e: Partial<TocEntry> & Pick<TocEntry, 'dumpId' | 'desc' | 'tag'>): TocEntry => ({
  schema: 'public', owner: 'app', section: 'pre-data', hadDumper: false, dependencies: [], dataOffset: null, dataSize: null, ...e,
});

describe('tablesOf', () => {
  it('pairs TABLE with TABLE DATA by dependency first, then by schema and name', () => {
    const entries = [
      entry({ dumpId: 1, desc: 'TABLE', tag: 'a' }),
      entry({ dumpId: 2, desc: 'TABLE', tag: 'a', schema: 'other' }),
      entry({ dumpId: 3, desc: 'TABLE', tag: 'no data' }),
      // Same name as table 1 but depends on table 2: the dependency wins.
      entry({ dumpId: 10, desc: 'TABLE DATA', tag: 'a', schema: 'other', dependencies: [2], dataSize: 200, hadDumper: true }),
      entry({ dumpId: 11, desc: 'TABLE DATA', tag: 'a', dependencies: [], dataSize: 100, hadDumper: true }),
      entry({ dumpId: 12, desc: 'TABLE DATA', tag: 'orphan', schema: 's', dataSize: 5, hadDumper: true }),
    ];
    expect(tablesOf(entries)).toEqual([
      { schema: 'public', name: 'a', owner: 'app', dataSize: 100, dataDumpId: 11 },
      { schema: 'other', name: 'a', owner: 'app', dataSize: 200, dataDumpId: 10 },
      { schema: 'public', name: 'no data', owner: 'app', dataSize: null, dataDumpId: null },
      { schema: 's', name: 'orphan', owner: 'app', dataSize: 5, dataDumpId: 12 },
    ]);
  });
});

describe('summarize', () => {
  it('counts kinds and lists extensions, owners and schemas once, sorted', () => {
    const s = summarize([
      entry({ dumpId: 1, desc: 'SCHEMA', tag: 'zeta', schema: '', owner: 'b' }),
      entry({ dumpId: 2, desc: 'EXTENSION', tag: 'pg_trgm', schema: '', owner: '' }),
      entry({ dumpId: 3, desc: 'EXTENSION', tag: 'hstore', schema: '', owner: '' }),
      entry({ dumpId: 4, desc: 'TABLE', tag: 't', owner: 'a' }),
      entry({ dumpId: 5, desc: 'TABLE DATA', tag: 't', owner: 'a', dependencies: [4], dataSize: 42 }),
      entry({ dumpId: 6, desc: 'BLOBS', tag: 'BLOBS', schema: '', owner: '', dataSize: 8 }),
    ]);
    expect(s.counts).toEqual({ SCHEMA: 1, EXTENSION: 2, TABLE: 1, 'TABLE DATA': 1, BLOBS: 1 });
    expect(s.extensions).toEqual(['hstore', 'pg_trgm']);
    expect(s.owners).toEqual(['a', 'b']);
    expect(s.schemas).toEqual(['public', 'zeta']);
    expect(s.dataBytes).toBe(50);
    expect(s.tables).toEqual([{ schema: 'public', name: 't', owner: 'a', dataSize: 42, dataDumpId: 5 }]);
  });
});
