/** What the TypeScript reader learns from a pg_dump custom-format archive, without any child process. */

export type Section = 'none' | 'pre-data' | 'data' | 'post-data';

export interface TocEntry {
  dumpId: number;
  /** The entry kind as pg_dump writes it: 'TABLE', 'TABLE DATA', 'INDEX', 'EXTENSION', 'SCHEMA'… */
  desc: string;
  tag: string;
  /** Schema (pg_dump calls it namespace); '' when none. */
  schema: string;
  owner: string;
  section: Section;
  hadDumper: boolean;
  dependencies: number[];
  /** For data entries: where the data block starts, when the archive recorded it. */
  dataOffset: number | null;
  /** Bytes the entry's data block occupies in the file (compressed), when known. */
  dataSize: number | null;
  /** SEQUENCE SET, COMMENT and ACL only: the statement(s), e.g. `SELECT pg_catalog.setval('s', 42, true);`. */
  defn?: string;
  /** TABLE DATA only: true when the block is COPY data, false for INSERT statements (--inserts). */
  copy?: boolean;
  /** TABLE DATA only: COPY rows in the block, when the archive check counted them. */
  rows?: number;
}

export interface TableInfo {
  schema: string;
  name: string;
  owner: string;
  /** Bytes of the table's data block in the archive (compressed), or null when unknown. */
  dataSize: number | null;
  /** The TABLE DATA entry's id, when the table has data in the archive. */
  dataDumpId: number | null;
}

export interface ArchiveInfo {
  path: string;
  fileSize: number;
  /** 'major.minor' of the archive format, e.g. '1.14'. */
  archiveVersion: string;
  /** 'major.minor.revision', e.g. '1.14.0'. */
  archiveVersionFull: string;
  compression: 'none' | 'gzip' | 'lz4' | 'zstd' | 'unknown';
  /** When pg_dump wrote it, as recorded in the header (server-local wall time, no zone), ISO-like. */
  createdAt: string | null;
  database: string;
  serverVersion: string;
  pgDumpVersion: string;
  entries: TocEntry[];
  /** Entries restored into an existing database: what `pg_restore -l` lists (no --create). */
  listedEntries: number;
  /** Count of entries by `desc`. */
  counts: Record<string, number>;
  tables: TableInfo[];
  extensions: string[];
  owners: string[];
  schemas: string[];
  /** True when every data entry's offset was recorded (archive written to a seekable file). */
  offsetsKnown: boolean;
  /** Sum of all data blocks' sizes, in bytes. */
  dataBytes: number;
}
