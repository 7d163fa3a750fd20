/**
 * The whole offline replay against a real PostgreSQL, as a Flexible-Server-like admin (not a
 * superuser; CREATEDB + CREATEROLE; member of azure_pg_admin): roles made safe, awkward database
 * names, several databases at once, contents compared table by table with the source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import type { ReplayEvent } from '../../../electron/core/replay/types';
import { pgInfo, sql, uniq } from '../../support/pg';
import { fingerprint, makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const owner = `owner_${u}`;
const reader = `Rëader ${u}`;
const admin = `flexadmin_${u}`;
const names = [`Café Analytics ${u}`, `it's "quoted" ${u}`, `plain_${u}`];

const rolesSql = `
  CREATE ROLE ${owner} NOLOGIN;
  CREATE ROLE "${reader}" LOGIN PASSWORD 'reader-pw';
  CREATE ROLE bypass_${u} LOGIN BYPASSRLS REPLICATION;
  GRANT ${owner} TO "${reader}" GRANTED BY azuresu;
`;
const setup = (rows: number) => `
  CREATE SCHEMA "Sales Ünits" AUTHORIZATION ${owner};
  CREATE TABLE "Sales Ünits"."Ördersé" (id int PRIMARY KEY, note text, amount numeric(12,2));
  INSERT INTO "Sales Ünits"."Ördersé" SELECT g, 'note ' || g || ' ''q'' ✓', g * 1.25 FROM generate_series(1, ${rows}) g;
  CREATE TABLE public.items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL);
  INSERT INTO public.items (label) SELECT 'item ' || g FROM generate_series(1, ${rows * 2}) g;
  CREATE INDEX ON public.items (label);
  ALTER TABLE "Sales Ünits"."Ördersé" OWNER TO ${owner};
  GRANT SELECT ON public.items TO "${reader}";
  CREATE VIEW public.big_items AS SELECT * FROM public.items WHERE id > 10;
`;

let source: Source;

beforeAll(async () => {
  source = await makeSource(names.map((name, i) => ({ name, setupSql: setup(2000 * (i + 1)) })), { rolesSql, piped: true });
  await sql('postgres', `DO $$ BEGIN CREATE ROLE azure_pg_admin NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  await sql('postgres', `CREATE ROLE ${admin} LOGIN CREATEDB CREATEROLE PASSWORD 'flex-pw'`);
  await sql('postgres', `GRANT azure_pg_admin TO ${admin}`);
});

afterAll(async () => {
  await source?.cluster.stop();
  for (const n of names) await sql('postgres', `DROP DATABASE IF EXISTS "${(n + '_r').replace(/"/g, '""')}" WITH (FORCE)`);
  await sql('postgres', `DROP ROLE IF EXISTS ${admin}, "${reader}", ${owner}, bypass_${u}`).catch(() => undefined);
});

describe('replay into a Flexible-like target', () => {
  it('restores roles safely and every database completely, several at once', async () => {
    const { host, port } = pgInfo();
    const tools = await findClientTools();
    const inspection = await inspectFolder(source.set.outDir, tools);
    expect(inspection.problems.size).toBe(0);
    const rename = Object.fromEntries(names.map((n) => [n, `${n}_r`]));
    const events: ReplayEvent[] = [];
    const target = { host, port, user: admin, password: 'flex-pw', database: 'postgres', sslmode: 'disable' as const };
    const run = startReplay({ inspection, target, options: { ...defaultOptions(), jobs: 4, rename }, tools }, (e) => events.push(e));
    const plan = await run.plan;
    // System databases are skipped by default and say why; ours are restored without owners.
    expect(plan.databases.find((d) => d.name === 'azure_sys')).toMatchObject({ action: 'skip' });
    expect(plan.databases.find((d) => d.name === 'azure_sys')!.reasons.join(' ')).toMatch(/Azure-managed/);
    for (const n of names) expect(plan.databases.find((d) => d.name === n)).toMatchObject({ action: 'restore', noOwner: true });
    expect(plan.files.find((f) => f.kind === 'schema')).toMatchObject({ action: 'skip' });
    // The schedule: every restored database has a place, workers within the budget, a reason, and a pre-data pass of its own.
    const scheduled = names.map((n) => plan.databases.find((d) => d.name === n)!);
    expect(scheduled.map((d) => d.schedule!.order).sort()).toEqual([1, 2, 3]);
    for (const d of scheduled) {
      expect(d.schedule!.jobs).toBeGreaterThanOrEqual(1);
      expect(d.schedule!.why).toMatch(/worker/);
      expect(d.preDataCommand).toContain('--section=pre-data');
      expect(d.command).toEqual(expect.arrayContaining(['--section=data', '--section=post-data']));
    }
    const summary = await run.done;
    // Pre-data names the roles file's roles: no pg_restore said a word before the roles file ended.
    const rolesEnd = events.findIndex((e) => e.type === 'file-end' && e.result.kind === 'roles');
    const firstRestoreLine = events.findIndex((e) => e.type === 'log' && names.includes(e.source));
    expect(rolesEnd).toBeGreaterThanOrEqual(0);
    expect(firstRestoreLine).toBeGreaterThan(rolesEnd);
    expect(summary.roles?.status, JSON.stringify(summary.roles?.errors)).toBe('restored');
    for (const n of names) {
      const d = summary.databases.find((x) => x.name === n)!;
      expect(d.status, d.reason + JSON.stringify(d.errors)).toBe('restored');
      expect(await fingerprint(target, `${n}_r`)).toEqual(await fingerprint(source.cluster, n));
    }
    expect(summary.ok).toBe(true);
    // Several databases ran at the same time.
    const overlap = events.some((e) => e.type === 'progress' && e.databases.filter((d) => d.status === 'running').length >= 2);
    expect(overlap).toBe(true);
    // Memberships survived (Microsoft's sed recipe would have dropped them), dangerous attributes did not.
    const member = await sql<{ ok: boolean }>('postgres', `SELECT pg_has_role($1, $2, 'MEMBER') AS ok`, [reader, owner]);
    expect(member[0].ok).toBe(true);
    const bypass = await sql<{ rolbypassrls: boolean; rolreplication: boolean }>('postgres', 'SELECT rolbypassrls, rolreplication FROM pg_roles WHERE rolname = $1', [`bypass_${u}`]);
    expect(bypass[0]).toEqual({ rolbypassrls: false, rolreplication: false });
    // The role's password hash came along: it can log in.
    const { default: pg } = await import('pg');
    const c = new pg.Client({ host, port, user: reader, password: 'reader-pw', database: `${names[2]}_r` });
    await c.connect();
    expect((await c.query('SELECT count(*)::int AS n FROM public.items')).rows[0].n).toBe(12000);
    await c.end();
  });
});
