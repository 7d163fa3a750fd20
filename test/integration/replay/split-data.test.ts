/**
 * A database restored with its data split (schedule.ts): one `pg_restore --section=data
 * --use-list` pass per group of tables, each holding a worker of its own, then post-data. Against
 * the real PostgreSQL: every row lands (sequence values and large objects with the first group),
 * foreign keys and indexes are made only after all the data is in, an error in one group is this
 * database's error and its other groups still load, and the plan shows the passes it runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../../electron/core/archive/read-archive';
import type { ArchiveInfo } from '../../../electron/core/archive/types';
import { findClientTools } from '../../../electron/core/binaries/find';
import { chooseRestoreClient } from '../../../electron/core/binaries/choose';
import { dataPasses } from '../../../electron/core/replay/data-groups';
import { planCommands } from '../../../electron/core/replay/replay-script';
import { DatabaseRun, type DatabaseJob } from '../../../electron/core/replay/run-database';
import { pgInfo, sql, uniq } from '../../support/pg';
import { fingerprint, makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const shop = `splitshop_${u}`;
const made: string[] = [];
let source: Source;
let archive: ArchiveInfo;
let clientPath: string;

const target = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });
const tableData = (tag: string) => archive.entries.find((e) => e.desc === 'TABLE DATA' && e.tag === tag)!.dumpId;

beforeAll(async () => {
  source = await makeSource([{
    name: shop,
    setupSql: `
      CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
      INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 2000) g;
      CREATE TABLE orders (id bigserial PRIMARY KEY, customer int NOT NULL REFERENCES customers, total int);
      INSERT INTO orders (customer, total) SELECT 1 + g % 2000, g FROM generate_series(1, 5000) g;
      CREATE INDEX ON orders (customer);
      CREATE TABLE notes (id int PRIMARY KEY, body text);
      INSERT INTO notes SELECT g, md5(g::text) FROM generate_series(1, 300) g;
      SELECT lo_from_bytea(0, 'a large object');`,
  }]);
  archive = await readArchive(source.set.files.databases[shop]);
  const tools = await findClientTools();
  clientPath = chooseRestoreClient(tools, archive.archiveVersion)!.path;
}, 240_000);

afterAll(async () => {
  await source?.cluster.stop();
  for (const n of made) await sql('postgres', `DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`).catch(() => undefined);
});

function job(targetName: string, groups: number[][]): DatabaseJob {
  made.push(targetName);
  return {
    name: shop, targetName, file: source.set.files.databases[shop], archive, clientPath, jobs: 2,
    noOwner: false, noPrivileges: false, singleTransaction: false, existing: 'fail', splitPreData: true,
    split: { groups, postJobs: 2 },
  };
}

describe('a split restore', () => {
  it('lands every row, the sequence value and the large object; constraints and indexes come after all the data', async () => {
    const name = `${shop}_a`;
    const held: number[] = [];
    let holding = 0;
    const constraintsAtData: number[] = [];
    const run = new DatabaseRun(job(name, [[tableData('orders')], [tableData('customers'), tableData('notes')]]), target(), { onLog: () => {}, onError: () => {} });
    const result = await run.run({
      workers: async (step, n) => {
        // When a data pass starts, no foreign key or secondary index exists yet.
        if (step < 2) constraintsAtData.push(Number((await sql(name, "SELECT count(*) AS n FROM pg_constraint WHERE contype IN ('f', 'p') AND connamespace = 'public'::regnamespace"))[0].n));
        holding += n;
        held.push(holding);
        return () => { holding -= n; };
      },
    });
    expect(result.status, result.reason).toBe('restored');
    expect(held).toEqual([1, 2, 2]); // two data passes at once, then post-data on 2 workers once both ended
    expect(constraintsAtData).toEqual([0, 0]);
    expect(await fingerprint(target(), name)).toEqual(await fingerprint({ ...source.cluster, password: source.cluster.password }, shop));
    const [seq] = await sql<{ last_value: string }>(name, 'SELECT last_value FROM orders_id_seq');
    expect(Number(seq.last_value)).toBe(5000);
    expect(await sql(name, "SELECT convert_from(lo_get(oid), 'UTF8') AS body FROM pg_largeobject_metadata")).toEqual([{ body: 'a large object' }]);
    const constraints = await sql<{ contype: string }>(name, "SELECT contype FROM pg_constraint WHERE conrelid::regclass::text IN ('orders', 'customers', 'notes') ORDER BY 1");
    expect(constraints.map((c) => c.contype)).toEqual(['f', 'p', 'p', 'p']);
    expect((await sql(name, "SELECT 1 FROM pg_indexes WHERE indexname = 'orders_customer_idx'")).length).toBe(1);
  });

  it('an error in one group is the database\'s error; the other groups\' rows still land', async () => {
    const name = `${shop}_b`;
    const errors: string[] = [];
    const run = new DatabaseRun(job(name, [[tableData('customers')], [tableData('notes')], [tableData('orders')]]), target(), { onLog: () => {}, onError: (e) => errors.push(e.item) });
    const result = await run.run({
      workers: async (step) => {
        // Before the "notes" pass, its table vanishes from the target: that pass fails, alone.
        if (step === 1) await sql(name, 'DROP TABLE notes');
        return () => {};
      },
    });
    expect(result.status).toBe('partial');
    expect(result.errors.map((e) => e.item)).toContain('TABLE DATA public.notes');
    expect(errors).toContain('TABLE DATA public.notes');
    expect(await sql(name, 'SELECT count(*)::int AS n FROM customers')).toEqual([{ n: 2000 }]);
    expect(await sql(name, 'SELECT count(*)::int AS n FROM orders')).toEqual([{ n: 5000 }]);
  });

  it('a database refused its workers (it left the queue) is cancelled, its data passes never run', async () => {
    const name = `${shop}_c`;
    const run = new DatabaseRun(job(name, [[tableData('customers')], [tableData('orders'), tableData('notes')]]), target(), { onLog: () => {}, onError: () => {} });
    const result = await run.run({ workers: async () => null });
    expect(result.status).toBe('cancelled');
    expect(await sql(name, 'SELECT count(*)::int AS n FROM customers')).toEqual([{ n: 0 }]);
  });

  it('every data entry is in exactly one pass; the plan\'s script writes each list before its pass', () => {
    const groups = [[tableData('orders')], [tableData('customers'), tableData('notes')]];
    const passes = dataPasses(archive, groups, 1);
    const data = archive.entries.filter((e) => e.section === 'data').map((e) => e.dumpId).sort();
    expect(passes.flatMap((p) => p.ids).sort()).toEqual(data);
    expect(passes[0].ids).toContain(archive.entries.find((e) => e.desc === 'SEQUENCE SET')!.dumpId);
    const steps = planCommands({
      target: { host: '127.0.0.1', port: 5432, user: 'me', database: 'postgres', sslmode: 'disable' },
      source: { folder: '/set', takenAt: null, markerRaw: null }, jobs: 2, psqlPath: 'psql', clashes: [], files: [], warnings: [],
      databases: [{
        name: shop, targetName: shop, file: '/set/x.sql', action: 'restore', selected: true, blocked: false, reasons: [], exists: false, replaying: false,
        archiveVersion: '1.14', dataBytes: 1, client: { path: 'pg_restore', version: '15' }, noOwner: false, prepareSql: ['CREATE DATABASE x'],
        preDataCommand: ['pg_restore', '--section=pre-data', 'x.sql'],
        dataCommands: passes.map((p) => ({ ...p, command: ['pg_restore', '--section=data', '--use-list', p.listFile, 'x.sql'] })),
        command: ['pg_restore', '--section=post-data', 'x.sql'],
      }],
    }, 'roles.sql', (f) => `"$here/${f}"`);
    const lines = steps.at(-1)!.lines;
    expect(lines[2]).toBe(`printf '%s\\n' ${passes[0].ids.join(' ')} > "$here/db1-data-1.list" &&`);
    expect(lines[3]).toBe('pg_restore --section=data --use-list "$here/db1-data-1.list" x.sql &&');
    expect(lines.at(-1)).toBe('pg_restore --section=post-data x.sql');
  });
});
