/**
 * Reads the `backupstarttimestamp` marker. Its content is undocumented, so this accepts every
 * plausible way a .NET or Unix program could have written one time, and says which it matched.
 *
 * Format ids (the `format` field):
 * - 'iso-8601'               `2024-04-10T10:30:46.2303875Z`, `…+02:00`, `…+0200`, `… UTC`
 * - 'iso-8601-assumed-utc'   the same without a zone: read as UTC
 * - 'date-time'              `2024-04-10 10:30:46[.fff]` with a zone
 * - 'date-time-assumed-utc'  `2024-04-10 10:30:46[.fff]` without a zone: read as UTC
 * - 'dotnet-us'              `4/10/2024 10:30:46 AM` (.NET en-US `G`; 24-hour without AM/PM), read as
 *                            UTC unless an offset follows
 * - 'rfc-1123'               `Wed, 10 Apr 2024 10:30:46 GMT` (.NET `R`)
 * - 'unix-seconds'           `1712745046` (optionally with a fraction)
 * - 'unix-millis'            `1712745046230`
 * Fractions beyond milliseconds are truncated. Times outside 2000–2199 are refused: no backup was
 * taken then, and Azure writes `0001-01-01T00:00:00Z` to mean "no time".
 */
export interface MarkerTime {
  /** ISO-8601 UTC with milliseconds, or null when nothing plausible was found. */
  takenAt: string | null;
  format: string | null;
}

const NONE: MarkerTime = { takenAt: null, format: null };
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);
const ZONE = '(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)';
const ISO_RE = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})([T ])(\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*${ZONE}?$`, 'i');
const DOTNET_RE = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4}),?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?\\s*([AP]\\.?M\\.?)?\\s*${ZONE}?$`, 'i');
const RFC1123_RE = /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z|[+-]\d{4})$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const KEY_VALUE_RE = /^["']?[a-z_][\w .()-]*["']?\s*[=:]\s*(.*)$/i;
const PREFERRED_KEYS = /time|date|stamp|taken|start/i;

/** Parses a marker's text. Pure; never throws. */
export function parseMarker(raw: string): MarkerTime {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (!text) return NONE;
  const json = fromJson(text);
  if (json) return json;
  for (const line of text.split(/\r?\n|\r/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const direct = parseValue(trimmed);
    if (direct.takenAt) return direct;
    const kv = KEY_VALUE_RE.exec(trimmed);
    if (kv) {
      const value = parseValue(kv[1]);
      if (value.takenAt) return value;
    }
  }
  return NONE;
}

/** One value, possibly quoted: the formats listed at the top of this file. */
function parseValue(value: string): MarkerTime {
  const v = value.trim().replace(/^(["'])(.*)\1[,;]?$/, '$2').trim();
  return iso(v) ?? dotnet(v) ?? rfc1123(v) ?? unix(v) ?? NONE;
}

function fromJson(text: string): MarkerTime | null {
  if (!/^[{["]/.test(text)) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const candidates: unknown[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 4) return;
    if (typeof node === 'string' || typeof node === 'number') candidates.push(node);
    else if (Array.isArray(node)) node.forEach((n) => visit(n, depth + 1));
    else if (node && typeof node === 'object') {
      // Keys that name a time first, then the rest in document order.
      const entries = Object.entries(node);
      const sorted = [...entries.filter(([k]) => PREFERRED_KEYS.test(k)), ...entries.filter(([k]) => !PREFERRED_KEYS.test(k))];
      for (const [, v] of sorted) visit(v, depth + 1);
    }
  };
  visit(data, 0);
  for (const c of candidates) {
    const result = parseValue(String(c));
    if (result.takenAt) return result;
  }
  return NONE;
}

function iso(v: string): MarkerTime | null {
  const m = ISO_RE.exec(v);
  if (!m) return null;
  const [, y, mo, d, sep, h, mi, s, frac, zone] = m;
  const offset = zoneMinutes(zone);
  if (offset === null) return null;
  const at = build(+y, +mo, +d, +h, +mi, s ? +s : 0, frac, offset);
  if (!at) return null;
  const base = sep.toUpperCase() === 'T' ? 'iso-8601' : 'date-time';
  return { takenAt: at, format: zone ? base : `${base}-assumed-utc` };
}

function dotnet(v: string): MarkerTime | null {
  const m = DOTNET_RE.exec(v);
  if (!m) return null;
  const [, mo, d, y, hRaw, mi, s, frac, ampm, zone] = m;
  let h = +hRaw;
  if (ampm) {
    if (h < 1 || h > 12) return null;
    const pm = ampm[0].toUpperCase() === 'P';
    h = (h % 12) + (pm ? 12 : 0);
  }
  const offset = zoneMinutes(zone);
  if (offset === null) return null;
  const at = build(+y, +mo, +d, h, +mi, s ? +s : 0, frac, offset);
  return at ? { takenAt: at, format: 'dotnet-us' } : null;
}

function rfc1123(v: string): MarkerTime | null {
  const m = RFC1123_RE.exec(v);
  if (!m) return null;
  const [, d, mon, y, h, mi, s, zone] = m;
  const month = MONTHS.indexOf(mon.toLowerCase()) + 1;
  const offset = zoneMinutes(zone);
  if (month === 0 || offset === null) return null;
  const at = build(+y, month, +d, +h, +mi, s ? +s : 0, undefined, offset);
  return at ? { takenAt: at, format: 'rfc-1123' } : null;
}

function unix(v: string): MarkerTime | null {
  let ms: number;
  let format: string;
  if (/^\d{9,10}(\.\d+)?$/.test(v)) {
    ms = Math.floor(parseFloat(v) * 1000);
    format = 'unix-seconds';
  } else if (/^\d{12,13}$/.test(v)) {
    ms = parseInt(v, 10);
    format = 'unix-millis';
  } else return null;
  if (ms < MIN_MS || ms >= MAX_MS) return null;
  return { takenAt: new Date(ms).toISOString(), format };
}

/** Minutes east of UTC for a zone suffix; 0 when absent; null when impossible. */
function zoneMinutes(zone: string | undefined): number | null {
  if (!zone || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const hours = +m[2];
  const minutes = m[3] ? +m[3] : 0;
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Checks every field (no Feb 30, no 24:00) and returns ISO UTC with milliseconds, or null. */
function build(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, offsetMin: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  const ms = frac ? parseInt(frac.padEnd(3, '0').slice(0, 3), 10) : 0;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
  if (t < MIN_MS || t >= MAX_MS) return null;
  return new Date(t).toISOString();
}
