/**
 * A target server whose disk fills up during the replay (its data folder on a real 72 MB tmpfs, so
 * this runs as root — as CI does — and is skipped, visibly, where a tmpfs cannot be mounted): the
 * database fails with the server's full disk as the cause and what to do — not as rejected table
 * data, nor as the lost connection the server's restart causes next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../support/pg-cluster';
import { cli } from '../../support/cli';
import { uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';
import { mountSmallDisk, unmountSmallDisk } from '../../support/small-disk';

const disk = mountSmallDisk(72);
const db = `full_${uniq()}`;
let source: Source;
let target: Cluster;

beforeAll(async () => {
  if (!disk) return;
  // About 60 MB of table on disk: more than the ~30 MB a fresh cluster leaves free on this disk.
  source = await makeSource([{ name: db, setupSql: 'CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 400000) g;' }]);
  // wal_level minimal: pg_restore --jobs loads each table with TRUNCATE + COPY in one transaction,
  // which then writes no WAL, so the table's own file is what fills the disk (not a WAL segment,
  // whose failure crashes the server before any session can say why).
  target = await startCluster({ parent: disk, conf: ["wal_level = 'minimal'", 'max_wal_senders = 0'] });
});

afterAll(async () => {
  await source?.cluster.stop();
  await target?.stop().catch(() => undefined);
  unmountSmallDisk(disk);
});

describe.skipIf(!disk)('a target whose disk fills up (needs root and the right to mount a tmpfs)', () => {
  it('says the full disk is the cause, and what to do', async () => {
    const r = await cli('replay', source.set.outDir, '--target', target.uri(), '--databases', db, '--no-roles', '--jobs', '2', '--json');
    expect(r.code).not.toBe(0);
    const summary = r.json.find((e) => e.type === 'summary') as { ok: boolean; databases: { name: string; status: string; reason: string; errors: { category: string }[] }[] };
    expect(summary.ok).toBe(false);
    const d = summary.databases.find((x) => x.name === db)!;
    // The server lived on: pg_restore went on past the failed COPY, so the database is partial, the full disk its headline.
    expect(d.status, JSON.stringify(d)).toBe('partial');
    expect(d.reason).toMatch(/^The target server failed while restoring TABLE DATA public\.t: could not extend file .*: wrote only \d+ of 8192 bytes at block \d+\. The target server ran out of disk space/);
    expect(d.reason).toMatch(/raise the storage size, or turn on storage autogrow.*pg_restore finished but 2 statement\(s\) failed \(2 not benign\): the database is incomplete\.$/);
    expect(d.errors.some((e) => e.category === 'server')).toBe(true);
  });
});
