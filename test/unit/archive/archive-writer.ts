/**
 * Test-only writer of pg_dump custom-format archives, written from the PostgreSQL sources
 * (pg_backup_archiver.c WriteHead/WriteToc/WriteInt/WriteStr/WriteOffset, pg_backup_custom.c
 * _WriteExtraToc/_StartData/_EndData/_StartLOs/_StartLO/_EndLO/_EndLOs) and independent of the
 * reader. It lets tests build archive versions no installed pg_dump writes (1.12, 1.13, 1.15,
 * 1.16, 1.17) and damaged files.
 */
import { deflateSync } from 'node:zlib';

export interface WriterEntry {
  dumpId: number;
  tag: string;
  desc: string;
  /** teSection: 1 none, 2 pre-data, 3 data, 4 post-data. */
  section?: number;
  schema?: string | null;
  owner?: string | null;
  defn?: string | null;
  deps?: number[];
  tableoid?: number;
  oid?: number;
  tableam?: string | null;
  relkind?: number;
  /** TABLE DATA: the COPY statement ('' means INSERT statements, as pg_dump --inserts writes). */
  copyStmt?: string;
  /** Table data as chunks (each becomes one length-prefixed chunk), or large objects. */
  data?: Buffer[] | { blobs: { oid: number; chunks: Buffer[] }[] };
}

export interface WriterOptions {
  major?: number;
  minor: number;
  rev?: number;
  intSize?: number;
  offSize?: number;
  format?: number;
  /** >= 1.15: algorithm byte (0 none, 1 gzip, 2 lz4, 3 zstd); before: zlib level (-1 default, 0 none). */
  compression?: number;
  /** struct tm: sec, min, hour, mday, mon (0-based), year (since 1900), isdst. */
  tm?: number[];
  database?: string;
  serverVersion?: string;
  pgDumpVersion?: string;
  /** 'set' as written to a seekable file, 'not-set' as written to a pipe. */
  offsets?: 'set' | 'not-set';
  /** Write data chunks as given even when the header says gzip (to build damaged blocks). */
  rawData?: boolean;
}

/** Whether the header says gzip: pg_dump then writes each block's (or large object's) data as one zlib stream. */
function gzipped(opts: WriterOptions): boolean {
  const c = opts.compression ?? 0;
  return v(opts.major ?? 1, opts.minor) >= v(1, 15) ? c === 1 : c !== 0;
}

/** The chunks pg_dump would write for `chunks` of data: as they are, or deflated and cut in 4 KB pieces. */
function encode(chunks: Buffer[], opts: WriterOptions): Buffer[] {
  if (!gzipped(opts) || opts.rawData) return chunks;
  const z = deflateSync(Buffer.concat(chunks));
  const out: Buffer[] = [];
  for (let i = 0; i < z.length; i += 4096) out.push(z.subarray(i, i + 4096));
  return out;
}

const v = (major: number, minor: number) => major * 256 + minor;

class Out {
  parts: Buffer[] = [];
  length = 0;
  constructor(
    readonly intSize: number,
    readonly offSize: number,
  ) {}
  raw(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  byte(n: number): void {
    this.raw(Buffer.from([n & 0xff]));
  }
  int(i: number): void {
    const b = Buffer.alloc(1 + this.intSize);
    b[0] = i < 0 ? 1 : 0;
    let m = Math.abs(i);
    for (let k = 1; k <= this.intSize; k++) {
      b[k] = m % 256;
      m = Math.floor(m / 256);
    }
    this.raw(b);
  }
  str(s: string | null | undefined): void {
    if (s === null || s === undefined) return this.int(-1);
    const b = Buffer.from(s, 'utf8');
    this.int(b.length);
    this.raw(b);
  }
  offset(o: number, flag: number): void {
    this.byte(flag);
    let m = o;
    const b = Buffer.alloc(this.offSize);
    for (let k = 0; k < this.offSize; k++) {
      b[k] = m % 256;
      m = Math.floor(m / 256);
    }
    this.raw(b);
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function header(o: Out, opts: WriterOptions): void {
  const major = opts.major ?? 1;
  o.raw(Buffer.from('PGDMP'));
  o.byte(major);
  o.byte(opts.minor);
  o.byte(opts.rev ?? 0);
  o.byte(o.intSize);
  o.byte(o.offSize);
  o.byte(opts.format ?? 1);
  if (v(major, opts.minor) >= v(1, 15)) o.byte(opts.compression ?? 0);
  else o.int(opts.compression ?? 0);
  for (const n of opts.tm ?? [5, 4, 3, 2, 0, 124, 0]) o.int(n);
  o.str(opts.database ?? 'db');
  o.str(opts.serverVersion ?? '17.2');
  o.str(opts.pgDumpVersion ?? '17.2');
}

function toc(o: Out, opts: WriterOptions, entries: WriterEntry[], offsets: Map<number, number>): void {
  const ver = v(opts.major ?? 1, opts.minor);
  o.int(entries.length);
  for (const e of entries) {
    o.int(e.dumpId);
    o.int(e.data ? 1 : 0);
    o.str(String(e.tableoid ?? 0));
    o.str(String(e.oid ?? 0));
    o.str(e.tag);
    o.str(e.desc);
    o.int(e.section ?? 2);
    o.str(e.defn ?? '');
    o.str('');
    o.str(e.copyStmt ?? ''); // copyStmt
    o.str(e.schema ?? '');
    o.str('');
    if (ver >= v(1, 14)) o.str(e.tableam ?? null);
    if (ver >= v(1, 16)) o.int(e.relkind ?? 0);
    o.str(e.owner ?? '');
    o.str('false');
    for (const d of e.deps ?? []) o.str(String(d));
    o.str(null);
    const at = offsets.get(e.dumpId);
    if (!e.data) o.offset(0, 3);
    else if (at === undefined || opts.offsets === 'not-set') o.offset(0, 1);
    else o.offset(at, 2);
  }
}

function dataBlock(o: Out, e: WriterEntry, opts: WriterOptions): void {
  const data = e.data!;
  if (Array.isArray(data)) {
    o.byte(1);
    o.int(e.dumpId);
    for (const c of encode(data, opts)) {
      o.int(c.length);
      o.raw(c);
    }
    o.int(0);
    return;
  }
  o.byte(3);
  o.int(e.dumpId);
  for (const blob of data.blobs) {
    o.int(blob.oid | 0); // WriteInt takes a C int: OIDs above 2^31 come out negative
    for (const c of encode(blob.chunks, opts)) {
      o.int(c.length);
      o.raw(c);
    }
    o.int(0);
  }
  o.int(0);
}

/** The bytes of an archive, plus where each data block starts and ends (for assertions). */
export function writeArchive(opts: WriterOptions, entries: WriterEntry[]): { bytes: Buffer; blocks: Map<number, { start: number; end: number }>; tocEnd: number } {
  const intSize = opts.intSize ?? 4;
  const offSize = opts.offSize ?? 8;
  const head = new Out(intSize, offSize);
  header(head, opts);
  // Offsets have a fixed width, so the TOC is as long with placeholders as with real offsets.
  const draft = new Out(intSize, offSize);
  toc(draft, opts, entries, new Map());
  const tocEnd = head.length + draft.length;
  const data = new Out(intSize, offSize);
  const blocks = new Map<number, { start: number; end: number }>();
  for (const e of entries) {
    if (!e.data) continue;
    const start = tocEnd + data.length;
    dataBlock(data, e, opts);
    blocks.set(e.dumpId, { start, end: tocEnd + data.length });
  }
  const final = new Out(intSize, offSize);
  toc(final, opts, entries, new Map([...blocks].map(([id, b]) => [id, b.start])));
  return { bytes: Buffer.concat([head.done(), final.done(), data.done()]), blocks, tocEnd };
}

/** A small but varied catalog: schema, table with data, table without rows, index, large objects. */
export function sampleEntries(opts: { relkind?: boolean } = {}): WriterEntry[] {
  const rk = opts.relkind ? { relkind: 'r'.charCodeAt(0) } : {};
  return [
    { dumpId: 1, tag: 'ENCODING', desc: 'ENCODING', section: 2, defn: "SET client_encoding = 'UTF8';\n" },
    { dumpId: 5, tag: 'Café ü', desc: 'SCHEMA', owner: 'rôle', defn: 'CREATE SCHEMA "Café ü";' },
    { dumpId: 6, tag: 'pg_trgm', desc: 'EXTENSION', defn: 'CREATE EXTENSION pg_trgm;' },
    { dumpId: 10, tag: 'my "tab"', desc: 'TABLE', schema: 'Café ü', owner: 'rôle', deps: [5], tableam: 'heap', ...rk },
    { dumpId: 11, tag: 'empty', desc: 'TABLE', schema: 'public', owner: 'postgres', tableam: 'heap', ...rk },
    { dumpId: 20, tag: 'my "tab"', desc: 'TABLE DATA', section: 3, schema: 'Café ü', owner: 'rôle', deps: [10], data: [Buffer.from('1\tone\n'), Buffer.alloc(3000, 0x61), Buffer.from('3\tthree\n')] },
    { dumpId: 21, tag: 'empty', desc: 'TABLE DATA', section: 3, schema: 'public', owner: 'postgres', deps: [11], data: [] },
    { dumpId: 22, tag: 'BLOBS', desc: 'BLOBS', section: 3, data: { blobs: [{ oid: 16400, chunks: [Buffer.from('hello')] }, { oid: 3_000_000_000, chunks: [Buffer.alloc(100, 1), Buffer.alloc(50, 2)] }] } },
    { dumpId: 30, tag: 'ix', desc: 'INDEX', section: 4, schema: 'Café ü', owner: 'rôle', deps: [10] },
  ];
}
