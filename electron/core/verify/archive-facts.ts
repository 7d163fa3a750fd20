/**
 * What an archive's table of contents says the database holds, in the shape the target's catalogs
 * are read into (target-facts.ts), so the two can be compared name by name.
 */
import { restoredIntoExistingDatabase } from '../archive/summarize-toc';
import type { ArchiveInfo, TocEntry } from '../archive/types';
import { OBJECT_KINDS, type KindFacts, type ObjectKind, type SideFacts } from './types';

/** TOC entry kinds (`desc`) that make up each object kind; kinds absent here are counted specially. */
const DESC_KIND: Record<string, ObjectKind> = {
  TABLE: 'tables', INDEX: 'indexes', CONSTRAINT: 'constraints', 'FK CONSTRAINT': 'constraints',
  'CHECK CONSTRAINT': 'constraints', SEQUENCE: 'sequences', VIEW: 'views', 'MATERIALIZED VIEW': 'matviews',
  FUNCTION: 'functions', PROCEDURE: 'functions', AGGREGATE: 'functions', TRIGGER: 'triggers',
  POLICY: 'policies', EXTENSION: 'extensions', COMMENT: 'comments', ACL: 'acl', BLOB: 'large objects',
};

/** Kinds compared by count alone: their TOC tags cannot be rebuilt exactly from the catalogs. */
export const COUNTED_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>(['comments', 'acl', 'large objects']);

/** The key both sides use for an object: schema and tag as pg_dump writes it ('' schema for extensions). */
export function objectKey(schema: string, tag: string): string {
  return `${schema}.${tag}`;
}

/** An empty facts record, every kind at zero. */
export function emptyFacts(): SideFacts {
  const objects = {} as Record<ObjectKind, KindFacts>;
  for (const k of OBJECT_KINDS) objects[k] = { names: COUNTED_KINDS.has(k) ? null : [], count: 0 };
  return { objects, sequences: {} };
}

/** `SELECT pg_catalog.setval('public.s', 42, true);` → "42,true"; null when it reads otherwise. */
export function parseSetval(defn: string): string | null {
  const m = /setval\('((?:[^']|'')+)',\s*(-?\d+),\s*(true|false)\)/.exec(defn);
  return m ? `${m[2]},${m[3]}` : null;
}

/** A table of the archive and the data entry holding its rows. */
export interface ArchiveTable {
  schema: string;
  name: string;
  /** The TABLE DATA entry, when the archive has data for it. */
  data: TocEntry | null;
}

/** Facts from the TOC, counting only what pg_restore restores into an existing database. */
export function archiveFacts(info: ArchiveInfo): { facts: SideFacts; tables: ArchiveTable[]; populatedMatviews: Set<string>; blobBlocks: TocEntry[] } {
  const facts = emptyFacts();
  const byId = new Map(info.entries.map((e) => [e.dumpId, e]));
  const populatedMatviews = new Set<string>();
  const blobBlocks: TocEntry[] = [];
  for (const e of info.entries) {
    if (!restoredIntoExistingDatabase(e)) continue;
    if (e.desc === 'SEQUENCE SET') {
      const v = e.defn ? parseSetval(e.defn) : null;
      if (v) facts.sequences[objectKey(e.schema, e.tag)] = v;
      continue;
    }
    if (e.desc === 'MATERIALIZED VIEW DATA') populatedMatviews.add(objectKey(e.schema, e.tag));
    if (e.desc === 'BLOBS') blobBlocks.push(e);
    const kind = DESC_KIND[e.desc];
    if (!kind) continue;
    // Every database has plpgsql already; dumps by old pg_dump versions still list it.
    if ((e.desc === 'EXTENSION' && e.tag === 'plpgsql') || (e.desc === 'COMMENT' && e.tag === 'EXTENSION plpgsql')) continue;
    const k = facts.objects[kind];
    k.count++;
    if (k.names) k.names.push(objectKey(kind === 'extensions' ? '' : e.schema, e.tag));
  }
  const tables: ArchiveTable[] = info.tables.map((t) => ({
    schema: t.schema, name: t.name, data: t.dataDumpId === null ? null : (byId.get(t.dataDumpId) ?? null),
  }));
  return { facts, tables, populatedMatviews, blobBlocks };
}
