import { describe, expect, it } from 'vitest';
import { maxArchiveVersionFor } from '../../../electron/core/binaries/archive-versions';
import { choosePsql, chooseRestoreClient } from '../../../electron/core/binaries/choose';
import { psqlSupportsRestrict } from '../../../electron/core/binaries/psql-features';
import type { ClientTool, ToolName, ToolSource } from '../../../electron/core/binaries/types';
import { UserError } from '../../../electron/core/errors';

function tool(name: ToolName, version: string, source: ToolSource = 'path', path = `/opt/pg${version}/bin/${name}`): ClientTool {
  const major = parseInt(version, 10);
  return { name, path, version, major, source, maxArchiveVersion: name === 'pg_restore' ? maxArchiveVersionFor(major, version) : null };
}

function thrown(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('chooseRestoreClient', () => {
  const r15 = tool('pg_restore', '15.18', 'standard');
  const r16 = tool('pg_restore', '16.4', 'path');
  const r17 = tool('pg_restore', '17.4', 'bundled');
  const p17 = tool('psql', '17.4', 'bundled');

  it('picks the newest pg_restore that reads the archive, whatever the order', () => {
    expect(chooseRestoreClient([r15, r17, r16, p17], '1.14')).toBe(r17);
    expect(chooseRestoreClient([r17, r16, r15], '1.15')).toBe(r17);
    expect(chooseRestoreClient([r15, r16], '1.15')).toBe(r16);
    expect(chooseRestoreClient([r15, r16], '1.12')).toBe(r16);
  });

  it('keeps the search order on equal versions', () => {
    const a = tool('pg_restore', '16.4', 'bundled', '/a/pg_restore');
    const b = tool('pg_restore', '16.4', 'path', '/b/pg_restore');
    expect(chooseRestoreClient([a, b], '1.15')).toBe(a);
    expect(chooseRestoreClient([b, a], '1.15')).toBe(b);
  });

  it('prefers a release over a pre-release of the same major', () => {
    const beta = tool('pg_restore', '17beta2');
    const rel = tool('pg_restore', '17.0');
    expect(chooseRestoreClient([beta, rel], '1.16')).toBe(rel);
  });

  it('uses the Settings tool when it can read the archive, and passes it over when it cannot', () => {
    const set15 = tool('pg_restore', '15.18', 'setting');
    expect(chooseRestoreClient([set15, r17], '1.14')).toBe(set15);
    expect(chooseRestoreClient([set15, r17], '1.16')).toBe(r17);
  });

  it('says exactly which client is needed when all are too old', () => {
    const e = thrown(() => chooseRestoreClient([r15, r16, p17], '1.16', 'linux'));
    expect(e.code).toBe('client-too-old');
    expect(e.message).toContain('archive format 1.16 is written by pg_dump 17 or 18');
    expect(e.message).toContain(`pg_restore 15.18 at ${r15.path} (reads up to 1.14)`);
    expect(e.message).toContain(`pg_restore 16.4 at ${r16.path} (reads up to 1.15)`);
    expect(e.hint).toContain('Install PostgreSQL 17+ client tools');
    expect(e.hint).toContain('apt-get install postgresql-client-17');
    expect(e.hint).toContain('Settings → Client tools');
    expect(e.details).toMatchObject({ archiveVersion: '1.16', neededMajor: 17 });
    expect((e.details.found as unknown[]).length).toBe(2);

    expect(thrown(() => chooseRestoreClient([r15], '1.15', 'darwin')).hint).toContain('brew install postgresql@16');
    expect(thrown(() => chooseRestoreClient([r15], '1.15.0', 'win32')).message).toContain('archive format 1.15 is written by pg_dump 16');
  });

  it('names an archive newer than this app knows', () => {
    const e = thrown(() => chooseRestoreClient([r17], '1.17', 'linux'));
    expect(e.code).toBe('client-too-old');
    expect(e.message).toContain('a pg_dump newer than 18');
    expect(e.hint).toContain('newest PostgreSQL client tools');
    expect(chooseRestoreClient([r17, tool('pg_restore', '19.1')], '1.17').version).toBe('19.1');
  });

  it('says when there is no pg_restore at all', () => {
    const e = thrown(() => chooseRestoreClient([p17], '1.14', 'linux'));
    expect(e.code).toBe('no-client');
    expect(e.hint).toContain('apt-get install postgresql-client-');
    expect(thrown(() => chooseRestoreClient([], '1.14')).code).toBe('no-client');
  });

  it('refuses a malformed archive version', () => {
    expect(thrown(() => chooseRestoreClient([r15], 'abc')).code).toBe('bad-argument');
  });
});

describe('choosePsql', () => {
  it('picks the newest psql, a Settings one first, or null', () => {
    const p15 = tool('psql', '15.18', 'standard');
    const p17 = tool('psql', '17.2', 'path');
    const r17 = tool('pg_restore', '17.4');
    expect(choosePsql([p15, r17, p17])).toBe(p17);
    expect(choosePsql([tool('psql', '15.18', 'setting'), p17])?.source).toBe('setting');
    expect(choosePsql([r17])).toBeNull();
  });
});

describe('psqlSupportsRestrict', () => {
  it.each([
    ['17.6', true],
    ['17.5', false],
    ['16.10', true],
    ['16.9', false],
    ['15.14', true],
    ['15.13', false],
    ['15.18', true],
    ['14.19', true],
    ['13.22', true],
    ['13.21', false],
    ['12.22', false],
    ['18.0', true],
    ['18beta1', false],
    ['18beta3', true],
    ['18rc1', true],
    ['19devel', true],
    ['9.6.24', false],
  ])('psql %s → %s', (version, expected) => {
    expect(psqlSupportsRestrict(tool('psql', version))).toBe(expected);
  });
});
