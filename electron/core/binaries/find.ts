import { execFile } from 'node:child_process';
import { access, constants, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { resourcesRoot } from '../resources-root';
import { maxArchiveVersionFor } from './archive-versions';
import { expandPattern, pathDirs, pathFor, standardDirPatterns, toolFileNames } from './search-dirs';
import { parseToolVersion } from './tool-version';
import type { ClientTool, ToolName, ToolSource } from './types';

/** Options for `findClientTools`; everything defaults to this machine. */
export interface FindToolsOptions {
  /** Settings → Client tools: a folder (or a PostgreSQL install folder holding `bin`), or a tool file. */
  settingPath?: string;
  /** Holds `<platform>-<arch>/bin`; defaults to `pg/` in `resourcesRoot()`. */
  bundledRoot?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  /** More folders, searched last and reported as 'standard' (e.g. a PATH captured from a login shell). */
  extraDirs?: string[];
  /** Per `--version` probe; default 5 s (a cold start on Windows with a virus scanner can be slow). */
  probeTimeoutMs?: number;
}

const TOOLS: ToolName[] = ['pg_restore', 'psql'];

interface Candidate {
  name: ToolName;
  path: string;
  source: ToolSource;
}

/**
 * Finds pg_restore and psql: the Settings path, then the bundled folder, then PATH, then the usual
 * install folders. Each tool is reported once per real file (symlinks and repeated PATH entries
 * collapse onto the first place it was found) with its version, read by running `--version`
 * (all probes at once). Debian's `pg_wrapper` (what `/usr/bin/pg_restore` links to) is skipped: it
 * picks a version per call from the environment, so the real binaries under
 * `/usr/lib/postgresql/<n>/bin` are reported instead. Tools that do not run are left out.
 */
export async function findClientTools(opts: FindToolsOptions = {}): Promise<ClientTool[]> {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const p = pathFor(platform);

  const groups: Array<[ToolSource, string[]]> = [];
  if (opts.settingPath) groups.push(['setting', await settingDirs(opts.settingPath, platform)]);
  const bundledRoot = opts.bundledRoot ?? join(resourcesRoot(), 'pg');
  groups.push(['bundled', [p.join(bundledRoot, `${platform}-${opts.arch ?? process.arch}`, 'bin')]]);
  groups.push(['path', pathDirs(env, platform)]);
  const standard = await Promise.all(standardDirPatterns(platform, env).map((pat) => expandPattern(pat, platform)));
  groups.push(['standard', [...standard.flat(), ...(opts.extraDirs ?? [])]]);

  const candidates: Candidate[] = [];
  const settingFile = opts.settingPath ? await toolFromFile(opts.settingPath, platform) : null;
  if (settingFile) candidates.push({ ...settingFile, source: 'setting' });
  const names = toolFileNames(platform);
  for (const [source, dirs] of groups) {
    for (const dir of dirs) for (const name of TOOLS) candidates.push({ name, path: p.join(dir, names[name]), source });
  }

  const resolved = await Promise.all(candidates.map(async (c) => ({ c, real: await usableRealPath(c.path, platform) })));
  const seen = new Set<string>();
  const unique: Candidate[] = [];
  for (const { c, real } of resolved) {
    if (!real || /(^|[\\/])pg_wrapper$/.test(real)) continue;
    const key = `${c.name}\0${platform === 'win32' ? real.toLowerCase() : real}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(c);
  }

  const timeout = opts.probeTimeoutMs ?? 5000;
  const probed = await Promise.all(unique.map((c) => probe(c, env, timeout)));
  return probed.filter((t): t is ClientTool => t !== null);
}

/**
 * The whole environment a `--version` probe gets: what finds the program's libraries and nothing
 * else — a file named pg_restore anywhere on PATH may be anyone's, so no PGPASSWORD, token or
 * other secret of the parent goes to it.
 */
export function probeEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = { LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C' };
  for (const key of ['PATH', 'Path', 'SystemRoot', 'SYSTEMROOT', 'windir', 'DYLD_LIBRARY_PATH', 'LD_LIBRARY_PATH']) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Runs `<tool> --version` and builds a ClientTool; null when it does not run or is not PostgreSQL's. */
async function probe(c: Candidate, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ClientTool | null> {
  const output = await new Promise<string | null>((resolve) => {
    execFile(
      c.path,
      ['--version'],
      { env: probeEnv(env), timeout: timeoutMs, windowsHide: true, shell: false, maxBuffer: 64 * 1024 },
      (err, stdout) => resolve(err ? null : String(stdout)),
    );
  });
  const v = output === null ? null : parseToolVersion(output);
  if (!v) return null;
  return {
    name: c.name,
    path: c.path,
    version: v.version,
    major: v.major,
    source: c.source,
    maxArchiveVersion: c.name === 'pg_restore' ? maxArchiveVersionFor(v.major, v.version) : null,
  };
}

/** Folders to search for a Settings path: the folder itself, and its `bin` (an install folder). */
async function settingDirs(setting: string, platform: NodeJS.Platform): Promise<string[]> {
  const p = pathFor(platform);
  const info = await stat(setting).catch(() => null);
  if (!info) return [];
  if (info.isFile()) return [p.dirname(setting)];
  return [setting, p.join(setting, 'bin')];
}

/** When the Settings path is a tool file itself (maybe renamed, e.g. `pg_restore-17`), which tool. */
async function toolFromFile(setting: string, platform: NodeJS.Platform): Promise<{ name: ToolName; path: string } | null> {
  const info = await stat(setting).catch(() => null);
  if (!info?.isFile()) return null;
  const base = pathFor(platform).basename(setting).toLowerCase();
  if (base.includes('pg_restore')) return { name: 'pg_restore', path: setting };
  if (base.includes('psql')) return { name: 'psql', path: setting };
  return null;
}

/** The real path of an existing file we may execute, or null. */
async function usableRealPath(file: string, platform: NodeJS.Platform): Promise<string | null> {
  try {
    const real = await realpath(file);
    const info = await stat(real);
    if (!info.isFile()) return null;
    if (platform !== 'win32') await access(real, constants.X_OK);
    return real;
  } catch {
    return null;
  }
}
