/**
 * The Recovery point screen's time-period filter, as the portal's "Select restore point": a
 * window ending now (or a custom one), the points inside it newest first, the newest preselected.
 * Pure and isomorphic: the renderer filters what main listed, main uses the same window to ask
 * Azure for the points (`--from`/`--to` in the CLI).
 */

/** The periods offered, in the order shown. */
export const POINT_PERIODS = ['7d', '30d', '90d', 'custom'] as const;
export type PointPeriod = (typeof POINT_PERIODS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const PERIOD_DAYS: Record<Exclude<PointPeriod, 'custom'>, number> = { '7d': 7, '30d': 30, '90d': 90 };

/** A closed window of UTC instants (ISO-8601), `from` ≤ `to`. */
export interface PointWindow {
  from: string;
  to: string;
}

/** The window a period stands for at `now`; a custom one is checked and returned as given. */
export function pointWindow(period: PointPeriod, now: Date, custom?: PointWindow): PointWindow {
  if (period === 'custom') {
    if (!custom) throw new Error('A custom period needs a from and a to time.');
    const from = Date.parse(custom.from);
    const to = Date.parse(custom.to);
    if (Number.isNaN(from) || Number.isNaN(to)) throw new Error('The custom period has a time that is not a date.');
    if (from > to) throw new Error('The custom period starts after it ends: swap the two times.');
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }
  return { from: new Date(now.getTime() - PERIOD_DAYS[period] * DAY_MS).toISOString(), to: now.toISOString() };
}

/**
 * The points inside the window, newest first. A point whose time Azure gave in a form we could
 * not read (`time: null`) is kept at the end rather than hidden: the user may still want it.
 */
export function pointsInWindow<P extends { time: string | null }>(points: readonly P[], window: PointWindow): P[] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const dated = points
    .filter((p) => p.time !== null && Date.parse(p.time) >= from && Date.parse(p.time) <= to)
    .sort((a, b) => Date.parse(b.time as string) - Date.parse(a.time as string));
  return [...dated, ...points.filter((p) => p.time === null)];
}

/** `2026-11-30 02:15:07 UTC`: the point's time as the portal and the marker show it. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
