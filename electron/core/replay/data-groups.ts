/**
 * The list files of a split restore's data passes (schedule.ts splits a database's TABLE DATA into
 * groups): which dump ids each pass names, so the plan shows and the engine runs the same lists.
 */
import type { ArchiveInfo } from '../archive/types';

/** One data pass: its list file's name and the dump ids it names. */
export interface DataGroup {
  listFile: string;
  ids: number[];
}

/**
 * The passes for `groups` (TABLE DATA dump ids); every other data-section entry (sequence values,
 * large objects) rides with the first group, so the passes together restore the whole data section.
 * `order` (the database's place in the plan) keeps the file names apart between databases.
 */
export function dataPasses(archive: Pick<ArchiveInfo, 'entries'>, groups: number[][], order: number): DataGroup[] {
  const grouped = new Set(groups.flat());
  const rest = archive.entries.filter((e) => e.section === 'data' && !grouped.has(e.dumpId)).map((e) => e.dumpId);
  return groups.map((ids, g) => ({ listFile: `db${order}-data-${g + 1}.list`, ids: g === 0 ? [...ids, ...rest] : ids }));
}

/** A `--use-list` file's text: one dump id a line (pg_restore reads the number before any `;`). */
export function listText(ids: number[]): string {
  return ids.map((id) => `${id}\n`).join('');
}
