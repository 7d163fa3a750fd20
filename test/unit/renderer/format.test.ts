import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatLocal, formatPercent, formatUtc } from '../../../renderer/src/lib/format';

describe('marker time formatting', () => {
  it('writes UTC as YYYY-MM-DD HH:mm:ss UTC, whatever the fraction', () => {
    expect(formatUtc('2024-04-10T10:30:46.230Z')).toBe('2024-04-10 10:30:46 UTC');
    expect(formatUtc('2024-04-10T10:30:46.2303875Z')).toBe('2024-04-10 10:30:46 UTC');
    expect(formatUtc('2023-12-31T23:59:59Z')).toBe('2023-12-31 23:59:59 UTC');
    expect(formatUtc('2024-01-02T03:04:05+02:00')).toBe('2024-01-02 01:04:05 UTC');
  });
  it('says — for a missing or unreadable time instead of inventing one', () => {
    expect(formatUtc(null)).toBe('—');
    expect(formatUtc('not a time')).toBe('—');
    expect(formatLocal(undefined)).toBe('—');
  });
  it('writes local time with its offset, including across DST', () => {
    expect(formatLocal('2024-04-10T10:30:46.230Z', 'Europe/Berlin')).toBe('2024-04-10 12:30:46 (UTC+02:00)');
    expect(formatLocal('2024-01-10T10:30:46Z', 'Europe/Berlin')).toBe('2024-01-10 11:30:46 (UTC+01:00)');
    expect(formatLocal('2024-04-10T10:30:46Z', 'America/New_York')).toBe('2024-04-10 06:30:46 (UTC-04:00)');
    expect(formatLocal('2024-04-10T10:30:46Z', 'UTC')).toBe('2024-04-10 10:30:46 (UTC+00:00)');
    expect(formatLocal('2024-04-10T23:30:00Z', 'Asia/Kolkata')).toBe('2024-04-11 05:00:00 (UTC+05:30)');
  });
});

describe('sizes, durations, percentages', () => {
  it('formats sizes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(87_688)).toBe('87.7 kB');
    expect(formatBytes(31_000_000)).toBe('31.0 MB');
    expect(formatBytes(250_000_000_000)).toBe('250 GB');
    expect(formatBytes(null)).toBe('—');
  });
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });
  it('floors and clamps percentages', () => {
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(1.2)).toBe('100%');
    expect(formatPercent(Number.NaN)).toBe('0%');
  });
});
