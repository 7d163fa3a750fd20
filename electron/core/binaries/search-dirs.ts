import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The path functions for a platform (so Windows rules can be reasoned about on any host). */
export function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** File names of the client programs on a platform. */
export function toolFileNames(platform: NodeJS.Platform): { pg_restore: string; psql: string } {
  return platform === 'win32' ? { pg_restore: 'pg_restore.exe', psql: 'psql.exe' } : { pg_restore: 'pg_restore', psql: 'psql' };
}

/**
 * Where PostgreSQL client tools usually live, as patterns with at most one `*` segment.
 * A GUI app does not inherit the shell's PATH (macOS above all), so these are searched too.
 */
export function standardDirPatterns(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): string[] {
  switch (platform) {
    case 'win32': {
      const roots = [envValue(env, 'ProgramFiles', platform) ?? 'C:\\Program Files', envValue(env, 'ProgramFiles(x86)', platform)];
      return [...new Set(roots.filter((r): r is string => !!r))].map((r) => path.win32.join(r, 'PostgreSQL', '*', 'bin'));
    }
    case 'darwin':
      return [
        '/opt/homebrew/opt/postgresql@*/bin',
        '/opt/homebrew/opt/libpq/bin',
        '/usr/local/opt/postgresql@*/bin',
        '/usr/local/opt/libpq/bin',
        '/opt/homebrew/bin',
        '/usr/local/bin',
        '/Applications/Postgres.app/Contents/Versions/*/bin',
        '/opt/local/lib/postgresql*/bin',
      ];
    default:
      return ['/usr/lib/postgresql/*/bin', '/usr/pgsql-*/bin', '/usr/local/pgsql/bin'];
  }
}

/** The folders on PATH, in order, without empty entries (which would mean "the current folder"). */
export function pathDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const value = envValue(env, 'PATH', platform) ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  return value
    .split(delimiter)
    .map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
    .filter((d) => d.length > 0 && pathFor(platform).isAbsolute(d));
}

/** Reads an environment variable; Windows names are case-insensitive (`Path`). */
export function envValue(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? env[key] : undefined;
}

/**
 * Expands one `*` segment of a folder pattern against the disk: `/usr/lib/postgresql/*\/bin` →
 * each existing `/usr/lib/postgresql/<x>/bin`, in numeric-aware order, newest name first.
 * A pattern without `*` comes back as is (existence is checked later).
 */
export async function expandPattern(pattern: string, platform: NodeJS.Platform): Promise<string[]> {
  const p = pathFor(platform);
  const parts = pattern.split(/[\\/]/);
  const star = parts.findIndex((s) => s.includes('*'));
  if (star < 0) return [pattern];
  const parent = parts.slice(0, star).join(p.sep) || p.sep;
  const rest = parts.slice(star + 1);
  const re = new RegExp(`^${parts[star].split('*').map(escapeRegExp).join('.*')}$`, platform === 'win32' ? 'i' : '');
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n))
    .sort((a, b) => collator.compare(b, a))
    .map((n) => p.join(parent, n, ...rest));
}

const collator = new Intl.Collator('en', { numeric: true });

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
