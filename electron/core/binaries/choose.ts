import { UserError } from '../errors';
import { archiveWrittenBy, canReadArchive, compareArchiveVersions, minRestoreMajorFor, NEWEST_KNOWN_MAJOR } from './archive-versions';
import { compareToolVersions } from './tool-version';
import type { ClientTool } from './types';

/**
 * The pg_restore to use for an archive: the newest one that can read it (a newer pg_restore
 * restores a custom archive into an older server fine). A tool from Settings → Client tools is
 * preferred when it can read the archive — the user chose it on purpose — and passed over when it
 * cannot. Equal versions keep the order of `tools` (the search order).
 * @throws UserError 'no-client' when there is no pg_restore at all; 'client-too-old' when none reads
 * the archive, naming the PostgreSQL version needed and listing what was found.
 */
export function chooseRestoreClient(tools: ClientTool[], archiveVersion: string, platform: NodeJS.Platform = process.platform): ClientTool {
  const restores = tools.filter((t) => t.name === 'pg_restore');
  if (restores.length === 0) {
    throw new UserError(
      'no-client',
      'No pg_restore was found on this computer.',
      `Install the PostgreSQL client tools (${installExample(NEWEST_KNOWN_MAJOR, platform)}) or point Settings → Client tools to a folder containing them.`,
      { archiveVersion, found: describeAll(tools) },
    );
  }
  const readers = restores.filter((t) => canReadArchive(t, archiveVersion));
  const chosen = newest(readers.filter((t) => t.source === 'setting')) ?? newest(readers);
  if (chosen) return chosen;

  const need = minRestoreMajorFor(archiveVersion);
  const needText = need === null ? `the newest PostgreSQL client tools (newer than ${NEWEST_KNOWN_MAJOR})` : `PostgreSQL ${need}+ client tools`;
  const found = restores.map((t) => `pg_restore ${t.version} at ${t.path} (reads up to ${t.maxArchiveVersion})`).join('; ');
  throw new UserError(
    'client-too-old',
    `No pg_restore here can read this archive: archive format ${normalise(archiveVersion)} is written by ${archiveWrittenBy(archiveVersion)}. Found: ${found}.`,
    `Install ${needText} (${installExample(need ?? NEWEST_KNOWN_MAJOR + 1, platform)}) or point Settings → Client tools to a folder containing them.`,
    { archiveVersion, neededMajor: need, found: describeAll(restores) },
  );
}

/** The psql to use: one from Settings when there is one, else the newest; null when there is none. */
export function choosePsql(tools: ClientTool[]): ClientTool | null {
  const all = tools.filter((t) => t.name === 'psql');
  return newest(all.filter((t) => t.source === 'setting')) ?? newest(all);
}

/** The newest of some tools by version (first wins on a tie), or null. */
function newest(tools: ClientTool[]): ClientTool | null {
  let best: ClientTool | null = null;
  for (const t of tools) if (!best || compareToolVersions(t.version, best.version) > 0) best = t;
  return best;
}

/** How to get client tools of a major on a platform, as an example command or place. */
export function installExample(major: number, platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return `e.g. brew install postgresql@${major}, or Postgres.app`;
    case 'win32':
      return `e.g. the PostgreSQL ${major} installer from postgresql.org with "Command Line Tools" selected`;
    default:
      return `e.g. apt-get install postgresql-client-${major} on Debian/Ubuntu, dnf install postgresql${major} on RHEL`;
  }
}

function describeAll(tools: ClientTool[]): Array<Pick<ClientTool, 'name' | 'path' | 'version' | 'source' | 'maxArchiveVersion'>> {
  return tools.map(({ name, path, version, source, maxArchiveVersion }) => ({ name, path, version, source, maxArchiveVersion }));
}

function normalise(archiveVersion: string): string {
  // '1.16.0' → '1.16'; also validates (throws 'bad-argument' on nonsense).
  compareArchiveVersions(archiveVersion, archiveVersion);
  return archiveVersion.trim().split('.').slice(0, 2).join('.');
}
