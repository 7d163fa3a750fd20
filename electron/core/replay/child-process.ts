/**
 * The one way the engine runs pg_restore and psql: argument arrays, no shell, a fixed
 * environment, output split into lines, and cancel = SIGTERM to the whole process group, then
 * SIGKILL after a grace period. Every child still alive when Node exits is killed with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningChild {
  pid: number | undefined;
  done: Promise<ChildResult>;
  /** Stops the child and everything it started; resolves when it has exited. */
  stop(graceMs?: number): Promise<ChildResult>;
}

const live = new Set<ChildProcess>();
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
    for (const child of live) killGroup(child, 'SIGKILL');
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

/** Starts a client tool. `env` is the child's whole environment (nothing inherited implicitly). */
export function startChild(
  file: string,
  args: string[],
  opts: { env: Record<string, string>; onStdout?: (line: string) => void; onStderr?: (line: string) => void },
): RunningChild {
  installExitHook();
  const child = spawn(file, args, {
    env: opts.env,
    shell: false,
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  live.add(child);
  lines(child.stdout, opts.onStdout ?? (() => {}));
  lines(child.stderr, opts.onStderr ?? (() => {}));
  const done = new Promise<ChildResult>((resolve) => {
    child.on('error', (err) => {
      opts.onStderr?.(`${file}: ${err.message}`);
      if (child.pid === undefined) {
        live.delete(child);
        resolve({ code: null, signal: null });
      }
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      // A parallel pg_restore's workers share the leader's group; none may outlive it.
      if (process.platform !== 'win32') killGroup(child, 'SIGKILL');
      resolve({ code, signal });
    });
  });
  return {
    pid: child.pid,
    done,
    async stop(graceMs = 3000) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      const result = await done;
      clearTimeout(timer);
      return result;
    },
  };
}
