/** What a folder of Azure Backup "restore as files" output holds. */
export type FileKind = 'marker' | 'database' | 'roles' | 'schema' | 'tablespaces' | 'unknown';

/** What a folder entry is on disk; only a regular file (or a link to one inside the folder) is ever read. */
export type EntryKind = 'file' | 'folder' | 'symlink' | 'fifo' | 'device' | 'socket' | 'other';

export interface RestoreFile {
  /** File name inside the folder. */
  file: string;
  /** Absolute path. */
  path: string;
  size: number;
  kind: FileKind;
  /** For kind 'database': the database name decoded from the file name. */
  database?: string;
  /** The backup GUID / name prefix in front of `_database_`, `_roles`… when there is one. */
  prefix?: string;
  /** Why a file is 'unknown' (duplicate, partial download, a link out of the folder…) or how its name was read (percent-decoded, ambiguous). */
  note?: string;
  /** For a usable file: what it was when the folder was read (file-stamp.ts), so a replay can tell it is still the same file. */
  stamp?: string;
  /** For an entry that is not a regular file: what it is (a folder, a link, a FIFO…); absent for regular files. */
  entry?: EntryKind;
}

export interface Marker {
  file: string;
  /** The file's text exactly as read (trimmed of a BOM only). */
  raw: string;
  /** ISO-8601 UTC (`2024-04-10T10:30:46.230Z`) or null when it could not be read. */
  takenAt: string | null;
  /** Which format matched: 'iso-8601', 'dotnet-us', 'unix-seconds', 'unix-millis'… or null. */
  format: string | null;
}

export interface RestoreSet {
  folder: string;
  marker: Marker | null;
  databases: RestoreFile[];
  roles: RestoreFile | null;
  schema: RestoreFile | null;
  tablespaces: RestoreFile | null;
  unknown: RestoreFile[];
}

/** Databases Azure manages or PostgreSQL creates itself; skipped unless asked for. */
export const SYSTEM_DATABASES: ReadonlyMap<string, string> = new Map([
  ['azure_maintenance', 'Azure-managed database; Flexible Server recreates it on its own.'],
  ['azure_sys', 'Azure-managed database (Query Store and statistics); Flexible Server recreates it.'],
  ['postgres', 'Default maintenance database; every server already has one.'],
  ['template0', 'Template database; every server already has one.'],
  ['template1', 'Template database; every server already has one.'],
]);
