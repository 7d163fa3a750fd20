/** Runs the CLI in-process with captured output, or as a real child process. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../electron/cli/main';
import type { Out } from '../../electron/cli/print';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  json: Array<Record<string, unknown>>;
}

/** `pgflex-restore …args` in this process. */
export async function cli(...args: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const json: Array<Record<string, unknown>> = [];
  const sink: Out = {
    line: (t) => out.push(t),
    json: (v) => {
      json.push(v as Record<string, unknown>);
      out.push(JSON.stringify(v));
    },
    error: (t) => err.push(t),
    isTTY: false,
  };
  const code = await main(args, sink);
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), json };
}

export const BIN = fileURLToPath(new URL('../../bin/pgflex-restore.mjs', import.meta.url));

/** `pgflex-restore …args` as a child process (for signals and exit codes). */
export function cliProcess(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}
