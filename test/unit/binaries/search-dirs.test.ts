import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envValue, expandPattern, pathDirs, standardDirPatterns, toolFileNames } from '../../../electron/core/binaries/search-dirs';

describe('standardDirPatterns', () => {
  it('covers the usual install folders per platform', () => {
    expect(standardDirPatterns('linux')).toEqual(expect.arrayContaining(['/usr/lib/postgresql/*/bin', '/usr/pgsql-*/bin']));
    expect(standardDirPatterns('darwin')).toEqual(
      expect.arrayContaining([
        '/opt/homebrew/opt/postgresql@*/bin',
        '/usr/local/opt/postgresql@*/bin',
        '/opt/homebrew/bin',
        '/Applications/Postgres.app/Contents/Versions/*/bin',
      ]),
    );
    expect(standardDirPatterns('win32', {})).toEqual(['C:\\Program Files\\PostgreSQL\\*\\bin']);
    expect(standardDirPatterns('win32', { ProgramFiles: 'D:\\Apps', 'ProgramFiles(x86)': 'D:\\Apps32' })).toEqual([
      'D:\\Apps\\PostgreSQL\\*\\bin',
      'D:\\Apps32\\PostgreSQL\\*\\bin',
    ]);
    expect(toolFileNames('win32')).toEqual({ pg_restore: 'pg_restore.exe', psql: 'psql.exe' });
  });
});

describe('pathDirs', () => {
  it('splits PATH per platform and drops empty or relative entries', () => {
    expect(pathDirs({ PATH: '/usr/bin::./bin:/opt/pg/bin:' }, 'linux')).toEqual(['/usr/bin', '/opt/pg/bin']);
    expect(pathDirs({ Path: 'C:\\Windows;"C:\\Program Files\\PostgreSQL\\17\\bin";;relative' }, 'win32')).toEqual([
      'C:\\Windows',
      'C:\\Program Files\\PostgreSQL\\17\\bin',
    ]);
    expect(pathDirs({}, 'linux')).toEqual([]);
    expect(envValue({ Path: 'x' }, 'PATH', 'win32')).toBe('x');
    expect(envValue({ Path: 'x' }, 'PATH', 'linux')).toBeUndefined();
  });
});

describe('expandPattern', () => {
  it('expands one wildcard segment against the disk, newest name first', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pgdirs-'));
    try {
      for (const v of ['9.6', '15', '17', 'notes']) await mkdir(join(root, `postgresql@${v}`, 'bin'), { recursive: true });
      await mkdir(join(root, 'other'));
      expect(await expandPattern(join(root, 'postgresql@*', 'bin'), 'linux')).toEqual([
        join(root, 'postgresql@notes', 'bin'),
        join(root, 'postgresql@17', 'bin'),
        join(root, 'postgresql@15', 'bin'),
        join(root, 'postgresql@9.6', 'bin'),
      ]);
      expect(await expandPattern(join(root, 'missing', '*', 'bin'), 'linux')).toEqual([]);
      expect(await expandPattern('/no/star/bin', 'linux')).toEqual(['/no/star/bin']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
