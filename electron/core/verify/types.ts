/** Verification's vocabulary: what the archive holds, what the target holds, and how they compare. */
import type { AclOp, AclType, Grant } from './grants';

/** The object kinds compared, in the order they are shown. */
export const OBJECT_KINDS = [
  'tables', 'indexes', 'constraints', 'sequences', 'views', 'matviews', 'functions', 'triggers',
  'policies', 'extensions', 'large objects', 'comments', 'acl',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/**
 * Objects of one kind, as `schema.name` keys (schema '' for database-wide kinds). Kinds without
 * names (large objects by count; comments and ACL entries, compared by content apart) carry `count`.
 */
export interface KindFacts {
  names: string[] | null;
  count: number;
}

/** Facts about one side, archive or target. */
export interface SideFacts {
  objects: Record<ObjectKind, KindFacts>;
  /** Sequence `schema.name` → "value,is_called". */
  sequences: Record<string, string>;
  /** The commented object (contentKey) → its comment. */
  comments: Record<string, string>;
}

/** An ACL entry of the archive: the statements pg_dump wrote, and the object's owner in the backup. */
export interface ArchiveAcl {
  type: AclType;
  owner: string;
  ops: AclOp[];
}

/** An object's explicit privileges on the target, and its initial privileges when it has some. */
export interface TargetAcl {
  type: AclType;
  init: Grant[] | null;
  grants: Grant[];
}

/** One table's rows on both sides. */
export interface TableCheck {
  /** `schema.table`. */
  name: string;
  /** Rows in the archive's data block; null when not counted (see note). */
  archiveRows: number | null;
  /** count(*) on the target (ONLY this table); null when not counted (see note). */
  targetRows: number | null;
  ok: boolean;
  /** Why a count is missing, or why a difference is expected. */
  note?: string;
}

/** One object kind on both sides. */
export interface ObjectCheck {
  kind: ObjectKind;
  archive: number;
  target: number;
  ok: boolean;
  /** In the archive, not on the target (`schema.name`), at most a few dozen listed. */
  missing: string[];
  /** On the target, not in the archive. */
  extra: string[];
  /** On both sides, with another content (a comment's text, an object's privileges): what differs. */
  differs: string[];
  /** Differences that are expected, and why. */
  explained: string[];
}

/** The verdict for one restored database. */
export interface VerifyResult {
  /** True only when every check passed. */
  ok: boolean;
  tables: TableCheck[];
  objects: ObjectCheck[];
  sequences: { checked: number; mismatched: { name: string; archive: string; target: string | null }[] };
  /** Totals for the one-line summary. */
  totals: { tables: number; rows: number; indexes: number };
  /** Things the user should know (counts skipped, a compression not decoded, rows counted on the main thread). */
  notes: string[];
  durationMs: number;
  /**
   * The archive row count: tables already counted by the archive check at inspect (`atInspect`),
   * and for the rest the compressed bytes read, the time it took and on which thread.
   */
  rowCount: { bytes: number; durationMs: number; where: 'worker' | 'main-thread'; atInspect?: number };
}

/** What the replay did on purpose that changes what the target holds. */
export interface VerifyContext {
  noOwner: boolean;
  noPrivileges: boolean;
  /** Extensions the target may not create (an Azure allow-list); null when unrestricted. */
  allowedExtensions: string[] | null;
}
