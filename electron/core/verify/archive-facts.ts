/**
 * What an archive's table of contents says the database holds, in the shape the target's catalogs
 * are read into (target-facts.ts), so the two can be compared name by name.
 */
import { restoredIntoExistingDatabase } from '../archive/summarize-toc';
import type { ArchiveInfo, TocEntry } from '../archive/types';
import { aclTypeOfTag, parseAclStatements } from './grants';
import { OBJECT_KINDS, type ArchiveAcl, type KindFacts, type ObjectKind, type SideFacts } from './types';

/** TOC entry kinds (`desc`) that make up each object kind; kinds absent here are counted specially. */
const DESC_KIND: Record<string, ObjectKind> = {
  TABLE: 'tables', INDEX: 'indexes', CONSTRAINT: 'constraints', 'FK CONSTRAINT': 'constraints',
  'CHECK CONSTRAINT': 'constraints', SEQUENCE: 'sequences', VIEW: 'views', 'MATERIALIZED VIEW': 'matviews',
  FUNCTION: 'functions', PROCEDURE: 'functions', AGGREGATE: 'functions', TRIGGER: 'triggers',
  POLICY: 'policies', EXTENSION: 'extensions', COMMENT: 'comments', ACL: 'acl', BLOB: 'large objects',
};

/** Kinds without a list of names: large objects (by count), comments and ACL entries (by content, apart). */
export const UNNAMED_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>(['comments', 'acl', 'large objects']);

/** COMMENT tags whose object the target's catalogs are read back for (catalog-queries.ts), longest first. */
const COMMENTED = ['MATERIALIZED VIEW ', 'FOREIGN TABLE ', 'LARGE OBJECT ', 'TABLE ', 'COLUMN ', 'VIEW ', 'SEQUENCE ', 'INDEX ', 'TYPE ', 'DOMAIN ',
  'SCHEMA ', 'FUNCTION ', 'PROCEDURE ', 'AGGREGATE ', 'CONSTRAINT ', 'TRIGGER ', 'POLICY ', 'EXTENSION '];

/**
 * The key of a commented or granted object on both sides: schema and pg_dump tag. A domain is
 * keyed as a type (pg_dump tags its comment DOMAIN, its grants TYPE).
 */
export function contentKey(schema: string, tag: string): string {
  return `${schema}\u0000${tag.replace(/^DOMAIN /, 'TYPE ')}`;
}

/** A contentKey for people: "TABLE shop.orders", "COLUMN shop.orders.note", "TRIGGER t ON shop.orders", "SCHEMA shop". */
export function showKey(key: string): string {
  const [schema, tag] = key.split('\u0000');
  if (!schema) return tag;
  const word = COMMENTED.find((w) => tag.startsWith(w)) ?? '';
  const rest = tag.slice(word.length);
  const on = rest.indexOf(' ON ');
  if (on >= 0) {
    const target = rest.slice(on + 4);
    return `${word}${rest.slice(0, on)} ON ${target.startsWith('DOMAIN ') ? `DOMAIN ${schema}.${target.slice(7)}` : `${schema}.${target}`}`;
  }
  return `${word}${schema}.${rest}`;
}

/** The text of `COMMENT ON … IS '…';` (standard or E'' string); null when it reads otherwise. */
export function commentText(defn: string): string | null {
  const m = /\sIS (E?)'((?:[^']|'')*)';\s*$/s.exec(defn);
  if (!m) return null;
  const text = m[2].replace(/''/g, "'");
  return m[1] ? text.replace(/\\\\/g, '\\') : text;
}

/** The key both sides use for an object: schema and tag as pg_dump writes it ('' schema for extensions). */
export function objectKey(schema: string, tag: string): string {
  return `${schema}.${tag}`;
}

/** An empty facts record, every kind at zero. */
export function emptyFacts(): SideFacts {
  const objects = {} as Record<ObjectKind, KindFacts>;
  for (const k of OBJECT_KINDS) objects[k] = { names: UNNAMED_KINDS.has(k) ? null : [], count: 0 };
  return { objects, sequences: {}, comments: {} };
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

/** What the TOC says, as archiveFacts reads it. */
export interface ArchiveSide {
  facts: SideFacts;
  tables: ArchiveTable[];
  populatedMatviews: Set<string>;
  blobBlocks: TocEntry[];
  /** ACL entries by contentKey. */
  acl: Record<string, ArchiveAcl>;
  /** Comments and ACL entries on kinds of object the check does not read back (shown, not compared). */
  uncompared: { comments: string[]; acl: string[] };
}

/** Facts from the TOC, counting only what pg_restore restores into an existing database. */
export function archiveFacts(info: ArchiveInfo): ArchiveSide {
  const facts = emptyFacts();
  const acl: Record<string, ArchiveAcl> = {};
  const uncompared: ArchiveSide['uncompared'] = { comments: [], acl: [] };
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
    const key = contentKey(e.schema, e.tag);
    if (kind === 'comments') {
      const text = COMMENTED.some((w) => e.tag.startsWith(w)) && e.defn ? commentText(e.defn) : null;
      if (text === null) uncompared.comments.push(showKey(key));
      else facts.comments[key] = text;
    } else if (kind === 'acl') {
      const type = aclTypeOfTag(e.tag);
      const ops = type && e.defn ? parseAclStatements(e.defn) : null;
      if (!type || !ops) uncompared.acl.push(showKey(key));
      else acl[key] = { type, owner: e.owner, ops };
    }
  }
  const tables: ArchiveTable[] = info.tables.map((t) => ({
    schema: t.schema, name: t.name, data: t.dataDumpId === null ? null : (byId.get(t.dataDumpId) ?? null),
  }));
  return { facts, tables, populatedMatviews, blobBlocks, acl, uncompared };
}
