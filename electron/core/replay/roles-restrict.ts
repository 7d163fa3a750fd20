/**
 * Whether a psql understands the `\restrict` / `\unrestrict` meta-commands that pg_dump,
 * pg_dumpall and pg_restore write into plain-text dumps since the August 2025 minor releases.
 *
 * Source: the fix for CVE-2025-8714, commit 575f54d4c "Restrict psql meta-commands in plain-text
 * dumps" (Nathan Bossart, 2025-08-11), back-patched to every supported branch and first released
 * in 17.6, 16.10, 15.14, 14.19 and 13.22 on 2025-08-14 (the REL_15_14 and REL_14_19 tags carry it
 * in src/bin/psql); 18.0 shipped with it. An older psql stops with
 * `invalid command \restrict`, so the lines must be removed before such a psql replays a file.
 * Checked here as well: psql 15.18 accepts them and pg_dumpall 15.18 writes them.
 */

const FIRST_MINOR_WITH_RESTRICT: Record<number, number> = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };

/** Parses the version a client prints (`15.18`, `psql (PostgreSQL) 17.6 (Debian …)`, `18rc1`). */
export function parsePgVersion(version: string): { major: number; minor: number; prerelease: boolean } | null {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?(devel|alpha\d*|beta\d*|rc\d*)?/.exec(version);
  if (!m) return null;
  const first = Number(m[1]);
  // Before 10 the major version had two parts (9.6.24).
  if (first < 10) return { major: first, minor: Number(m[3] ?? 0), prerelease: !!m[4] };
  return { major: first, minor: Number(m[2] ?? 0), prerelease: !!m[4] };
}

/** True when this psql version accepts `\restrict` and `\unrestrict`. */
export function psqlSupportsRestrict(version: string): boolean {
  const v = parsePgVersion(version);
  if (!v) return false;
  if (v.major >= 19) return true;
  // 18 release candidates already had the fix; betas are treated as too old (removing the lines is harmless).
  if (v.major === 18) return !/beta|alpha|devel/.test(version);
  const first = FIRST_MINOR_WITH_RESTRICT[v.major];
  return first !== undefined && !v.prerelease && v.minor >= first;
}
