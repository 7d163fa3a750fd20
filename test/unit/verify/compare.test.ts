import { describe, expect, it } from 'vitest';
import { emptyFacts } from '../../../electron/core/verify/archive-facts';
import { compare, type CompareInput } from '../../../electron/core/verify/compare';
import type { TocEntry } from '../../../electron/core/archive/types';
import { OWNER, parseAclStatements, type AclDefaults } from '../../../electron/core/verify/grants';
import { verifySummaryLine } from '../../../electron/shared/verify-summary';

const data = (dumpId: number): TocEntry => ({ dumpId, desc: 'TABLE DATA', tag: 't', schema: 'public', owner: 'o', section: 'data', hadDumper: true, dependencies: [], dataOffset: 100, dataSize: 10, copy: true });

const own = (...privileges: string[]) => privileges.map((privilege) => ({ grantee: OWNER, privilege, grantable: false }));
/** acldefault as PostgreSQL 15 answers it. */
const DEFAULTS: AclDefaults = {
  r: own('INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'), s: own('USAGE', 'SELECT', 'UPDATE'),
  f: [...own('EXECUTE'), { grantee: 'PUBLIC', privilege: 'EXECUTE', grantable: false }], n: own('USAGE', 'CREATE'),
  T: [...own('USAGE'), { grantee: 'PUBLIC', privilege: 'USAGE', grantable: false }], L: own('SELECT', 'UPDATE'), c: [],
};

function input(over: Partial<CompareInput> = {}): CompareInput {
  const archive = emptyFacts();
  const target = emptyFacts();
  for (const f of [archive, target]) {
    f.objects.tables = { names: ['public.t', 'public.p'], count: 2 };
    f.objects.indexes = { names: ['public.t_i'], count: 1 };
  }
  return {
    archive, target,
    archiveTables: [{ schema: 'public', name: 't', data: data(7) }, { schema: 'public', name: 'p', data: null }],
    counts: new Map([[7, { dumpId: 7, count: 1284113, bytes: 10, problem: null }]]),
    populatedMatviews: new Set(),
    targetTables: [
      { schema: 'public', name: 't', relkind: 'r', populated: true, rows: 1284113 },
      { schema: 'public', name: 'p', relkind: 'p', populated: true, rows: null, skipped: 'partitioned table' },
    ],
    archiveAcl: {}, uncompared: { comments: [], acl: [] }, targetAcl: {}, aclDefaults: DEFAULTS, targetRoles: new Set(['olga', 'Al ice', 'bob', 'eve']),
    context: { noOwner: false, noPrivileges: false, allowedExtensions: null },
    ...over,
  };
}

describe('compare', () => {
  it('verifies when every count matches, partitioned parents counted through their partitions', () => {
    const v = compare(input());
    expect(v.ok).toBe(true);
    expect(v.tables.find((t) => t.name === 'public.p')).toMatchObject({ ok: true, note: expect.stringMatching(/partitioned/) });
    expect(verifySummaryLine({ ...v, notes: [] })).toBe('Verified: 2 tables, 1,284,113 rows, 1 index match the backup');
  });

  it('names the table and both counts when rows differ', () => {
    const i = input();
    i.targetTables[0].rows = 1284000;
    const v = compare(i);
    expect(v.ok).toBe(false);
    expect(v.tables[0]).toMatchObject({ name: 'public.t', archiveRows: 1284113, targetRows: 1284000, ok: false, note: '113 row(s) missing on the target' });
    expect(verifySummaryLine({ ...v, notes: [] })).toBe('Not verified: 1 table differs (public.t: 1,284,113 in the backup, 1,284,000 on the target)');
  });

  it('fails a table whose rows could not be counted, and says why', () => {
    const v = compare(input({ counts: new Map([[7, { dumpId: 7, count: null, bytes: 10, problem: 'the archive is lz4-compressed, which cannot be decompressed here' }]]) }));
    expect(v.ok).toBe(false);
    expect(v.tables[0].note).toMatch(/lz4/);
  });

  it('explains ACL entries skipped by --no-privileges and extensions Azure does not allow', () => {
    const i = input({ context: { noOwner: true, noPrivileges: true, allowedExtensions: ['pgcrypto'] } });
    i.archive.objects.acl = { names: null, count: 4 };
    i.archive.objects.extensions = { names: ['.pgcrypto', '.postgis'], count: 2 };
    i.target.objects.extensions = { names: ['.pgcrypto'], count: 1 };
    const v = compare(i);
    expect(v.ok).toBe(true);
    expect(v.objects.find((o) => o.kind === 'acl')!.explained[0]).toMatch(/--no-privileges/);
    expect(v.objects.find((o) => o.kind === 'extensions')!.explained[0]).toMatch(/azure\.extensions.*postgis/);
    expect(v.objects.find((o) => o.kind === 'tables')!.explained[0]).toMatch(/--no-owner/);
  });

  it('reports a missing index by name and a sequence at another value', () => {
    const i = input();
    i.target.objects.indexes = { names: [], count: 0 };
    i.archive.sequences['public.s'] = '42,true';
    i.target.sequences['public.s'] = '1,false';
    const v = compare(i);
    expect(v.ok).toBe(false);
    expect(v.objects.find((o) => o.kind === 'indexes')).toMatchObject({ ok: false, missing: ['public.t_i'] });
    expect(v.sequences.mismatched).toEqual([{ name: 'public.s', archive: '42,true', target: '1,false' }]);
    expect(verifySummaryLine({ ...v, notes: [] })).toBe('Not verified: indexes: 1 missing (public.t_i); 1 sequence with another value (public.s)');
  });

  it('does not mistake a materialized view restored WITH NO DATA for a failure', () => {
    const i = input();
    i.targetTables.push({ schema: 'public', name: 'mv', relkind: 'm', populated: false, rows: null });
    expect(compare(i).tables.find((t) => t.name === 'public.mv')).toMatchObject({ ok: true, note: expect.stringMatching(/WITH NO DATA/) });
    i.populatedMatviews.add('public.mv');
    expect(compare(i).tables.find((t) => t.name === 'public.mv')).toMatchObject({ ok: false });
  });

  it('compares comments by text and names the object whose comment differs', () => {
    const i = input();
    i.archive.comments = { 'shop\u0000TABLE orders': 'orders', '\u0000SCHEMA shop': 'the shop', 'shop\u0000COLUMN orders.note': 'free text' };
    i.target.comments = { 'shop\u0000TABLE orders': 'Orders!', '\u0000SCHEMA shop': 'the shop', 'shop\u0000TRIGGER t ON orders': 'new' };
    i.archive.objects.comments.count = 3;
    i.target.objects.comments.count = 3;
    const c = compare(i).objects.find((o) => o.kind === 'comments')!;
    expect(c).toMatchObject({
      ok: false, archive: 3, target: 3,
      missing: ['COLUMN shop.orders.note'], extra: ['TRIGGER t ON shop.orders'], differs: ['TABLE shop.orders: "orders" in the backup, "Orders!" on the target'],
    });
  });

  it('compares privileges by grantee and privilege, owners matched whoever they are', () => {
    const i = input({ context: { noOwner: true, noPrivileges: false, allowedExtensions: null } });
    i.archive.objects.acl.count = 3;
    i.archiveAcl = {
      'shop\u0000TABLE orders': { type: 'r', owner: 'olga', ops: parseAclStatements('GRANT SELECT ON TABLE shop.orders TO PUBLIC;\nGRANT ALL ON TABLE shop.orders TO "Al ice" WITH GRANT OPTION;\n')! },
      'shop\u0000FUNCTION f()': { type: 'f', owner: 'olga', ops: parseAclStatements('REVOKE ALL ON FUNCTION shop.f() FROM PUBLIC;\n')! },
      'shop\u0000COLUMN c.name': { type: 'c', owner: 'olga', ops: parseAclStatements('GRANT SELECT(name),UPDATE(name) ON TABLE shop.c TO bob;\n')! },
    };
    const allToAlice = DEFAULTS.r.map((g) => ({ ...g, grantee: 'Al ice', grantable: true }));
    // The target: orders as granted (owned by the connecting role), f() back at its default (the REVOKE lost), a grant the backup lacks.
    i.targetAcl = {
      'shop\u0000TABLE orders': { type: 'r', init: null, grants: [...DEFAULTS.r, { grantee: 'PUBLIC', privilege: 'SELECT', grantable: false }, ...allToAlice] },
      'shop\u0000COLUMN c.name': { type: 'c', init: null, grants: [{ grantee: 'bob', privilege: 'SELECT', grantable: false }, { grantee: 'bob', privilege: 'UPDATE', grantable: false }] },
      'shop\u0000TABLE extra': { type: 'r', init: null, grants: [...DEFAULTS.r, { grantee: 'eve', privilege: 'DELETE', grantable: false }] },
    };
    const a = compare(i).objects.find((o) => o.kind === 'acl')!;
    expect(a).toMatchObject({
      ok: false, archive: 3, target: 3,
      differs: ['FUNCTION shop.f(): not in the backup EXECUTE to PUBLIC'], extra: ['TABLE shop.extra: not in the backup DELETE to eve'], missing: [],
    });
    delete i.targetAcl['shop\u0000TABLE extra'];
    i.targetAcl['shop\u0000FUNCTION f()'] = { type: 'f', init: null, grants: own('EXECUTE') };
    expect(compare(i).objects.find((o) => o.kind === 'acl')).toMatchObject({ ok: true, differs: [], extra: [] });
  });

  it('explains grants to roles the target does not have (Azure-managed or never created), and still finds real differences', () => {
    const i = input({ targetRoles: new Set(['olga', 'bob']) });
    i.archive.objects.acl.count = 2;
    i.archiveAcl = {
      'shop\u0000TABLE orders': { type: 'r', owner: 'olga', ops: parseAclStatements('GRANT SELECT ON TABLE shop.orders TO azure_pg_admin;\nGRANT SELECT ON TABLE shop.orders TO reporting;\nGRANT SELECT ON TABLE shop.orders TO bob;\n')! },
      'shop\u0000TABLE items': { type: 'r', owner: 'olga', ops: parseAclStatements('GRANT INSERT ON TABLE shop.items TO bob;\n')! },
    };
    // The target holds the grant to bob on orders (the two others failed in pg_restore), but lost bob's INSERT on items.
    i.targetAcl = { 'shop\u0000TABLE orders': { type: 'r', init: null, grants: [...DEFAULTS.r, { grantee: 'bob', privilege: 'SELECT', grantable: false }] } };
    const a = compare(i).objects.find((o) => o.kind === 'acl')!;
    expect(a).toMatchObject({ ok: false, differs: ['TABLE shop.items: missing INSERT to bob'] });
    expect(a.explained).toEqual([
      'privileges granted to roles this server does not have could not be restored (pg_restore reports each one): "azure_pg_admin" (on 1 object; an Azure-managed role, left out of the roles replay on purpose), "reporting" (on 1 object; not on this server: the roles file was not replayed, or does not create it)',
    ]);
    // As pg_restore really does it: the whole entry failed, bob's SELECT on orders with it — a difference, with its cause.
    i.targetAcl['shop\u0000TABLE orders'] = { type: 'r', init: null, grants: DEFAULTS.r };
    expect(compare(i).objects.find((o) => o.kind === 'acl')!.differs).toEqual([
      'TABLE shop.orders: missing SELECT to bob (its privileges are one statement in the backup, which also grants to "azure_pg_admin", "reporting": not on this server, so pg_restore could restore none of them — replay the roles first)',
      'TABLE shop.items: missing INSERT to bob',
    ]);
    i.targetAcl['shop\u0000TABLE orders'] = { type: 'r', init: null, grants: [...DEFAULTS.r, { grantee: 'bob', privilege: 'SELECT', grantable: false }] };
    i.targetAcl['shop\u0000TABLE items'] = { type: 'r', init: null, grants: [...DEFAULTS.r, { grantee: 'bob', privilege: 'INSERT', grantable: false }] };
    expect(compare(i).objects.find((o) => o.kind === 'acl')).toMatchObject({ ok: true, differs: [], extra: [] });
  });
});
