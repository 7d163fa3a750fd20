/** A folder of Azure Backup "restore as files" output: classify its files, read its marker. */
export { classifyFileName, type Classification } from './classify';
export { parseMarker, type MarkerTime } from './marker';
export { openRestoreSet, decodeText, MARKER_READ_CAP } from './open-restore-set';
export * from './types';
