/** PostgreSQL client tools on this machine: find them, read their versions, pick one per archive. */
export * from './types';
export { parseToolVersion, compareToolVersions, type ToolVersion } from './tool-version';
export {
  maxArchiveVersionFor,
  compareArchiveVersions,
  canReadArchive,
  archiveVersionsReadable,
  minRestoreMajorFor,
  archiveWrittenBy,
  NEWEST_KNOWN_MAJOR,
  NEWEST_KNOWN_ARCHIVE,
  type ReadableArchives,
} from './archive-versions';
export { findClientTools, type FindToolsOptions } from './find';
export { chooseRestoreClient, choosePsql, newestTool, installExample } from './choose';
export { psqlSupportsRestrict } from './psql-features';
export { standardDirPatterns, pathDirs, expandPattern } from './search-dirs';
