/**
 * PATH for a GUI launch. An app started from the Dock, Finder or a desktop launcher does not
 * inherit the login shell's PATH, so Homebrew's and Postgres.app's tools would be missing. The
 * usual places are appended once at start-up (existing entries keep their order and win).
 */
import { delimiter as posixDelimiter } from 'node:path/posix';
import { delimiter as winDelimiter } from 'node:path/win32';

const EXTRA: Partial<Record<NodeJS.Platform, string[]>> = {
  darwin: [
    '/opt/homebrew/bin', '/usr/local/bin',
    '/Applications/Postgres.app/Contents/Versions/latest/bin',
    '/usr/bin', '/bin', '/usr/sbin', '/sbin',
  ],
  linux: ['/usr/local/bin', '/usr/bin', '/bin'],
};

/** The PATH to use: the given one plus the platform's usual tool folders that it lacks. */
export function guiPath(current: string | undefined, platform: NodeJS.Platform): string {
  const delimiter = platform === 'win32' ? winDelimiter : posixDelimiter;
  const parts = (current ?? '').split(delimiter).filter(Boolean);
  for (const dir of EXTRA[platform] ?? []) if (!parts.includes(dir)) parts.push(dir);
  return parts.join(delimiter);
}
