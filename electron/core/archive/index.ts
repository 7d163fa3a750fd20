/** The archive reader's public surface: inspect a pg_dump custom archive, or tell what a file is. */
export { readArchive, type ReadArchiveOptions } from './read-archive';
export { sniffFile, sniffBytes, type FileSniff, type SniffKind } from './sniff-file';
export { describeEntry, formatBytes } from './archive-errors';
export type { ArchiveInfo, TocEntry, TableInfo, Section } from './types';
