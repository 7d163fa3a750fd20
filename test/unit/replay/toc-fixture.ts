/** The TOC of the archive behind the captured pg_restore 15 output in test/fixtures/pg_restore-15-*.txt. */
import type { Section, TocEntry } from '../../../electron/core/archive/types';

function e(dumpId: number, desc: string, schema: string, tag: string, section: Section, extra: Partial<TocEntry> = {}): TocEntry {
  return { dumpId, desc, tag, schema, owner: 'postgres', section, hadDumper: false, dependencies: [], dataOffset: null, dataSize: null, ...extra };
}

export const TOC: TocEntry[] = [
  e(3404, 'ENCODING', '', 'ENCODING', 'pre-data'),
  e(3405, 'STDSTRINGS', '', 'STDSTRINGS', 'pre-data'),
  e(3406, 'SEARCHPATH', '', 'SEARCHPATH', 'pre-data'),
  e(3407, 'DATABASE', '', 'src', 'pre-data'),
  e(7, 'SCHEMA', '', 'my schema', 'pre-data'),
  e(2, 'EXTENSION', '', 'pg_trgm', 'pre-data'),
  e(3408, 'COMMENT', '', 'EXTENSION pg_trgm', 'none', { dependencies: [2] }),
  e(216, 'TABLE', 'my schema', 'Täble 1', 'pre-data'),
  e(217, 'TABLE', 'public', 'b', 'pre-data', { owner: 'other' }),
  e(218, 'VIEW', 'public', 'v', 'pre-data'),
  e(3400, 'TABLE DATA', 'my schema', 'Täble 1', 'data', { hadDumper: true, dependencies: [216], dataOffset: 100, dataSize: 1_000_000 }),
  e(3401, 'TABLE DATA', 'public', 'b', 'data', { hadDumper: true, dependencies: [217], dataOffset: 1_000_100, dataSize: 5_000, owner: 'other' }),
  e(3255, 'CONSTRAINT', 'my schema', 'Täble 1 Täble 1_pkey', 'post-data', { dependencies: [216] }),
  e(3256, 'INDEX', 'public', 'b_id_idx', 'post-data', { dependencies: [217], owner: 'other' }),
];
