import { describe, expect, it } from 'vitest';
import { formatUtc, pointsInWindow, pointWindow } from '../../../electron/shared/recovery-point-window';

const now = new Date('2026-12-01T12:00:00.000Z');
const points = [
  { id: 'old', time: '2026-11-02T01:00:00.000Z' },
  { id: 'mid', time: '2026-11-27T01:00:00.000Z' },
  { id: 'raw', time: null },
  { id: 'new', time: '2026-11-30T01:00:00.000Z' },
];

describe('recovery point window', () => {
  it('keeps the last 7 days newest first, an unreadable time last', () => {
    const w = pointWindow('7d', now);
    expect(w).toEqual({ from: '2026-11-24T12:00:00.000Z', to: '2026-12-01T12:00:00.000Z' });
    expect(pointsInWindow(points, w).map((p) => p.id)).toEqual(['new', 'mid', 'raw']);
  });

  it('widens to 30 days', () => {
    expect(pointsInWindow(points, pointWindow('30d', now)).map((p) => p.id)).toEqual(['new', 'mid', 'old', 'raw']);
  });

  it('checks a custom window', () => {
    const w = pointWindow('custom', now, { from: '2026-11-26T00:00:00Z', to: '2026-11-28T00:00:00Z' });
    expect(pointsInWindow(points, w).map((p) => p.id)).toEqual(['mid', 'raw']);
    expect(() => pointWindow('custom', now, { from: '2026-11-28T00:00:00Z', to: '2026-11-26T00:00:00Z' })).toThrow(/starts after it ends/);
    expect(() => pointWindow('custom', now, { from: 'yesterday', to: '2026-11-26T00:00:00Z' })).toThrow(/not a date/);
    expect(() => pointWindow('custom', now)).toThrow(/needs a from/);
  });

  it('formats UTC as the marker does', () => {
    expect(formatUtc('2026-11-30T02:15:07.1234567Z')).toBe('2026-11-30 02:15:07 UTC');
    expect(formatUtc('garbage')).toBe('garbage');
  });
});

describe('recovery point window edges', () => {
  it('leaves out a point just outside 30 days', () => {
    const outside = [{ id: 'before', time: '2026-11-01T11:59:59.000Z' }];
    expect(pointsInWindow(outside, pointWindow('30d', now))).toEqual([]);
  });
});
