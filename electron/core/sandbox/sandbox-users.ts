/**
 * Which processes use a sandbox server right now — the app, a CLI replay, `npm run demo` — as a
 * file per pid in the sandbox folder's users/. Whoever started the server, the last user to leave
 * stops it: one that started it but leaves while others still use it leaves it running for them
 * (it used to stop it under them, ending their replays with "the database system is shutting down").
 * A user that died (kill -9) no longer counts: its pid is gone.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pidAlive } from './postmaster-pid';

const here = new Map<string, number>();
const usersDir = (dir: string) => join(dir, 'users');

/** This process uses the server in `dir` (once more). */
export function joinServer(dir: string): void {
  const n = here.get(dir) ?? 0;
  here.set(dir, n + 1);
  if (n > 0) return;
  mkdirSync(usersDir(dir), { recursive: true, mode: 0o700 });
  writeFileSync(join(usersDir(dir), String(process.pid)), '');
}

/** This process uses it once less; its file goes with the last use. */
export function leaveServer(dir: string): void {
  const n = (here.get(dir) ?? 1) - 1;
  if (n > 0) {
    here.set(dir, n);
    return;
  }
  here.delete(dir);
  rmSync(join(usersDir(dir), String(process.pid)), { force: true });
}

/** Live processes other than this one that use the server in `dir` (the files of dead ones are removed). */
export function otherUsers(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(usersDir(dir));
  } catch {
    return [];
  }
  const alive: number[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (pidAlive(pid)) alive.push(pid);
    else rmSync(join(usersDir(dir), name), { force: true });
  }
  return alive;
}
