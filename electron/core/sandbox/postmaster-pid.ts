/** Reading a data folder's `postmaster.pid` and telling a running server from a crashed run's leftover. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The lines of `postmaster.pid` that we use (PostgreSQL 10+ layout). */
export interface PostmasterPid {
  pid: number;
  dataDir: string;
  port: number | null;
  /** `starting`, `ready`, `stopping`, `standby`, or null while the server is still writing it. */
  status: string | null;
}

/** Parses the text of `postmaster.pid`; null when it has no usable pid (empty, torn write). */
export function parsePostmasterPid(text: string): PostmasterPid | null {
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const port = Number.parseInt(lines[3] ?? '', 10);
  const status = (lines[7] ?? '').trim();
  return { pid, dataDir: (lines[1] ?? '').trim(), port: Number.isInteger(port) && port > 0 ? port : null, status: status || null };
}

/** True when a process with this pid exists and we may signal it (EPERM means it is someone else's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH' && (err as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/**
 * True when the pid is a live PostgreSQL server on `dataDir`. A pid from a crashed run may have
 * been reused by an unrelated program, or by another cluster's process (common after a reboot);
 * on Linux we check its command line (our servers always get `-D <dataDir>`). Elsewhere a live
 * pid is taken at its word; the server then refuses to start on a folder in use and says why.
 */
export function isLivePostmaster(pid: number, dataDir?: string): boolean {
  if (!pidAlive(pid)) return false;
  if (process.platform !== 'linux') return true;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!/(^|\/)postgres$/.test(argv[0] ?? '')) return false;
    if (!dataDir) return true;
    const want = resolve(dataDir);
    return argv.some((a, i) => i > 0 && (a === want || a === `-D${want}` || a === `--pgdata=${want}`));
  } catch {
    return false;
  }
}
