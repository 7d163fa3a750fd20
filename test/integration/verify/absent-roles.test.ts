/**
 * Privileges granted to roles the target does not have (here a role never created there; the
 * wording for Azure-managed roles is unit-tested, as the shared cluster may hold them) cannot be restored. The verification says
 * so by role; an object whose only grants were to such roles is not a failure, but one whose other
 * grants failed with them (pg_restore runs an object's ACL entry as one statement) is, with why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder, type Inspection } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import { verifyDatabase } from '../../../electron/core/verify/verify-database';
import { verifySummaryLine } from '../../../electron/shared/verify-summary';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const db = `ar_${u}`;
const kept = `kept_${u}`;
const gone = `gone_${u}`;
let source: Source;
let inspection: Inspection;
const target = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });

beforeAll(async () => {
  await sql('postgres', `CREATE ROLE ${kept}`);
  source = await makeSource([{ name: db, setupSql: `CREATE ROLE ${kept}; CREATE ROLE ${gone};
    CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1), (2);
    GRANT SELECT ON public.t TO ${kept}; GRANT SELECT, INSERT ON public.t TO ${gone};` }]);
  inspection = await inspectFolder(source.set.outDir, await findClientTools());
});

afterAll(async () => {
  await source?.cluster.stop();
  await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await sql('postgres', `DROP ROLE IF EXISTS ${kept}`);
});

describe('grants to roles the target does not have', () => {
  it('are explained by role; grants lost with them fail the database, with the cause', async () => {
    const run = startReplay({ inspection, target: target(), tools: await findClientTools(), options: { ...defaultOptions(), jobs: 1, databases: [db], roles: false } }, () => {});
    const d = (await run.done).databases.find((x) => x.name === db)!;
    // pg_restore said so: the entry of t's grants failed.
    expect(d.errors.map((e) => e.message)).toEqual([`role "${gone}" does not exist`]);
    const acl = d.verify!.objects.find((o) => o.kind === 'acl')!;
    expect(acl.explained).toEqual([`privileges granted to roles this server does not have could not be restored (pg_restore reports each one): "${gone}" (on 1 object; not on this server: the roles file was not replayed, or does not create it)`]);
    expect(acl.differs).toEqual([`TABLE public.t: missing SELECT to ${kept} (its privileges are one statement in the backup, which also grants to "${gone}": not on this server, so pg_restore could restore none of them — replay the roles first)`]);
    expect(d.verify!.ok).toBe(false);

    // The grant to the role the server has, put back by hand: what is left is explained, the database verified.
    await sql(db, `GRANT SELECT ON public.t TO ${kept}`);
    const archive = inspection.archives.get(source.set.files.databases[db].split('/').pop()!)!;
    const v = await verifyDatabase({ archive, target: target(), database: db, context: { noOwner: false, noPrivileges: false, allowedExtensions: null } });
    expect(v.objects.find((o) => o.kind === 'acl'), JSON.stringify(v.objects)).toMatchObject({ ok: true, differs: [], extra: [], explained: [expect.stringMatching(/could not be restored/)] });
    expect(v.ok, verifySummaryLine(v)).toBe(true);
  });
});
