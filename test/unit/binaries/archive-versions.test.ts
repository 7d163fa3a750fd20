import { describe, expect, it } from 'vitest';
import {
  archiveVersionsReadable,
  archiveWrittenBy,
  canReadArchive,
  compareArchiveVersions,
  maxArchiveVersionFor,
  minRestoreMajorFor,
} from '../../../electron/core/binaries/archive-versions';
import type { ClientTool } from '../../../electron/core/binaries/types';
import { UserError } from '../../../electron/core/errors';

function restore(version: string): ClientTool {
  const major = parseInt(version, 10);
  return { name: 'pg_restore', path: `/x/${version}/pg_restore`, version, major, source: 'path', maxArchiveVersion: maxArchiveVersionFor(major, version) };
}

describe('maxArchiveVersionFor', () => {
  it.each([
    [18, '1.16'],
    [17, '1.16'],
    [16, '1.15'],
    [15, '1.14'],
    [14, '1.14'],
    [13, '1.14'],
    [12, '1.14'],
    [11, '1.13'],
    [10, '1.12'], // without the minor: the safe answer
    [9, '1.12'],
    [19, '1.16'], // newer than the table: at least what the table knows
  ])('major %i → %s', (major, expected) => {
    expect(maxArchiveVersionFor(major)).toBe(expected);
  });

  it.each([
    ['10.2', '1.12'],
    ['10.3', '1.13'],
    ['10.23', '1.13'],
    ['9.6.7', '1.12'],
    ['9.6.8', '1.13'],
    ['9.6.24', '1.13'],
    ['9.5.12', '1.13'],
    ['9.4.16', '1.12'],
    ['9.3.22', '1.13'],
    ['9.2.24', '1.12'],
    ['9.0.23', '1.12'],
    ['10beta1', '1.12'],
    ['8.4.22', '1.11'],
    ['8.3.23', '1.10'],
    ['16beta2', '1.15'],
  ])('version %s → %s (the 2018 back-patch of 1.13)', (version, expected) => {
    expect(maxArchiveVersionFor(parseInt(version, 10), version)).toBe(expected);
  });
});

describe('compareArchiveVersions', () => {
  it('compares numerically and ignores the revision', () => {
    expect(compareArchiveVersions('1.9', '1.14')).toBeLessThan(0);
    expect(compareArchiveVersions('1.16', '1.15')).toBeGreaterThan(0);
    expect(compareArchiveVersions('1.14.0', '1.14')).toBe(0);
    expect(compareArchiveVersions('1.14.255', '1.14.0')).toBe(0);
    expect(compareArchiveVersions('2.0', '1.16')).toBeGreaterThan(0);
  });

  it('refuses nonsense with a typed error', () => {
    expect(() => compareArchiveVersions('1.x', '1.14')).toThrow(UserError);
    expect(() => compareArchiveVersions('', '1.14')).toThrow(/not an archive format version/);
  });
});

describe('canReadArchive', () => {
  it('reads its own format and older ones, not newer ones', () => {
    expect(canReadArchive(restore('15.18'), '1.14')).toBe(true);
    expect(canReadArchive(restore('15.18'), '1.12')).toBe(true);
    expect(canReadArchive(restore('15.18'), '1.15')).toBe(false);
    expect(canReadArchive(restore('16.4'), '1.15')).toBe(true);
    expect(canReadArchive(restore('16.4'), '1.16')).toBe(false);
    expect(canReadArchive(restore('17.4'), '1.16.0')).toBe(true);
    expect(canReadArchive(restore('18.1'), '1.16')).toBe(true);
    expect(canReadArchive(restore('18.1'), '1.17')).toBe(false);
  });

  it('assumes a pg_restore newer than the table reads formats newer than the table', () => {
    expect(canReadArchive(restore('19.0'), '1.17')).toBe(true);
    expect(archiveVersionsReadable(restore('19.0'))).toEqual({ oldest: '1.0', newest: '1.16', newerAssumed: true });
  });

  it('never says psql reads archives', () => {
    const psql: ClientTool = { name: 'psql', path: '/x/psql', version: '17.2', major: 17, source: 'path', maxArchiveVersion: null };
    expect(canReadArchive(psql, '1.14')).toBe(false);
    expect(archiveVersionsReadable(psql)).toBeNull();
    expect(archiveVersionsReadable(restore('16.1'))).toEqual({ oldest: '1.0', newest: '1.15', newerAssumed: false });
  });
});

describe('who writes and who reads a format', () => {
  it.each([
    ['1.16', 17, 'pg_dump 17 or 18'],
    ['1.15', 16, 'pg_dump 16'],
    ['1.14', 12, 'pg_dump 12 to 15'],
    ['1.13', 11, 'pg_dump 11'],
    ['1.12', 9, 'pg_dump 9.0 to 10'],
    ['1.17', null, 'a pg_dump newer than 18'],
  ])('%s: needs pg_restore %s, written by %s', (v, need, writer) => {
    expect(minRestoreMajorFor(v)).toBe(need);
    expect(archiveWrittenBy(v)).toContain(writer);
  });
});
