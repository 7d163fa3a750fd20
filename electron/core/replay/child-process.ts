/**
 * The one way the engine runs its children (pg_restore, psql, and the sandbox's initdb, postgres
 * and pg_ctl): argument arrays, no shell, a fixed environment, output split into lines, and
 * cancel = SIGTERM (or the signal asked for) to the whole process group, then SIGKILL after a
 * grace period. Every child still alive when Node exits is signalled with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningChild {
  pid: number | undefined;
  done: Promise<ChildResult>;
  /** How it ended, once it has (null while it runs). */
  readonly result: ChildResult | null;
  /** Stops the child and everything it started (`signal`, SIGTERM by default, then SIGKILL after `graceMs`); resolves when it has exited. */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<ChildResult>;
  /** Lets it run on after this process ends (a server others still use): no signal at exit, its output no longer read. */
  release(): void;
}

/** How to start a child; `env` is its whole environment (nothing inherited implicitly). */
export interface ChildOptions {
  env: Record<string, string | undefined>;
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
  /** Run as this user and group (the sandbox server runs as `postgres` when we are root). */
  uid?: number;
  gid?: number;
  /** Sent to the group if Node exits while the child runs; SIGKILL by default (a server asks for SIGINT, its fast shutdown). */
  exitSignal?: NodeJS.Signals;
  /** Asked when Node exits while the child runs: true leaves it running (a server other processes still use). */
  keepOnExit?: () => boolean;
}

/** Children still running, with the signal each gets when Node exits (unless it is to be kept). */
const live = new Map<ChildProcess, { signal: NodeJS.Signals; keep?: () => boolean }>();
let exitHookInstalled = false;

/** Signals the child's process group (it leads one: spawned detached). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F']);
    else process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, { signal, keep }] of live) if (!keep?.()) killGroup(child, signal);
  });
}

/** Splits a stream into lines, tolerating CRLF and a last line without newline. */
function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) onLine(p.endsWith('\r') ? p.slice(0, -1) : p);
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
    rest = '';
  });
}

/** Starts a child in its own process group. */
export function startChild(file: string, args: string[], opts: ChildOptions): RunningChild {
  installExitHook();
  const child = spawn(file, args, {
    env: opts.env,
    shell: false,
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
    uid: opts.uid,
    gid: opts.gid,
  });
  live.set(child, { signal: opts.exitSignal ?? 'SIGKILL', keep: opts.keepOnExit });
  let result: ChildResult | null = null;
  lines(child.stdout, opts.onStdout ?? (() => {}));
  lines(child.stderr, opts.onStderr ?? (() => {}));
  const done = new Promise<ChildResult>((resolve) => {
    child.on('error', (err) => {
      opts.onStderr?.(`${file}: ${err.message}`);
      if (child.pid === undefined) {
        live.delete(child);
        result = { code: null, signal: null };
        resolve(result);
      }
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      // A parallel pg_restore's workers share the leader's group; none may outlive it.
      if (process.platform !== 'win32') killGroup(child, 'SIGKILL');
      result = { code, signal };
      resolve(result);
    });
  });
  return {
    pid: child.pid,
    done,
    get result() {
      return result;
    },
    async stop(graceMs = 3000, signal: NodeJS.Signals = 'SIGTERM') {
      killGroup(child, signal);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      const result = await done;
      clearTimeout(timer);
      return result;
    },
    release() {
      live.delete(child);
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
    },
  };
}

/** What a short command printed and how it ended. */
export interface RunResult extends ChildResult {
  stdout: string;
  stderr: string;
}

/** Runs a short command (initdb, pg_ctl, `--version`) to its end through `startChild`, collecting its output. */
export async function runChild(file: string, args: string[], opts: Omit<ChildOptions, 'onStdout' | 'onStderr'>): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const child = startChild(file, args, { ...opts, onStdout: (l) => out.push(l), onStderr: (l) => err.push(l) });
  const result = await child.done;
  return { ...result, stdout: out.join('\n'), stderr: err.join('\n') };
}
