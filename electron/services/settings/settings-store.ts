/**
 * Settings and recent restore sets, kept as `settings.json` in the user-data folder. The file is
 * read once and re-checked field by field (a hand-edited or corrupt file falls back to defaults,
 * field by field); every change is written atomically, one write at a time.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RecentSet, Settings } from '../../contract';
import { checkArmEndpoint, CLOUD_NAMES, type CloudName } from '../../core/azure/clouds';
import { readJsonFile, writeJsonFile } from '../../core/json-file';
import { MAX_JOBS } from '../../shared/replay-options';
import { THEMES } from '../../operation-schemas';

/** How many recent sets are remembered. */
export const RECENT_LIMIT = 10;

/** The settings a new user starts with. */
export function defaultSettings(): Settings {
  return { theme: 'system', azure: { cloud: 'public', armEndpoint: null }, clientToolsPath: null, defaultJobs: Math.min(MAX_JOBS, availableParallelism()), recent: [] };
}

/** The stored cloud setting, checked again (a hand-edited endpoint that breaks the rule is dropped). */
function readAzure(value: unknown): Settings['azure'] {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const cloud = (CLOUD_NAMES as readonly unknown[]).includes(v.cloud) ? (v.cloud as CloudName) : 'public';
  let armEndpoint: string | null = null;
  try {
    armEndpoint = typeof v.armEndpoint === 'string' && v.armEndpoint ? checkArmEndpoint(v.armEndpoint) : null;
  } catch {
    armEndpoint = null;
  }
  return { cloud, armEndpoint };
}

function readRecent(value: unknown): RecentSet[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((r): r is RecentSet => typeof r === 'object' && r !== null
      && typeof r.folder === 'string' && typeof r.openedAt === 'string'
      && (r.takenAt === null || typeof r.takenAt === 'string') && typeof r.databases === 'number')
    .map((r) => ({ folder: r.folder, openedAt: r.openedAt, takenAt: r.takenAt, databases: r.databases }))
    .slice(0, RECENT_LIMIT);
}

/** Keeps what is valid in a stored settings object, defaults for the rest. */
export function settingsFromJson(value: unknown): Settings {
  const d = defaultSettings();
  if (typeof value !== 'object' || value === null) return d;
  const v = value as Record<string, unknown>;
  return {
    theme: (THEMES as readonly string[]).includes(v.theme as string) ? (v.theme as Settings['theme']) : d.theme,
    azure: readAzure(v.azure),
    clientToolsPath: typeof v.clientToolsPath === 'string' && v.clientToolsPath ? v.clientToolsPath : null,
    defaultJobs: Number.isInteger(v.defaultJobs) && (v.defaultJobs as number) >= 1 && (v.defaultJobs as number) <= MAX_JOBS ? (v.defaultJobs as number) : d.defaultJobs,
    recent: readRecent(v.recent),
  };
}

/** The settings of one user-data folder. */
export class SettingsStore {
  private current: Promise<Settings> | null = null;
  /** Changes run one after another, so two at once cannot lose each other's edits. */
  private queue: Promise<unknown> = Promise.resolve();
  readonly file: string;

  constructor(userDataDir: string) {
    this.file = join(userDataDir, 'settings.json');
  }

  /** The settings (a copy). */
  async get(): Promise<Settings> {
    this.current ??= readJsonFile(this.file).then(settingsFromJson);
    return structuredClone(await this.current);
  }

  /** Applies a checked patch and saves. */
  update(patch: Partial<Settings>): Promise<Settings> {
    return this.mutate(() => patch);
  }

  /** Puts a set at the top of the recent list (once per folder). */
  addRecent(entry: RecentSet): Promise<Settings> {
    return this.mutate((s) => ({ recent: [entry, ...s.recent.filter((r) => r.folder !== entry.folder)].slice(0, RECENT_LIMIT) }));
  }

  private mutate(change: (s: Settings) => Partial<Settings>): Promise<Settings> {
    const run = this.queue.then(async () => {
      const before = await this.get();
      const next = { ...before, ...change(before) };
      await writeJsonFile(this.file, next);
      this.current = Promise.resolve(next);
      return structuredClone(next);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
