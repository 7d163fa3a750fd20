/**
 * Proves one restored database against its archive: the archive's rows counted on a worker
 * thread (started when the restore starts, so it runs beside pg_restore), the target's catalogs
 * and row counts read after it ends, and the two compared.
 */
import type { ArchiveInfo } from '../archive/types';
import type { TargetConnection } from '../target/types';
import { archiveFacts } from './archive-facts';
import { countArchiveRows, type RowCountRun } from './archive-rows';
import { compare } from './compare';
import { targetFacts, type TargetFactsOptions } from './target-facts';
import type { VerifyContext, VerifyResult } from './types';

/** Starts counting the rows (and large objects) of every data block of the archive. */
export function startRowCount(info: ArchiveInfo): RowCountRun {
  const blocks = info.entries
    // Rows the archive check already counted at inspect are not read again.
    .filter((e) => (e.desc === 'TABLE DATA' && e.copy !== false && e.rows === undefined) || e.desc === 'BLOBS')
    .filter((e) => e.dataOffset !== null)
    .map((e) => ({ dumpId: e.dumpId, offset: e.dataOffset!, bytes: e.dataSize ?? 0 }));
  return countArchiveRows(info.path, blocks);
}

export interface VerifyInput {
  archive: ArchiveInfo;
  /** A count started earlier with startRowCount (one is started here when absent). */
  rowCount?: RowCountRun;
  target: TargetConnection;
  /** The database's name on the target. */
  database: string;
  context: VerifyContext;
  /** Concurrency and timeouts of the target's side, and the signal that cancels the whole check. */
  options?: TargetFactsOptions;
}

/**
 * Compares the restored database with its archive. Throws when the target cannot be read, and
 * the abort reason when `options.signal` is aborted (the row count and the target's queries stopped).
 */
export async function verifyDatabase(input: VerifyInput): Promise<VerifyResult> {
  const started = Date.now();
  const signal = input.options?.signal;
  const run = input.rowCount ?? startRowCount(input.archive);
  const stop = () => run.stop();
  signal?.addEventListener('abort', stop, { once: true });
  const side = archiveFacts(input.archive);
  let onTarget;
  let rows;
  try {
    onTarget = await targetFacts(input.target, input.database, input.options);
    rows = await run.done;
    signal?.throwIfAborted();
  } catch (err) {
    run.stop();
    await run.done.catch(() => {});
    throw err;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  let bytes = 0;
  for (const c of rows.counts.values()) bytes += c.bytes;
  let atInspect = 0;
  for (const e of input.archive.entries) {
    if (e.rows !== undefined) atInspect++;
    if (e.rows !== undefined) rows.counts.set(e.dumpId, { dumpId: e.dumpId, count: e.rows, bytes: e.dataSize ?? 0, problem: null });
  }
  const notes: string[] = [];
  if (rows.note) notes.push(rows.note);
  // Large objects: one BLOB entry each up to pg_dump 16; from 17 on, count the OIDs in the data.
  const lo = side.facts.objects['large objects'];
  if (lo.count === 0 && side.blobBlocks.length) lo.count = side.blobBlocks.reduce((s, e) => s + (rows.counts.get(e.dumpId)?.count ?? 0), 0);
  const verdict = compare({
    archive: side.facts, archiveTables: side.tables, counts: rows.counts, populatedMatviews: side.populatedMatviews, archiveAcl: side.acl, uncompared: side.uncompared,
    target: onTarget.facts, targetTables: onTarget.tables, targetAcl: onTarget.acl, aclDefaults: onTarget.aclDefaults, targetRoles: onTarget.roles, context: input.context,
  });
  for (const t of verdict.tables) if (t.archiveRows === null && t.note?.startsWith('rows in the archive not counted')) notes.push(`${t.name}: ${t.note}`);
  for (const t of verdict.tables) if (t.note?.startsWith('not counted on the target')) notes.push(`${t.name}: ${t.note}`);
  return { ...verdict, notes, durationMs: Date.now() - started, rowCount: { bytes, durationMs: rows.durationMs, where: rows.where, atInspect } };
}
