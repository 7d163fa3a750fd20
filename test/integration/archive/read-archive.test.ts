/**
 * The reader against real pg_dump 15 archives of a varied database, written both to a file
 * (offsets recorded) and to a pipe (no offsets, as Azure writes them), compressed and -Z0,
 * checked entry by entry against `pg_restore -l -v` on the same files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArchive } from '../../../electron/core/archive/read-archive';
import type { ArchiveInfo } from '../../../electron/core/archive/types';
import { UserError } from '../../../electron/core/errors';
import { pgInfo, sql, uniq } from '../../support/pg';

const id = uniq();
const db = `arch ${id} Café`;
const role = `Rôle ü ${id}`;
const dir = mkdtempSync(join(tmpdir(), 'archive-int-'));
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function env(): NodeJS.ProcessEnv {
  return { ...process.env, PGPASSWORD: pgInfo().password, LC_ALL: 'C' };
}

/** pg_dump to a file (seekable: offsets recorded) or through a pipe (no offsets). */
function dump(name: string, how: 'file' | 'pipe', extra: string[] = [], database = db): string {
  const { host, port, user } = pgInfo();
  const out = join(dir, name);
  const args = ['-h', host, '-p', String(port), '-U', user, '-Fc', ...extra, '-d', database];
  const r = spawnSync('pg_dump', how === 'file' ? [...args, '-f', out] : args, { env: env(), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  if (how === 'pipe') writeFileSync(out, r.stdout);
  return out;
}

function pgRestoreList(path: string, encoding: BufferEncoding = 'utf8'): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('pg_restore', ['-l', '-v', path], { env: env(), encoding, maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** pg_restore -l lines without their catalog ids: "<id>|<desc> <schema or -> <tag> <owner>". */
function listedByPgRestore(path: string, encoding: BufferEncoding = 'utf8'): string[] {
  const r = pgRestoreList(path, encoding);
  expect(r.status).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(';'))
    .map((l) => {
      const m = /^(\d+); \d+ \d+ (.*)$/.exec(l);
      if (!m) throw new Error(`unexpected pg_restore -l line: ${l}`);
      return `${m[1]}|${m[2]}`;
    });
}

const listedByReader = (info: ArchiveInfo) => info.entries.map((e) => `${e.dumpId}|${e.desc} ${e.schema || '-'} ${e.tag} ${e.owner}`);

async function rejection(path: string): Promise<UserError> {
  const err = await readArchive(path).catch((e: unknown) => e);
  if (!(err instanceof UserError)) throw new Error(`expected a UserError for ${path}, got ${String(err)}`);
  return err;
}

const files: Record<string, string> = {};

beforeAll(async () => {
  await sql('postgres', `CREATE DATABASE ${q(db)}`);
  await sql('postgres', `CREATE ROLE ${q(role)}`);
  await sql(db, `
    CREATE EXTENSION hstore;
    CREATE SCHEMA "Café ü" AUTHORIZATION ${q(role)};
    CREATE SCHEMA "with space";
    CREATE TABLE "Café ü"."my ""tab""" (id serial PRIMARY KEY, v text NOT NULL CHECK (length(v) > 0), h hstore);
    INSERT INTO "Café ü"."my ""tab""" (v, h) SELECT repeat(md5(g::text), 4), hstore('k', g::text) FROM generate_series(1, 20000) g;
    ALTER TABLE "Café ü"."my ""tab""" OWNER TO ${q(role)};
    CREATE TABLE "with space"."child table" (id int PRIMARY KEY, parent int REFERENCES "Café ü"."my ""tab"""(id), note text);
    INSERT INTO "with space"."child table" SELECT g, g, 'note ' || g FROM generate_series(1, 500) g;
    CREATE INDEX "idx ü" ON "with space"."child table" (note);
    CREATE TABLE public.empty_t (a int);
    CREATE SEQUENCE public.seq_x START 42;
    CREATE VIEW "with space"."v ü" AS SELECT id, note FROM "with space"."child table" WHERE id < 10;
    CREATE FUNCTION public."fn ü"(int) RETURNS int LANGUAGE sql AS 'select $1 + 1';
    COMMENT ON TABLE "with space"."child table" IS 'commentaire é';
    COMMENT ON FUNCTION public."fn ü"(int) IS 'adds one';
    SELECT lo_from_bytea(0, convert_to(repeat('large object ', 2000), 'UTF8'));
    SELECT lo_from_bytea(0, '\\x00ff'::bytea);
  `);
  files.fileGzip = dump('file-gzip.dump', 'file');
  files.fileNone = dump('file-none.dump', 'file', ['-Z0']);
  files.pipeGzip = dump('pipe-gzip.dump', 'pipe');
  files.pipeNone = dump('pipe-none.dump', 'pipe', ['-Z0']);
});

afterAll(async () => {
  await sql('postgres', `DROP DATABASE IF EXISTS ${q(db)}`);
  await sql('postgres', `DROP DATABASE IF EXISTS ${q(`${db} latin1`)}`);
  await sql('postgres', `DROP ROLE IF EXISTS ${q(role)}`);
  rmSync(dir, { recursive: true, force: true });
});

describe('real pg_dump 15 archives', () => {
  for (const variant of ['fileGzip', 'fileNone', 'pipeGzip', 'pipeNone']) {
    it(`lists exactly what pg_restore -l lists (${variant})`, async () => {
      const path = files[variant];
      const info = await readArchive(path);
      expect(listedByReader(info)).toEqual(listedByPgRestore(path));

      const head = pgRestoreList(path).stdout;
      expect(head).toContain(`;     dbname: ${db}`);
      expect(head).toContain(`;     TOC Entries: ${info.entries.length}`);
      expect(head).toContain(`;     Dump Version: ${info.archiveVersion}-0`);
      expect(head).toContain(`;     Compression: ${variant.endsWith('None') ? 0 : -1}`);
      expect(head).toContain(`;     Dumped from database version: ${info.serverVersion}`);
      expect(head).toContain(`;     Dumped by pg_dump version: ${info.pgDumpVersion}`);
      expect(head).toContain(`; Archive created at ${info.createdAt!.replace('T', ' ')}`);

      expect(info.archiveVersion).toBe('1.14');
      expect(info.database).toBe(db);
      expect(info.compression).toBe(variant.endsWith('None') ? 'none' : 'gzip');
      expect(info.offsetsKnown).toBe(variant.startsWith('file'));
      expect(info.extensions).toEqual(['hstore']);
      expect(info.owners).toEqual(['postgres', role].sort());
      expect(info.schemas).toEqual(expect.arrayContaining(['Café ü', 'with space', 'public']));
      expect(info.counts).toMatchObject({ EXTENSION: 1, TABLE: 3, 'TABLE DATA': 3, BLOB: 2, BLOBS: 1, VIEW: 1, FUNCTION: 1, INDEX: 1, 'FK CONSTRAINT': 1, SEQUENCE: 2 });
      const tab = info.tables.find((t) => t.name === 'my "tab"')!;
      expect(tab).toMatchObject({ schema: 'Café ü', owner: role });
      expect(tab.dataSize).toBe(info.entries.find((e) => e.dumpId === tab.dataDumpId)!.dataSize);

      // Every entry that had a dumper got a block, and the blocks tile the data region exactly.
      const withData = info.entries.filter((e) => e.hadDumper);
      expect(withData.every((e) => e.dataOffset !== null && e.dataSize! > 0)).toBe(true);
      const firstBlock = Math.min(...withData.map((e) => e.dataOffset!));
      expect(info.dataBytes).toBe(info.fileSize - firstBlock);
    });
  }

  it('gives the same block sizes whether offsets were recorded or scanned for', async () => {
    for (const [seekable, piped] of [[files.fileGzip, files.pipeGzip], [files.fileNone, files.pipeNone]]) {
      const a = await readArchive(seekable);
      const b = await readArchive(piped);
      const scanned = await readArchive(seekable, { fullScan: true });
      const sizes = (i: ArchiveInfo) => i.entries.filter((e) => e.hadDumper).map((e) => [e.dumpId, e.dataSize]);
      expect(sizes(b)).toEqual(sizes(a));
      expect(scanned.entries.map((e) => [e.dataOffset, e.dataSize])).toEqual(a.entries.map((e) => [e.dataOffset, e.dataSize]));
    }
  });

  it('reports sizes that make sense: uncompressed data at least as big as its rows, compressed smaller', async () => {
    const none = await readArchive(files.fileNone);
    const gzip = await readArchive(files.fileGzip);
    const big = (i: ArchiveInfo) => i.tables.find((t) => t.name === 'my "tab"')!.dataSize!;
    expect(big(none)).toBeGreaterThan(20000 * 128); // each row holds a 128-character text
    expect(big(gzip)).toBeLessThan(big(none) / 2);
    expect(none.tables.find((t) => t.name === 'empty_t')!.dataSize).toBeLessThan(32);
  });
});

describe('an archive of a LATIN1 database', () => {
  it('decodes names in the encoding the ENCODING entry names', async () => {
    const latin = `${db} latin1`;
    await sql('postgres', `CREATE DATABASE ${q(latin)} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
    await sql(latin, 'CREATE SCHEMA "Café"; CREATE TABLE "Café"."Müller ß" (a int); INSERT INTO "Café"."Müller ß" VALUES (1);');
    const path = dump('latin1.dump', 'pipe', [], latin);
    const info = await readArchive(path);
    expect(info.tables).toEqual([expect.objectContaining({ schema: 'Café', name: 'Müller ß' })]);
    expect(listedByReader(info)).toEqual(listedByPgRestore(path, 'latin1'));
  });
});

describe('truncated real archives', () => {
  for (const variant of ['fileGzip', 'pipeGzip']) {
    it(`are refused before any replay, while pg_restore -l still lists them (${variant})`, async () => {
      const full = readFileSync(files[variant]);
      const info = await readArchive(files[variant]);
      const blocks = info.entries.filter((e) => e.hadDumper).sort((x, y) => x.dataOffset! - y.dataOffset!);
      const tab = info.entries.find((e) => e.desc === 'TABLE DATA' && e.tag === 'my "tab"')!;
      const cuts: [string, number, RegExp][] = [
        ['inside the TOC', Math.floor(blocks[0].dataOffset! / 2), /ends inside the table of contents/],
        ['inside a table', tab.dataOffset! + Math.floor(tab.dataSize! / 2), /data of table Café ü\.my "tab" \(entry \d+\) is cut off/],
        ['between blocks', blocks[1].dataOffset!, new RegExp(`data of ${blocks[1].desc === 'BLOBS' ? 'large objects' : 'table'}`)],
        ['at the last byte', full.length - 1, /is cut off/],
      ];
      for (const [what, at, message] of cuts) {
        const path = join(dir, `${variant}-cut-${at}.dump`);
        writeFileSync(path, full.subarray(0, at));
        expect(statSync(path).size).toBe(at);
        const err = await rejection(path);
        expect(err.code, what).toBe('archive-truncated');
        expect(err.message, what).toMatch(message);
        if (what !== 'inside the TOC') expect(pgRestoreList(path).status, `pg_restore -l on a file cut ${what}`).toBe(0);
      }
    });
  }
});
