/**
 * Bad input never loses anything and always says what happened and what to do, with the
 * documented exit code: 1 incomplete, 2 bad input, 3 target refused, 130 cancelled.
 */
import { copyFileSync, mkdtempSync, readFileSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/pg-cluster';
import { pgInfo, sql, uniq } from '../../support/pg';
import { cli } from '../../support/cli';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const db = `bad_${u}`;
let source: Source;
let dumpFile: string;

/** A folder holding the marker, and one dump file written by `make`. */
function folderWith(name: string, make: (file: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgflex-bad-'));
  copyFileSync(source.set.files.marker, join(dir, 'backupstarttimestamp'));
  make(join(dir, `0c9a_database_${name}.sql`));
  return dir;
}

const uri = (password = pgInfo().password, port = pgInfo().port) =>
  `postgresql://${pgInfo().user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`;

beforeAll(async () => {
  // Piped, as Azure writes them: the archives record no data offsets.
  source = await makeSource([{ name: db, setupSql: 'CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g;' }], { piped: true });
  dumpFile = source.set.files.databases[db];
});

afterAll(async () => {
  await source?.cluster.stop();
});

describe('bad input', () => {
  it('a missing folder and an empty folder', async () => {
    const missing = await cli('inspect', '/nonexistent/folder');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: .*nonexistent/);
    const empty = mkdtempSync(join(tmpdir(), 'pgflex-empty-'));
    const r = await cli('replay', empty, '--target', uri());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/→ /);
  });

  it('a foreign file named like a dump', async () => {
    const dir = folderWith('x', (f) => writeFileSync(f, '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code></Error>'));
    const r = await cli('inspect', dir, '--json');
    expect(r.code).toBe(1);
    const d = (r.json[0].databases as Array<{ problem: { code: string; message: string } }>)[0];
    expect(d.problem.code).toBe('not-an-archive');
    const replay = await cli('replay', dir, '--target', uri(), '--json');
    expect(replay.code).toBe(1);
    const summary = replay.json.find((e) => e.type === 'summary') as { ok: boolean; databases: Array<{ status: string }> };
    expect(summary?.ok, replay.stdout).toBe(false);
    expect(summary.databases[0].status).toBe('failed');
  });

  it('a truncated dump is caught before any replay, though pg_restore -l still lists it', async () => {
    const dir = folderWith(`cut_${u}`, (f) => {
      copyFileSync(dumpFile, f);
      truncateSync(f, Math.floor(statSync(f).size * 0.7));
    });
    const r = await cli('inspect', dir, '--json');
    expect(r.code).toBe(1);
    const d = (r.json[0].databases as Array<{ problem: { code: string; hint: string } }>)[0];
    expect(d.problem.code).toBe('archive-truncated');
    const replay = await cli('replay', dir, '--target', uri(), '--json');
    expect(replay.code).toBe(1);
    const exists = await sql('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [`cut_${u}`]);
    expect(exists).toHaveLength(0);
  });

  it('an archive newer than every client found names the client it needs', async () => {
    // Rewrite the 1.14 header as 1.15 (pg_dump 16): the version byte, and the compression level
    // int (sign + 4 bytes) becomes a one-byte algorithm. The rest of the format is unchanged.
    const dir = folderWith(`new_${u}`, (f) => {
      const b = readFileSync(dumpFile);
      expect([b[5], b[6]]).toEqual([1, 14]);
      const level = b.readInt32LE(12) * (b[11] ? -1 : 1);
      const out = Buffer.concat([b.subarray(0, 11), Buffer.from([level === 0 ? 0 : 1]), b.subarray(16)]);
      out[6] = 15;
      writeFileSync(f, out);
    });
    const r = await cli('inspect', dir, '--json');
    const d = (r.json[0].databases as Array<{ archiveVersion: string; problem: { code: string; message: string; hint: string } }>)[0];
    expect(d.archiveVersion).toBe('1.15');
    expect(d.problem.code).toBe('client-too-old');
    expect(`${d.problem.message} ${d.problem.hint}`).toMatch(/16/);
  });

  it('an unreachable target and a wrong password', async () => {
    const port = await freePort();
    const down = await cli('replay', source.set.outDir, '--target', uri(undefined, port), '--databases', db);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain(String(port));
    const wrong = await cli('replay', source.set.outDir, '--target', uri('not-the-password'), '--databases', db);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr.toLowerCase()).toMatch(/password/);
    expect(wrong.stderr).not.toContain('not-the-password');
  });

  it('a database that exists already: nothing is changed unless asked', async () => {
    const name = `exists_${u}`;
    await sql('postgres', `CREATE DATABASE ${name}`);
    await sql(name, 'CREATE TABLE keep_me (x int); INSERT INTO keep_me VALUES (42)');
    const r = await cli('replay', source.set.outDir, '--target', uri(), '--databases', db, '--rename', `${db}=${name}`, '--no-roles');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/already exist/);
    expect(await sql(name, 'SELECT x FROM keep_me')).toEqual([{ x: 42 }]);
    const skip = await cli('replay', source.set.outDir, '--target', uri(), '--databases', db, '--rename', `${db}=${name}`, '--no-roles', '--existing', 'skip', '--json');
    expect(skip.code).toBe(0);
    expect(await sql(name, 'SELECT x FROM keep_me')).toEqual([{ x: 42 }]);
    const replace = await cli('replay', source.set.outDir, '--target', uri(), '--databases', db, '--rename', `${db}=${name}`, '--no-roles', '--existing', 'replace', '--json');
    expect(replace.code).toBe(0);
    expect(await sql(name, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 20000 }]);
    await sql('postgres', `DROP DATABASE ${name} WITH (FORCE)`);
  });

  it('bad options are refused with the usage hint', async () => {
    const r = await cli('replay', source.set.outDir, '--target', uri(), '--jobs', 'many');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jobs must be a whole number/);
    const both = await cli('replay', source.set.outDir, '--target', uri(), '--sandbox');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
  });
});
