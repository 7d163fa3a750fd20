/**
 * Comments and privileges are compared by content, not by count: a replay of a database with
 * comments and grants on every kind the check reads back verifies; a comment or a grant changed
 * on the target afterwards is reported by the object's name, with what differs.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder, type Inspection } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import { verifyDatabase } from '../../../electron/core/verify/verify-database';
import { verifySummaryLine } from '../../../electron/shared/verify-summary';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';
import { RICH_SQL } from './rich-schema';

const u = uniq();
const db = `cc_${u}`;
const role = `Al ice_${u}`;
const q = `"${role}"`;
let source: Source;
let inspection: Inspection;
const target = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });
const context = { noOwner: false, noPrivileges: false, allowedExtensions: null };

beforeAll(async () => {
  await sql('postgres', `CREATE ROLE ${q}`);
  source = await makeSource([{ name: db, setupSql: `CREATE ROLE ${q};` + RICH_SQL(50) + `
    GRANT ALL ON shop.customers TO ${q} WITH GRANT OPTION;
    REVOKE EXECUTE ON FUNCTION shop.touch() FROM PUBLIC;
    GRANT SELECT ON SEQUENCE shop.tickets TO ${q};
    GRANT USAGE ON TYPE shop.mood TO ${q};
    CREATE DOMAIN shop.positive AS int CHECK (VALUE > 0);
    COMMENT ON DOMAIN shop.positive IS 'above zero';
    COMMENT ON CONSTRAINT positive_check ON DOMAIN shop.positive IS 'the check';
    REVOKE USAGE ON DOMAIN shop.positive FROM PUBLIC;
    CREATE PROCEDURE shop.tidy(days int) LANGUAGE sql AS 'SELECT 1';
    COMMENT ON PROCEDURE shop.tidy(int) IS 'tidies';
    GRANT EXECUTE ON PROCEDURE shop.tidy(int) TO ${q};
    CREATE TABLE public."Odd Name" ("a b" int);
    COMMENT ON COLUMN public."Odd Name"."a b" IS 'it''s \\odd';
    GRANT UPDATE ("a b") ON public."Odd Name" TO ${q};
    COMMENT ON INDEX shop.orders_customer IS 'idx';
    COMMENT ON CONSTRAINT customers_id_check ON shop.customers IS 'chk';
    COMMENT ON TRIGGER orders_touch ON shop.orders IS 'trg';
    COMMENT ON POLICY own_rows ON shop.customers IS 'pol';
    COMMENT ON TYPE shop.mood IS 'mood';
    COMMENT ON EXTENSION pgcrypto IS 'crypto';
    COMMENT ON SEQUENCE shop.tickets IS 'seq';
    COMMENT ON VIEW shop.big_orders IS 'v';
    COMMENT ON MATERIALIZED VIEW shop.order_totals IS 'mv';
    SELECT lo_from_bytea(424242, 'commented');
    COMMENT ON LARGE OBJECT 424242 IS 'a large object';
    GRANT SELECT ON LARGE OBJECT 424242 TO ${q};` }]);
  inspection = await inspectFolder(source.set.outDir, await findClientTools());
});

afterAll(async () => {
  await source?.cluster.stop();
  await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await sql('postgres', `DROP ROLE IF EXISTS ${q}`);
});

describe('comments and privileges by content', () => {
  it('verifies a replay with comments and grants on every kind read back', async () => {
    const run = startReplay({ inspection, target: target(), tools: await findClientTools(), options: { ...defaultOptions(), jobs: 1, databases: [db], roles: false } }, () => {});
    const d = (await run.done).databases.find((x) => x.name === db)!;
    const v = d.verify!;
    const byKind = Object.fromEntries(v.objects.map((o) => [o.kind, o]));
    expect(byKind.comments, JSON.stringify(byKind.comments)).toMatchObject({ ok: true, archive: 18, target: 18, missing: [], extra: [], differs: [], explained: [] });
    expect(byKind.acl, JSON.stringify(byKind.acl)).toMatchObject({ ok: true, archive: 11, target: 11, missing: [], extra: [], differs: [], explained: [] });
    expect(v.ok, verifySummaryLine(v)).toBe(true);
  });

  it('counts small tables many to a query, and names the one that could not be counted', async () => {
    const archive = inspection.archives.get(source.set.files.databases[db].split('/').pop()!)!;
    const holder = new pg.Client({ ...pgInfo(), database: db });
    await holder.connect();
    try {
      await holder.query('BEGIN; LOCK TABLE shop.empty_one IN ACCESS EXCLUSIVE MODE');
      const v = await verifyDatabase({ archive, target: target(), database: db, context, options: { statementTimeoutMs: 500 } });
      const bad = v.tables.filter((t) => !t.ok);
      expect(bad).toEqual([{ name: 'shop.empty_one', archiveRows: 0, targetRows: null, ok: false, note: 'not counted on the target: count(*) took longer than the 1 s statement timeout' }]);
      expect(v.tables.find((t) => t.name === 'shop.orders')).toMatchObject({ archiveRows: 150, targetRows: 150, ok: true });
    } finally {
      await holder.end();
    }
  });

  it('names the object whose comment or grant differs on the target', async () => {
    await sql(db, `COMMENT ON TABLE shop.orders IS 'changed'; COMMENT ON COLUMN public."Odd Name"."a b" IS NULL;
      REVOKE SELECT ON shop.orders FROM PUBLIC; GRANT INSERT ON shop.orders TO ${q}; GRANT USAGE ON DOMAIN shop.positive TO PUBLIC;
      GRANT SELECT ON public."Odd Name" TO ${q}`);
    const archive = inspection.archives.get(source.set.files.databases[db].split('/').pop()!)!;
    const v = await verifyDatabase({ archive, target: target(), database: db, context });
    expect(v.ok).toBe(false);
    const byKind = Object.fromEntries(v.objects.map((o) => [o.kind, o]));
    expect(byKind.comments).toMatchObject({
      ok: false, missing: ['COLUMN public."Odd Name"."a b"'], extra: [], differs: ['TABLE shop.orders: "orders" in the backup, "changed" on the target'],
    });
    expect(byKind.acl).toMatchObject({
      ok: false,
      differs: expect.arrayContaining([
        `TABLE shop.orders: missing SELECT to PUBLIC; not in the backup INSERT to ${role}`,
        'TYPE shop.positive: not in the backup USAGE to PUBLIC',
      ]),
      extra: [`TABLE public."Odd Name": not in the backup SELECT to ${role}`],
    });
    expect(byKind.acl.differs).toHaveLength(2);
    expect(verifySummaryLine(v)).toMatch(/comments: 1 missing \(COLUMN public\."Odd Name"\."a b"\), 1 different \(TABLE shop\.orders\).*acl: 1 extra, 2 different \(TYPE shop\.positive, TABLE shop\.orders\)/);
  });
});
