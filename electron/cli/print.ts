/** Where CLI output goes: lines for people, JSON for scripts. Injectable so tests capture it. */
export interface Out {
  line(text: string): void;
  json(value: unknown): void;
  error(text: string): void;
  isTTY: boolean;
}

/**
 * Set once a reader of the output has gone away (`replay --json | head -1`): the next write to
 * its pipe fails with EPIPE, which unhandled killed the process with a stack trace — mid-replay,
 * leaving half-restored databases and no summary. The stream is written no more; the commands
 * that run long cancel cleanly on it (see interrupt.ts).
 */
const gone = new AbortController();
export const outputGone: AbortSignal = gone.signal;
const closed = new Set<NodeJS.WriteStream>();

function watch(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed.add(stream);
    gone.abort();
  });
  return stream;
}

function writer(stream: NodeJS.WriteStream): (text: string) => void {
  return (text) => {
    if (!closed.has(stream)) stream.write(text);
  };
}

const toStdout = writer(watch(process.stdout));
const toStderr = writer(watch(process.stderr));

export const stdio: Out = {
  line: (t) => toStdout(t + '\n'),
  json: (v) => toStdout(JSON.stringify(v) + '\n'),
  error: (t) => toStderr(t + '\n'),
  isTTY: Boolean(process.stdout.isTTY),
};


/** 420 → '0.4s', 65_000 → '1m 05s'. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m ${String(s % 60).padStart(2, '0')}s`;
}
