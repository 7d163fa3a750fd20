/**
 * Whether the process that left something behind (a lock, a private folder) still runs: a pid
 * that exists — someone else's counts (EPERM) — and, on Linux, is not a zombie (exited, not yet
 * reaped by its parent, which `kill(pid, 0)` still finds).
 */
import { readFileSync } from 'node:fs';

export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  // /proc/<pid>/stat: "pid (name) state …"; the name may hold spaces and parentheses.
  let stat = '';
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false; // gone between the two looks
  }
  const end = stat.lastIndexOf(')');
  return stat.slice(end + 2, end + 3) !== 'Z';
}
