/**
 * Fuzzing the archive check with mutants of real dumps (pg_dump 15: compressed, uncompressed and
 * piped), seeded so that a failure can be replayed exactly (FUZZ_SEED=<seed> FUZZ_COUNT=<n>).
 * Every mutant is inspected, as `inspect` does, in one child process: it must never crash or hang,
 * stay within the memory bound, and refuse a mutant only with a UserError that says what and what
 * to do; a mutant it accepts must be one pg_restore itself reads to the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../../electron/core/archive/read-archive';
import { serverBinDir } from '../../support/pg-cluster';
import { pgInfo, sql, uniq } from '../../support/pg';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const COUNT = Number(process.env.FUZZ_COUNT ?? 300);
/** The bound on any input; the child's whole process (Node, tsx, the reader) counts. */
const MEMORY_BOUND_KB = 200 * 1024;
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PEAK_RSS = join(ROOT, 'test/support/peak-rss.mjs');
const CHILD = join(ROOT, 'test/support/fuzz-inspect.ts');
const BIN = serverBinDir();
const db = `fuzz_${uniq()}`;
const dir = mkdtempSync(join(tmpdir(), 'pgflex-fuzz-'));

interface Original { name: string; bytes: Buffer; tocEnd: number }
const originals: Original[] = [];

/** mulberry32: small, seeded, the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One mutant: 1–3 damages, mostly in the header and TOC (where lengths and counts live). */
function mutate(o: Original, rand: () => number): { bytes: Buffer; what: string[] } {
  let b = Buffer.from(o.bytes);
  const what: string[] = [];
  const n = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < n; k++) {
    const pos = Math.floor((rand() < 0.6 ? rand() * Math.min(o.tocEnd, b.length) : rand() * b.length));
    const kind = Math.floor(rand() * 8);
    switch (kind) {
      case 0: b[pos] ^= 1 << Math.floor(rand() * 8); what.push(`flip bit at ${pos}`); break;
      case 1: b[pos] = Math.floor(rand() * 256); what.push(`random byte at ${pos}`); break;
      case 2: b.fill(0xff, pos, pos + 4); what.push(`0xff×4 at ${pos}`); break;
      case 3: if (pos + 5 <= b.length) { b[pos] = 0; b.writeUInt32LE(0x7fffffff - Math.floor(rand() * 1000), pos + 1); } what.push(`huge int at ${pos}`); break;
      case 4: b = b.subarray(0, pos); what.push(`truncated at ${pos}`); break;
      case 5: b.fill(0, pos, pos + 16); what.push(`16 zeros at ${pos}`); break;
      case 6: { const ins = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => Math.floor(rand() * 256))); b = Buffer.concat([b.subarray(0, pos), ins, b.subarray(pos)]); what.push(`${ins.length} bytes inserted at ${pos}`); break; }
      default: { const len = 1 + Math.floor(rand() * 8); b = Buffer.concat([b.subarray(0, pos), b.subarray(pos + len)]); what.push(`${len} bytes deleted at ${pos}`); break; }
    }
  }
  return { bytes: b, what };
}

function pgDump(args: string[]): Buffer {
  const { host, port, user, password } = pgInfo();
  const r = spawnSync(join(BIN, 'pg_dump'), ['-h', host, '-p', String(port), '-U', user, '-d', db, ...args], { env: { ...process.env, PGPASSWORD: password }, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  await sql('postgres', `CREATE DATABASE ${db}`);
  await sql(db, `
    CREATE SCHEMA "Sales ö";
    CREATE TABLE "Sales ö".orders (id serial PRIMARY KEY, customer text NOT NULL, total numeric(10,2), at timestamptz DEFAULT now());
    INSERT INTO "Sales ö".orders (customer, total) SELECT 'c' || g, g * 1.5 FROM generate_series(1, 1500) g;
    CREATE TABLE public.notes (id int, body text, tags text[]);
    INSERT INTO public.notes SELECT g, repeat(md5(g::text), 3), ARRAY['a', 'b' || g] FROM generate_series(1, 800) g;
    CREATE INDEX notes_body ON public.notes (body);
    CREATE VIEW public.big_orders AS SELECT * FROM "Sales ö".orders WHERE total > 100;
    CREATE FUNCTION public.add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b';
    COMMENT ON TABLE public.notes IS 'notes with a comment';
    SELECT lo_from_bytea(0, 'large object bytes');`);
  const { host, port, user, password } = pgInfo();
  const piped = spawnSync('sh', ['-c', `"${join(BIN, 'pg_dump')}" -Fc -h ${host} -p ${port} -U ${user} -d ${db} | cat`], { env: { ...process.env, PGPASSWORD: password }, maxBuffer: 64 << 20 });
  for (const [name, bytes] of [['compressed', pgDump(['-Fc'])], ['uncompressed', pgDump(['-Fc', '-Z0'])], ['piped', piped.stdout]] as const) {
    const file = join(dir, `${name}.dump`);
    writeFileSync(file, bytes);
    const info = await readArchive(file); // the originals themselves pass
    const offsets = info.entries.map((e) => e.dataOffset).filter((x): x is number => x !== null);
    originals.push({ name, bytes, tocEnd: offsets.length ? Math.min(...offsets) : Math.min(bytes.length, 6000) });
  }
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await sql('postgres', `DROP DATABASE IF EXISTS ${db}`);
});

describe(`archive fuzz (seed ${SEED}, ${COUNT} mutants)`, () => {
  it('inspect never crashes, hangs or exceeds the memory bound; it refuses clearly or accepts only what pg_restore reads', async () => {
    const rand = prng(SEED);
    const mutants: { folder: string; file: string; what: string }[] = [];
    for (let i = 0; i < COUNT; i++) {
      const o = originals[i % originals.length];
      const m = mutate(o, rand);
      const folder = join(dir, `m${i}`);
      mkdirSync(folder);
      const file = join(folder, `0c9a1b2c-0000-4000-8000-00000000f022_database_fz.sql`);
      writeFileSync(file, m.bytes);
      mutants.push({ folder, file, what: `mutant ${i} of ${o.name} (FUZZ_SEED=${SEED}): ${m.what.join(', ')}` });
    }

    const child = spawn(process.execPath, ['--import', PEAK_RSS, join(ROOT, 'bin/run-ts.mjs'), CHILD], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    // A hang anywhere shows as this bound being reached with answers missing (no wall-clock goal: it only stops a stuck child).
    const killer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.stdin.end(mutants.map((m) => m.folder).join('\n') + '\n');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(killer);

    const answers = stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { folder: string; accepted?: true; refused?: { code: string; message: string; hint: string }; crash?: string; ms: number });
    const byFolder = new Map(answers.map((a) => [a.folder, a]));
    const missing = mutants.filter((m) => !byFolder.has(m.folder));
    expect({ code, signal, missing: missing.slice(0, 3).map((m) => m.what) }, stderr.slice(-2000)).toEqual({ code: 0, signal: null, missing: [] });

    const crashes = mutants.filter((m) => byFolder.get(m.folder)!.crash).map((m) => `${m.what}: ${byFolder.get(m.folder)!.crash}`);
    expect(crashes).toEqual([]);
    const unclear = mutants.filter((m) => {
      const r = byFolder.get(m.folder)!.refused;
      return r && !(r.message.length > 20 && r.hint.length > 10 && r.code);
    });
    expect(unclear.map((m) => `${m.what}: ${JSON.stringify(byFolder.get(m.folder)!.refused)}`)).toEqual([]);

    // What inspect accepts, pg_restore reads through (every data block included).
    const accepted = mutants.filter((m) => byFolder.get(m.folder)!.accepted);
    const unreadable: string[] = [];
    for (const m of accepted) {
      const r = spawnSync(join(BIN, 'pg_restore'), ['-f', '/dev/null', m.file], { encoding: 'utf8' });
      if (r.status !== 0) unreadable.push(`${m.what}: ${r.stderr.trim().split('\n')[0]}`);
    }
    expect(unreadable).toEqual([]);

    const peak = Number(/PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1]);
    expect(peak).toBeLessThan(MEMORY_BOUND_KB);
    // The mutants reached both outcomes: a fuzz that refuses (or accepts) everything tests nothing.
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThan(mutants.length);
    console.log(`archive fuzz: ${mutants.length} mutants, ${accepted.length} accepted (all read by pg_restore), ${mutants.length - accepted.length} refused; child peak ${Math.round(peak / 1024)} MB`);
  }, 120_000);
});
