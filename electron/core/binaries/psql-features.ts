import { parseToolVersion } from './tool-version';
import type { ClientTool } from './types';

/**
 * First minor release of each branch whose psql knows `\restrict` / `\unrestrict` (CVE-2025-8714,
 * released 2025-08-14). pg_dump and pg_dumpall of those releases write them into plain SQL output
 * (the roles, schema and tablespaces files), and an older psql stops at the first line with
 * "invalid command \restrict".
 */
const RESTRICT_SINCE: Record<number, number> = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };

/** True when this psql understands `\restrict` (18beta3 and later; 13–17 from the releases above). */
export function psqlSupportsRestrict(tool: Pick<ClientTool, 'name' | 'version'>): boolean {
  if (tool.name !== 'psql') return false;
  const v = parseToolVersion(`psql (PostgreSQL) ${tool.version}`);
  if (!v) return false;
  if (v.major >= 19) return true;
  // 18beta3 (2025-08-14) was the first 18 to have it.
  if (v.major === 18) return v.stage === 'release' || v.stage === 'rc' || (v.stage === 'beta' && (v.stageNumber ?? 0) >= 3);
  const since = RESTRICT_SINCE[v.major];
  return since !== undefined && v.stage === 'release' && (v.parts[1] ?? 0) >= since;
}
