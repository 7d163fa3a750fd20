/** Where CLI output goes: lines for people, JSON for scripts. Injectable so tests capture it. */
export interface Out {
  line(text: string): void;
  json(value: unknown): void;
  error(text: string): void;
  isTTY: boolean;
}

export const stdio: Out = {
  line: (t) => process.stdout.write(t + '\n'),
  json: (v) => process.stdout.write(JSON.stringify(v) + '\n'),
  error: (t) => process.stderr.write(t + '\n'),
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
