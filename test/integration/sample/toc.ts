/** Test helper: `pg_restore -l` of an archive, and the tables its TOC lists. */
import { spawnSync } from 'node:child_process';

/** Runs `pg_restore -l` (PostgreSQL 15 client on PATH) and returns its stdout; throws on failure. */
export function listToc(file: string): string {
  const r = spawnSync('pg_restore', ['-l', file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`pg_restore -l ${file} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** `schema.table` names of the TOC's TABLE and TABLE DATA entries (`216; 1259 16413 TABLE public customers owner`). */
export function tocTables(toc: string): { tables: Set<string>; data: Set<string> } {
  const tables = new Set<string>();
  const data = new Set<string>();
  for (const line of toc.split('\n')) {
    const m = /^\d+; \d+ \d+ TABLE (DATA )?(\S+) (\S+) /.exec(line);
    if (m) (m[1] ? data : tables).add(`${m[2]}.${m[3]}`);
  }
  return { tables, data };
}
