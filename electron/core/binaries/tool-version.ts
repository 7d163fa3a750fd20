/** A PostgreSQL client's version as `<tool> --version` prints it. */
export interface ToolVersion {
  /** The program name printed before "(PostgreSQL)", e.g. 'pg_restore'. */
  program: string;
  /** The version word as printed: '15.18', '9.6.24', '16beta2', '18rc1', '19devel'. */
  version: string;
  /** Numeric parts: [15, 18], [9, 6, 24], [16]. */
  parts: number[];
  /** First number: 15, 9 (for 9.6), 16 (for 16beta2). */
  major: number;
  /** 'release', or the pre-release word and its number: 'beta' 2, 'rc' 1, 'devel'. */
  stage: 'release' | 'devel' | 'alpha' | 'beta' | 'rc';
  stageNumber: number | null;
}

// `pg_restore (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`, `psql (PostgreSQL) 17.2`,
// `pg_restore (PostgreSQL) 16beta2`, `psql (PostgreSQL) 14.11 (Homebrew)`.
const VERSION_RE = /^\s*(\S+)\s+\(PostgreSQL\)\s+(\d+(?:\.\d+){0,2})(?:(devel|alpha|beta|rc)(\d*))?(?=\s|$)/m;

/** Parses `--version` output (the first matching line). Pure; null when it is not PostgreSQL's. */
export function parseToolVersion(output: string): ToolVersion | null {
  const m = VERSION_RE.exec(output.replace(/^\uFEFF/, ''));
  if (!m) return null;
  const [, program, numbers, stageWord, stageNum] = m;
  const parts = numbers.split('.').map((n) => parseInt(n, 10));
  return {
    program,
    version: numbers + (stageWord ?? '') + (stageNum ?? ''),
    parts,
    major: parts[0],
    stage: (stageWord as ToolVersion['stage'] | undefined) ?? 'release',
    stageNumber: stageNum ? parseInt(stageNum, 10) : null,
  };
}

const STAGE_RANK: Record<ToolVersion['stage'], number> = { devel: 0, alpha: 1, beta: 2, rc: 3, release: 4 };

/**
 * Orders two version words ('17.2' > '17.0' > '17rc1' > '17beta2' > '17devel' > '16.9').
 * Unparseable words sort first. Pure.
 */
export function compareToolVersions(a: string, b: string): number {
  const va = parseBare(a);
  const vb = parseBare(b);
  if (!va || !vb) return (va ? 1 : 0) - (vb ? 1 : 0);
  const len = Math.max(va.parts.length, vb.parts.length);
  for (let i = 0; i < len; i++) {
    const d = (va.parts[i] ?? 0) - (vb.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  return STAGE_RANK[va.stage] - STAGE_RANK[vb.stage] || (va.stageNumber ?? 0) - (vb.stageNumber ?? 0);
}

function parseBare(version: string): ToolVersion | null {
  return parseToolVersion(`x (PostgreSQL) ${version.trim()}`);
}
