import { describe, expect, it } from 'vitest';
import { compareToolVersions, parseToolVersion } from '../../../electron/core/binaries/tool-version';

describe('parseToolVersion', () => {
  // Literal `--version` lines as the tools print them.
  it.each([
    ['pg_restore (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n', 'pg_restore', '15.18', [15, 18], 15, 'release', null],
    ['psql (PostgreSQL) 17.2\n', 'psql', '17.2', [17, 2], 17, 'release', null],
    ['pg_restore (PostgreSQL) 9.6.24\n', 'pg_restore', '9.6.24', [9, 6, 24], 9, 'release', null],
    ['pg_restore (PostgreSQL) 16beta2\n', 'pg_restore', '16beta2', [16], 16, 'beta', 2],
    ['psql (PostgreSQL) 18rc1\n', 'psql', '18rc1', [18], 18, 'rc', 1],
    ['psql (PostgreSQL) 19devel\n', 'psql', '19devel', [19], 19, 'devel', null],
    ['psql (PostgreSQL) 14.11 (Ubuntu 14.11-0ubuntu0.22.04.1)\n', 'psql', '14.11', [14, 11], 14, 'release', null],
    ['psql (PostgreSQL) 16.2 (Homebrew)\n', 'psql', '16.2', [16, 2], 16, 'release', null],
    ['pg_restore (PostgreSQL) 10.23\r\n', 'pg_restore', '10.23', [10, 23], 10, 'release', null],
    ['\uFEFFpsql (PostgreSQL) 13.0', 'psql', '13.0', [13, 0], 13, 'release', null],
    ['some banner\npg_restore (PostgreSQL) 17.4\n', 'pg_restore', '17.4', [17, 4], 17, 'release', null],
  ])('%j', (out, program, version, parts, major, stage, stageNumber) => {
    expect(parseToolVersion(out)).toEqual({ program, version, parts, major, stage, stageNumber });
  });

  it.each(['', 'pg_restore 15.18', 'bash: pg_restore: command not found', 'pg_restore (PostgreSQL) x.y', 'psql (PostgreSQL) 15.18abc'])(
    'rejects %j',
    (out) => {
      expect(parseToolVersion(out)).toBeNull();
    },
  );
});

describe('compareToolVersions', () => {
  it('orders releases, pre-releases and old-style versions', () => {
    const sorted = ['17.2', '9.6.24', '16beta2', '17.0', '17rc1', '10.23', '16.9', '17beta1', '17devel', '16.10', '9.6.8'].sort(compareToolVersions);
    expect(sorted).toEqual(['9.6.8', '9.6.24', '10.23', '16beta2', '16.9', '16.10', '17devel', '17beta1', '17rc1', '17.0', '17.2']);
  });

  it('treats missing parts as zero and is symmetric', () => {
    expect(compareToolVersions('17', '17.0')).toBe(0);
    expect(Math.sign(compareToolVersions('15.18', '15.9'))).toBe(1);
    expect(Math.sign(compareToolVersions('15.9', '15.18'))).toBe(-1);
  });
});
