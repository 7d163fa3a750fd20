/**
 * Sizes in plain words, the same in error messages, the CLI and the UI: decimal units (1 kB = 1000
 * bytes), as file managers and download pages show them, so a size in a message matches the file
 * table.
 */

/** `1.4 MB`, `512 B`, `—` for a missing value. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
