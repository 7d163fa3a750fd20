/** Times and durations as Data Protection writes them: 7-digit fractions, 0001-01-01 for "not yet", ISO-8601 and .NET durations. */

/** An Azure timestamp → ISO string in UTC (ms precision), or null when absent or the .NET "no value" 0001-01-01. */
export function parseAzureTime(v: unknown): string | null {
  if (typeof v !== 'string' || !v.trim()) return null;
  const s = v.trim();
  if (s.startsWith('0001-01-01')) return null;
  // Cut fractions to milliseconds so every runtime parses them; no zone means UTC in Azure payloads.
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return null;
  const frac = (m[2] ?? '').slice(0, 3).padEnd(3, '0');
  const ms = Date.parse(`${m[1]}.${frac}${m[3] ? m[3].toUpperCase() : 'Z'}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `PT2M5.65S`, `P1DT2H`, `00:02:11.97`, `1.02:03:04.5` → milliseconds; null when unreadable. */
export function parseDuration(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso && s !== 'P' && s.toUpperCase() !== 'PT') {
    const [d, h, m, sec] = iso.slice(1).map((x) => Number(x ?? 0));
    return Math.round(((d * 24 + h) * 60 + m) * 60_000 + sec * 1000);
  }
  const net = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(s);
  if (net) {
    const [d, h, m] = [net[1], net[2], net[3]].map((x) => Number(x ?? 0));
    return Math.round(((d * 24 + h) * 60 + m) * 60_000 + Number(net[4]) * 1000);
  }
  return null;
}
