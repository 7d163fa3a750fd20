/**
 * Tells from a file's first bytes what it is: a pg_dump custom archive, plain SQL (and whether
 * pg_dump or pg_dumpall wrote it), another pg_dump format, or something else entirely (a
 * compressed file, an HTML or XML error page saved by a failed download, an empty file...).
 */
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type SniffKind =
  | 'custom-archive' // PGDMP, format byte 1: what pg_restore reads and this app inspects
  | 'pg-toc-file' // PGDMP with another format byte: toc.dat of a directory or tar dump
  | 'pg-directory-dump' // a folder holding toc.dat
  | 'pg-tar-dump' // a tar file whose first member is toc.dat
  | 'pg-dump-sql' // plain-text pg_dump output
  | 'pg-dumpall-sql' // plain-text pg_dumpall output
  | 'sql' // other text that reads as SQL
  | 'tar' | 'gzip' | 'zip' | 'zstd' | 'lz4' | 'bzip2' | 'xz'
  | 'html' | 'xml' | 'json' | 'text' | 'binary' | 'empty' | 'directory';

export interface FileSniff {
  kind: SniffKind;
  /** 'archive' for pg_dump archives of any format, 'sql' for plain SQL, else 'other'. */
  family: 'archive' | 'sql' | 'other';
  /** What it looks like, in words for the user ("an HTML page (title: 404 Not Found)"). */
  description: string;
  /** For PGDMP files: the format version in the header, 'major.minor'. */
  archiveVersion?: string;
}

/** How many leading bytes sniffBytes looks at. */
export const SNIFF_BYTES = 4096;

const MAGIC: [SniffKind, number[], string][] = [
  ['gzip', [0x1f, 0x8b], 'a gzip-compressed file'],
  ['zip', [0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd], 'a zstd-compressed file'],
  ['lz4', [0x04, 0x22, 0x4d, 0x18], 'an LZ4-compressed file'],
  ['bzip2', [0x42, 0x5a, 0x68], 'a bzip2-compressed file'],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'an xz-compressed file'],
];

const SQL_START = /^(--|\/\*|\\(connect|restrict|set|unrestrict)\b|(SET|CREATE|ALTER|SELECT|INSERT|COPY|BEGIN|DROP|GRANT|REVOKE|COMMENT|START|UPDATE|DELETE|DO|WITH)\b)/i;

function oneLine(s: string, max = 120): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function decodeText(head: Buffer, truncated: boolean): string | null {
  if (head.includes(0)) return null;
  // A multi-byte character may be cut at the end of what we read: drop up to 3 trailing bytes.
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
    } catch {
      // try with one byte fewer
    }
  }
  return null;
}

function describeMarkup(text: string): FileSniff | null {
  const lower = text.slice(0, 512).toLowerCase();
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(lower)) {
    const title = /<title[^>]*>([^<]*)</i.exec(text)?.[1];
    return { kind: 'html', family: 'other', description: `an HTML page${title ? ` (title: "${oneLine(title)}")` : ''}, not a backup — a download that saved an error or sign-in page` };
  }
  if (lower.startsWith('<?xml') || lower.startsWith('<error')) {
    const code = /<Code>([^<]*)<\/Code>/i.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/i.exec(text)?.[1];
    const what = code ? ` (${oneLine(code)}${message ? `: ${oneLine(message.split('\n')[0])}` : ''})` : '';
    return { kind: 'xml', family: 'other', description: `an XML document${what}, not a backup — likely an error response from blob storage saved in place of the file` };
  }
  return null;
}

/** Classifies a file from its first bytes (`head`) and total size. Pure. */
export function sniffBytes(head: Buffer, size: number): FileSniff {
  if (size === 0) return { kind: 'empty', family: 'other', description: 'an empty file (0 bytes)' };
  const magic = head.subarray(0, 5).toString('latin1');
  if (magic === 'PGDMP' || (size < 5 && 'PGDMP'.startsWith(magic))) {
    const major = head[5];
    const minor = head[6];
    const archiveVersion = major !== undefined && minor !== undefined ? `${major}.${minor}` : undefined;
    const format = major === 1 && minor >= 7 ? head[10] : 1;
    if (format === 1 || format === undefined) {
      return { kind: 'custom-archive', family: 'archive', description: `a pg_dump custom-format archive${archiveVersion ? ` (format ${archiveVersion})` : ''}`, archiveVersion };
    }
    return { kind: 'pg-toc-file', family: 'archive', description: 'the toc.dat of a pg_dump directory- or tar-format dump, not a whole archive', archiveVersion };
  }
  for (const [kind, bytes, description] of MAGIC) {
    if (bytes.every((b, i) => head[i] === b)) return { kind, family: 'other', description };
  }
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') {
    const first = head.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    if (first === 'toc.dat') return { kind: 'pg-tar-dump', family: 'archive', description: 'a pg_dump tar-format archive' };
    return { kind: 'tar', family: 'other', description: `a tar archive (first member: ${oneLine(first, 60)})` };
  }
  const text = decodeText(head, size > head.length);
  if (text === null) return { kind: 'binary', family: 'other', description: 'a binary file of unknown kind' };
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (body.startsWith('--\n-- PostgreSQL database dump\n')) return { kind: 'pg-dump-sql', family: 'sql', description: 'a plain-SQL pg_dump script (for psql)' };
  if (body.startsWith('--\n-- PostgreSQL database cluster dump\n')) return { kind: 'pg-dumpall-sql', family: 'sql', description: 'a plain-SQL pg_dumpall script (for psql)' };
  const trimmed = body.trimStart();
  const markup = describeMarkup(trimmed);
  if (markup) return markup;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { kind: 'json', family: 'other', description: `a JSON document ("${oneLine(trimmed, 80)}")` };
  if (SQL_START.test(trimmed)) return { kind: 'sql', family: 'sql', description: 'a plain SQL script (for psql)' };
  if (trimmed === '') return { kind: 'text', family: 'other', description: 'a text file holding only blank space' };
  return { kind: 'text', family: 'other', description: `a text file starting "${oneLine(trimmed, 80)}"` };
}

/** Classifies a path: reads its first bytes, or looks inside when it is a folder. */
export async function sniffFile(path: string): Promise<FileSniff> {
  const st = await stat(path);
  if (st.isDirectory()) {
    const hasToc = await Promise.any(['toc.dat', 'toc.dat.gz', 'toc.dat.lz4', 'toc.dat.zst'].map((f) => stat(join(path, f)))).then(() => true, () => false);
    return hasToc
      ? { kind: 'pg-directory-dump', family: 'archive', description: 'a pg_dump directory-format dump (a folder with toc.dat)' }
      : { kind: 'directory', family: 'other', description: 'a folder' };
  }
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, st.size));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return sniffBytes(head.subarray(0, bytesRead), st.size);
  } finally {
    await fh.close();
  }
}
