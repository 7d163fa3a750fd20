import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readArchive } from '../../../electron/core/archive/read-archive';
import { exitCodeFor } from '../../../electron/cli/exit-codes';
import { UserError } from '../../../electron/core/errors';
import { decodeText, MARKER_READ_CAP, openRestoreSet } from '../../../electron/core/restore-set/open-restore-set';

const G = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const G2 = '9b2c1d7e-0000-4aaa-8bbb-123456789abc';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'restore-set-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(entries: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(entries)) await writeFile(join(dir, name), content);
}

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('openRestoreSet', () => {
  it('reads a complete Azure restore set', async () => {
    await files({
      backupstarttimestamp: '2024-04-10T10:30:46.2303875Z\r\n',
      [`${G}_database_zeta.sql`]: 'PGDMP-zeta',
      [`${G}_database_Alpha db.sql`]: 'PGDMP-alpha!',
      [`${G}_database_beta10.sql`]: 'PGDMP',
      [`${G}_database_beta9.sql`]: 'PGDMP',
      [`${G}_roles.sql`]: 'CREATE ROLE x;',
      [`${G}_schema.sql`]: '--',
      [`${G}_tablespaces.sql`]: '',
      'readme.txt': 'hello',
    });
    const set = await openRestoreSet(dir);
    expect(set.folder).toBe(dir);
    expect(set.marker).toEqual({
      file: 'backupstarttimestamp',
      raw: '2024-04-10T10:30:46.2303875Z\r\n',
      takenAt: '2024-04-10T10:30:46.230Z',
      format: 'iso-8601',
    });
    expect(set.databases.map((d) => d.database)).toEqual(['Alpha db', 'beta9', 'beta10', 'zeta']);
    const alpha = set.databases[0];
    expect(alpha).toMatchObject({ file: `${G}_database_Alpha db.sql`, path: join(dir, `${G}_database_Alpha db.sql`), size: 12, kind: 'database', prefix: G });
    expect(set.roles).toMatchObject({ kind: 'roles', size: 14, prefix: G });
    expect(set.schema?.file).toBe(`${G}_schema.sql`);
    expect(set.tablespaces).toMatchObject({ kind: 'tablespaces', size: 0 });
    expect(set.unknown.map((u) => u.file)).toEqual(['readme.txt']);
  });

  it('lists hidden files, OS litter and sub-folders as not used, and does not recurse', async () => {
    await files({
      '.DS_Store': 'x',
      [`._${G}_database_sales.sql`]: 'AppleDouble',
      'Thumbs.db': 'x',
      [`${G}_database_sales.sql`]: 'PGDMP',
    });
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'nested', `${G}_roles.sql`), 'x');
    const set = await openRestoreSet(dir);
    expect(set.databases.map((d) => d.file)).toEqual([`${G}_database_sales.sql`]);
    expect(set.roles).toBeNull();
    expect(set.unknown.map((f) => [f.file, f.entry])).toEqual([
      ['.DS_Store', 'file'], [`._${G}_database_sales.sql`, 'file'], ['Thumbs.db', 'file'], ['nested', 'folder'],
    ]);
    expect(set.unknown[0].note).toMatch(/hidden or operating-system file/);
    expect(set.unknown[3].note).toMatch(/sub-folder.*not searched/);
  });

  it('returns a folder of unrecognised files with everything in unknown', async () => {
    await files({ 'a.txt': '1', 'b.bin': '22' });
    const set = await openRestoreSet(dir);
    expect(set.marker).toBeNull();
    expect(set.databases).toEqual([]);
    expect(set.roles).toBeNull();
    expect(set.unknown.map((u) => [u.file, u.size, u.kind])).toEqual([
      ['a.txt', 1, 'unknown'],
      ['b.bin', 2, 'unknown'],
    ]);
  });

  it('never mixes two restores in one folder: the one with the most files is used, each file of the other says why', async () => {
    await files({
      [`${G2}_roles.sql`]: 'second',
      [`${G}_roles.sql`]: 'first',
      [`${G}_database_sales.sql`]: 'PGDMP1',
      [`${G2}_database_sales.sql`]: 'PGDMP2',
      [`${G2}_database_other.sql`]: 'PGDMP3',
      backupstarttimestamp: '1712745046',
      [`${G}_backupstarttimestamp`]: '2020-01-01T00:00:00Z',
    });
    const set = await openRestoreSet(dir);
    // G2 has three files, G two: G2's are used, all of them, and none of G's.
    expect(set.roles?.file).toBe(`${G2}_roles.sql`);
    expect(set.databases.map((d) => d.file)).toEqual([`${G2}_database_other.sql`, `${G2}_database_sales.sql`]);
    // G's own marker is G's; the one without a prefix may be either's, and the notes say to check it.
    expect(set.marker?.file).toBe('backupstarttimestamp');
    const byFile = Object.fromEntries(set.unknown.map((u) => [u.file, u]));
    expect(Object.keys(byFile).sort()).toEqual([`${G}_backupstarttimestamp`, `${G}_database_sales.sql`, `${G}_roles.sql`].sort());
    expect(byFile[`${G}_roles.sql`]).toMatchObject({ kind: 'unknown', prefix: G });
    expect(byFile[`${G}_roles.sql`].note).toBe(`Another restore's file: this folder holds the files of more than one restore (prefixes "${G2}" and "${G}"), and only those of "${G2}" are used, never a mix. Download each restore into a folder of its own; the backupstarttimestamp marker has no prefix, so check that its time is the one of the restore you want.`);
    expect(byFile[`${G}_database_sales.sql`].database).toBeUndefined();
  });

  it('of two files for one slot in one restore, keeps the first by name and explains the other', async () => {
    await files({ [`${G}_database_sales.sql`]: 'PGDMP1', BACKUPSTARTTIMESTAMP: '1712745046', backupstarttimestamp: '2020-01-01T00:00:00Z' });
    const set = await openRestoreSet(dir);
    expect(set.marker?.file).toBe('BACKUPSTARTTIMESTAMP');
    expect(set.unknown.map((u) => [u.file, u.note])).toEqual([['backupstarttimestamp', 'A second marker file; "BACKUPSTARTTIMESTAMP" is used.']]);
  });

  it('reads NFD file names as NFC database names', async () => {
    const name = `${G}_database_Müller.sql`.normalize('NFD');
    await files({ [name]: 'PGDMP' });
    const set = await openRestoreSet(dir);
    expect(set.databases[0].database).toBe('Müller'.normalize('NFC'));
    expect(set.databases[0].file).toBe(name); // the real name on disk, so the path still opens
  });

  it('follows links to files inside the folder only, and says what every other link is', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'restore-set-target-'));
    try {
      await writeFile(join(outside, 'real.sql'), 'PGDMP!');
      await mkdir(join(dir, 'store'));
      await writeFile(join(dir, 'store', 'inside.sql'), 'PGDMP!!');
      await symlink(join(dir, 'store', 'inside.sql'), join(dir, `${G}_database_linked.sql`));
      await symlink(join(outside, 'real.sql'), join(dir, `${G}_database_outside.sql`));
      await symlink(join(outside, 'missing'), join(dir, `${G}_roles.sql`));
      await symlink(join(dir, 'loop-b'), join(dir, 'loop-a'));
      await symlink(join(dir, 'loop-a'), join(dir, 'loop-b'));
      await symlink('/dev/zero', join(dir, `${G}_database_zero.sql`));
      const set = await openRestoreSet(dir);
      expect(set.databases.map((d) => [d.database, d.size])).toEqual([['linked', 7]]);
      expect(set.roles).toBeNull();
      const why = Object.fromEntries(set.unknown.map((f) => [f.file, `${f.entry}: ${f.note}`]));
      expect(why[`${G}_database_outside.sql`]).toMatch(/^symlink: A symbolic link to .*real\.sql, outside the folder; not followed/);
      expect(why[`${G}_roles.sql`]).toMatch(/^symlink: A dangling symbolic link/);
      expect(why['loop-a']).toMatch(/^symlink: A symbolic link loop/);
      expect(why[`${G}_database_zero.sql`]).toMatch(/^symlink: A symbolic link to \/dev\/zero, outside the folder/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('never reads a FIFO, and recognises a directory-format dump', async () => {
    const fifo = join(dir, `${G}_database_pipe.sql`);
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await mkdir(join(dir, `${G}_database_dirdump.sql`));
    await writeFile(join(dir, `${G}_database_dirdump.sql`, 'toc.dat'), 'PGDMP');
    await files({ [`${G}_roles.sql`]: '' });
    const set = await openRestoreSet(dir); // returns: the FIFO is never opened
    expect(set.databases).toEqual([]);
    const why = Object.fromEntries(set.unknown.map((f) => [f.file, `${f.entry}: ${f.note}`]));
    expect(why[`${G}_database_pipe.sql`]).toMatch(/^fifo: A named pipe \(FIFO\); not read/);
    expect(why[`${G}_database_dirdump.sql`]).toMatch(/^folder: A directory-format pg_dump \(it holds toc\.dat\).*pg_restore --format=directory/);
    // A FIFO put in a dump's place after the listing: the reader refuses it at once, it never waits for a writer.
    const err = await readArchive(fifo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('unsafe-file');
    expect(exitCodeFor((err as UserError).code)).toBe(2);
  });

  it('refuses names that are not UTF-8, hold control characters, or decode to a path', async () => {
    await writeFile(Buffer.concat([Buffer.from(`${dir}/${G}_database_caf`), Buffer.from([0xe9]), Buffer.from('.sql')]), 'PGDMP');
    await files({
      [`${G}_database_a\nb.sql`]: 'PGDMP',
      [`${G}_database_a%2F..%2F..%2Fetc.sql`]: 'PGDMP',
      [`${G}_database_nul%00.sql`]: 'PGDMP',
      [`${G}_database_fine.sql`]: 'PGDMP',
    });
    const set = await openRestoreSet(dir);
    expect(set.databases.map((d) => d.database)).toEqual(['fine']);
    const notes = set.unknown.map((f) => f.note).join('\n');
    expect(notes).toMatch(/not valid UTF-8/);
    expect(notes).toMatch(/control characters/);
    expect(notes).toMatch(/percent-decodes to ".*a\/\.\.\/\.\.\/etc\.sql", which holds a path separator .*refused by name/);
    expect(notes).toMatch(/\\u0000.*refused by name/);
    expect(set.unknown).toHaveLength(4);
  });

  it('reads markers written as UTF-16 or with a BOM, keeps raw text, caps the read', async () => {
    await files({ backupstarttimestamp: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('4/10/2024 10:30:46 AM\r\n', 'utf16le')]) });
    let set = await openRestoreSet(dir);
    expect(set.marker).toMatchObject({ raw: '4/10/2024 10:30:46 AM\r\n', takenAt: '2024-04-10T10:30:46.000Z', format: 'dotnet-us' });

    await files({ backupstarttimestamp: `\uFEFF1712745046230${' '.repeat(MARKER_READ_CAP * 2)}tail` });
    set = await openRestoreSet(dir);
    expect(set.marker?.raw.length).toBe(MARKER_READ_CAP - 3); // the cap in bytes, minus the 3-byte BOM;
    expect(set.marker?.raw.startsWith('1712745046230')).toBe(true);
    expect(set.marker?.format).toBe('unix-millis');
  });

  it('keeps an unreadable marker with its raw text and no time', async () => {
    await files({ backupstarttimestamp: 'sometime last tuesday', [`${G}_roles.sql`]: '' });
    const set = await openRestoreSet(dir);
    expect(set.marker).toEqual({ file: 'backupstarttimestamp', raw: 'sometime last tuesday', takenAt: null, format: null });
  });

  it('refuses a missing folder, a file, and an empty folder with typed errors', async () => {
    const missing = await rejection(openRestoreSet(join(dir, 'nope')));
    expect(missing.code).toBe('folder-missing');
    expect(missing.message).toMatch(/does not exist/);

    await files({ 'f.sql': 'x' });
    const notDir = await rejection(openRestoreSet(join(dir, 'f.sql')));
    expect(notDir.code).toBe('folder-missing');
    expect(notDir.message).toMatch(/is a file/);

    const empty = await mkdtemp(join(tmpdir(), 'restore-set-empty-'));
    try {
      await writeFile(join(empty, '.DS_Store'), 'x');
      const e1 = await rejection(openRestoreSet(empty));
      expect(e1.code).toBe('folder-empty');
      await mkdir(join(empty, 'restore-2024-04-10'));
      const e2 = await rejection(openRestoreSet(empty));
      expect(e2.code).toBe('folder-empty');
      expect(e2.hint).toMatch(/1 sub-folder/);
      expect(e2.details).toMatchObject({ subfolders: 1 });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 (with or without BOM) and UTF-16 LE/BE', () => {
    expect(decodeText(Buffer.from('\uFEFFé', 'utf8'))).toBe('é');
    expect(decodeText(Buffer.from('é', 'utf8'))).toBe('é');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hé', 'utf16le')]))).toBe('hé');
    const be = Buffer.from('hé', 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('hé');
  });
});
