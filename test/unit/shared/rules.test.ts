/** The rules with one home each: the database-exists rule, the http(s) link rule, the ETA, the archive writer table. */
import { describe, expect, it } from 'vitest';
import { minWriterMajorFor } from '../../../electron/core/binaries/archive-versions';
import { estimateRemainingMs } from '../../../electron/core/replay/progress';
import { blockingExisting, blockingReplace, nameTooLong, tooLongNames } from '../../../electron/shared/existing-databases';
import { formatBytes } from '../../../electron/shared/format-bytes';
import { httpUrl } from '../../../electron/shared/http-url';

describe('blockingExisting', () => {
  const dbs = [
    { action: 'restore', exists: true, targetName: 'shop' },
    { action: 'restore', exists: false, targetName: 'inventory' },
    { action: 'skip', exists: true, targetName: 'postgres' },
  ] as const;
  it('names restored databases that exist only when the policy is fail', () => {
    expect(blockingExisting(dbs, 'fail')).toEqual(['shop']);
    expect(blockingExisting(dbs, 'skip')).toEqual([]);
    expect(blockingExisting(dbs, 'replace')).toEqual([]);
  });
});

describe('blockingReplace', () => {
  const dbs = ['work', 'template1', 'template0', 'azure_sys', 'azure_maintenance', 'shop'].map((targetName) => ({ action: 'restore' as const, exists: true, targetName }));
  it('names the existing databases a replace cannot drop: the one connected to, the templates, Azure-managed ones', () => {
    expect(blockingReplace(dbs, 'replace', 'work').map((d) => d.targetName)).toEqual(['work', 'template1', 'template0', 'azure_sys', 'azure_maintenance']);
    expect(blockingReplace(dbs, 'replace', 'work')[0].why).toBe('"work" is the database this connection works from, and a database cannot be dropped while connected to it');
    // Connected through another database, "postgres" can be replaced like any other; nothing is dropped under skip or fail.
    expect(blockingReplace([{ action: 'restore', exists: true, targetName: 'postgres' }], 'replace', 'work')).toEqual([]);
    expect(blockingReplace(dbs, 'skip', 'work')).toEqual([]);
    expect(blockingReplace(dbs, 'fail', 'work')).toEqual([]);
    expect(blockingReplace([{ action: 'restore', exists: false, targetName: 'azure_sys' }, { action: 'skip', exists: true, targetName: 'template1' }], 'replace', 'postgres')).toEqual([]);
  });

  it('names an existing database another replay is restoring, with that reason', () => {
    const busy = [{ action: 'restore' as const, exists: true, replaying: true, targetName: 'shop' }, { action: 'restore' as const, exists: true, replaying: false, targetName: 'crm' }];
    expect(blockingReplace(busy, 'replace', 'postgres')).toEqual([
      { targetName: 'shop', why: '"shop" is being restored right now by another pgflex-restore replay, and replacing it would destroy that replay\'s work' },
    ]);
    expect(blockingReplace(busy, 'skip', 'postgres')).toEqual([]);
  });
});

describe('nameTooLong', () => {
  it('refuses a name over 63 bytes (not characters), saying what the server would keep, cut at a character', () => {
    expect(nameTooLong('a'.repeat(63))).toBeNull();
    expect(nameTooLong('é'.repeat(31) + 'a')).toBeNull(); // 63 bytes
    expect(nameTooLong('a'.repeat(64))).toBe(`"${'a'.repeat(64)}" is 64 bytes long, and PostgreSQL keeps only the first 63 bytes of a database name: it would be restored as "${'a'.repeat(63)}"`);
    // 62 bytes of "a", then a 2-byte "é": the server keeps the 62, not half a character.
    expect(nameTooLong('a'.repeat(62) + 'é')).toMatch(new RegExp(`is 64 bytes long.*restored as "${'a'.repeat(62)}"$`));
    expect(tooLongNames([{ action: 'restore', exists: false, targetName: 'x'.repeat(70) }, { action: 'skip', exists: false, targetName: 'y'.repeat(70) }]).map((d) => d.targetName)).toEqual(['x'.repeat(70)]);
  });
});

describe('httpUrl', () => {
  it('accepts http(s) only, normalised', () => {
    expect(httpUrl('https://learn.microsoft.com/a b')).toBe('https://learn.microsoft.com/a%20b');
    expect(httpUrl('HTTP://example.com')).toBe('http://example.com/');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'ms-settings:', '']) expect(httpUrl(bad)).toBeNull();
  });
});

describe('estimateRemainingMs', () => {
  it('extrapolates the pace so far, and says nothing when too little or nothing is left', () => {
    expect(estimateRemainingMs(10_000, 0.25)).toBe(30_000);
    expect(estimateRemainingMs(10_000, 0.01)).toBeNull();
    expect(estimateRemainingMs(500, 0.5)).toBeNull();
    expect(estimateRemainingMs(10_000, 1)).toBeNull();
  });
});

describe('formatBytes', () => {
  it('uses decimal units everywhere (the CLI, messages and the file table agree)', () => {
    expect(formatBytes(103)).toBe('103 B');
    expect(formatBytes(1_000)).toBe('1.0 kB');
    expect(formatBytes(1_048_576)).toBe('1.0 MB');
  });
});

describe('minWriterMajorFor', () => {
  it('is the first major reading the format, and newer than known for unknown formats', () => {
    expect(minWriterMajorFor('1.16')).toBe(17);
    expect(minWriterMajorFor('1.15')).toBe(16);
    expect(minWriterMajorFor('1.14')).toBe(12);
    expect(minWriterMajorFor('1.17')).toBe(19);
  });
});
