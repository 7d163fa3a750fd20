import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sniffBytes, sniffFile } from '../../../electron/core/archive/sniff-file';
import { readArchive } from '../../../electron/core/archive/read-archive';
import { UserError } from '../../../electron/core/errors';

const sniff = (data: string | Buffer) => {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return sniffBytes(b.subarray(0, 4096), b.length);
};

function tarHeader(name: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'latin1');
  h.write('ustar', 257, 'latin1');
  return h;
}

describe('sniffBytes', () => {
  it('recognises custom archives and other pg_dump formats', () => {
    expect(sniff(Buffer.from([...Buffer.from('PGDMP'), 1, 14, 0, 4, 8, 1]))).toMatchObject({ kind: 'custom-archive', family: 'archive', archiveVersion: '1.14' });
    expect(sniff(Buffer.from([...Buffer.from('PGDMP'), 1, 16, 0, 4, 8, 3]))).toMatchObject({ kind: 'pg-toc-file', family: 'archive' });
    expect(sniff(Buffer.concat([tarHeader('toc.dat'), Buffer.alloc(512)]))).toMatchObject({ kind: 'pg-tar-dump', family: 'archive' });
    expect(sniff(Buffer.concat([tarHeader('notes.txt'), Buffer.alloc(512)]))).toMatchObject({ kind: 'tar', family: 'other' });
    expect(sniff('PGD').kind).toBe('custom-archive'); // a file cut inside the magic: reported as truncated later
  });

  it('tells plain SQL apart, including pg_dump and pg_dumpall headers, BOMs and CRLF', () => {
    expect(sniff('--\n-- PostgreSQL database dump\n--\n\n\\restrict abc\nSET x = 1;\n')).toMatchObject({ kind: 'pg-dump-sql', family: 'sql' });
    expect(sniff('\uFEFF--\r\n-- PostgreSQL database cluster dump\r\n--\r\n\r\nSET default_transaction_read_only = off;\r\n')).toMatchObject({ kind: 'pg-dumpall-sql', family: 'sql' });
    expect(sniff('  create table t (a int);')).toMatchObject({ kind: 'sql', family: 'sql' });
    expect(sniff('\\connect mydb\n')).toMatchObject({ kind: 'sql' });
  });

  it('describes error pages saved in place of a download', () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.\nRequestId:42</Message></Error>';
    const x = sniff(xml);
    expect(x).toMatchObject({ kind: 'xml', family: 'other' });
    expect(x.description).toContain('AuthenticationFailed: Server failed to authenticate the request.');
    const h = sniff('<!DOCTYPE html>\n<html><head><title>Sign in to your account</title></head></html>');
    expect(h.kind).toBe('html');
    expect(h.description).toContain('Sign in to your account');
    expect(sniff('{"error":{"code":"BlobNotFound"}}').kind).toBe('json');
  });

  it('recognises compressed files, empty files, text and binary', () => {
    expect(sniff(gzipSync('SET x;')).kind).toBe('gzip');
    expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0])).kind).toBe('zip');
    expect(sniff(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0])).kind).toBe('zstd');
    expect(sniff('')).toMatchObject({ kind: 'empty', description: 'an empty file (0 bytes)' });
    expect(sniff('2024-04-10T10:30:46.2303875Z').description).toContain('text file starting "2024-04-10T10:30:46.2303875Z"');
    expect(sniff(Buffer.from([0x00, 0x01, 0x02, 0xff])).kind).toBe('binary');
  });

  it('does not mistake a multi-byte character cut at the sniff boundary for binary', () => {
    const text = '-- ' + 'é'.repeat(3000);
    expect(sniff(text).kind).toBe('sql');
  });
});

describe('sniffFile and readArchive on foreign files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sniff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recognises a directory-format dump and a plain folder', async () => {
    mkdirSync(join(dir, 'dump'));
    writeFileSync(join(dir, 'dump', 'toc.dat'), 'PGDMP');
    mkdirSync(join(dir, 'plain'));
    expect((await sniffFile(join(dir, 'dump'))).kind).toBe('pg-directory-dump');
    expect((await sniffFile(join(dir, 'plain'))).kind).toBe('directory');
    await expect(readArchive(join(dir, 'dump'))).rejects.toMatchObject({ code: 'archive-unsupported' });
    await expect(readArchive(join(dir, 'plain'))).rejects.toMatchObject({ code: 'not-an-archive' });
  });

  it('rejects foreign files with not-an-archive saying what they look like', async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['page.sql', '<html><title>404 Not Found</title></html>', /HTML page \(title: "404 Not Found"\)/],
      ['roles.sql', '--\n-- PostgreSQL database cluster dump\n--\n\n', /pg_dumpall script/],
      ['empty.sql', '', /empty file/],
      ['x.sql.gz', gzipSync('x'), /gzip/],
    ];
    for (const [name, body, message] of cases) {
      writeFileSync(join(dir, name), body);
      const err = await readArchive(join(dir, name)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).code).toBe('not-an-archive');
      expect((err as UserError).message).toMatch(message);
    }
    const missing = await readArchive(join(dir, 'nope.sql')).catch((e: unknown) => e);
    expect((missing as UserError).code).toBe('bad-argument');
  });
});
