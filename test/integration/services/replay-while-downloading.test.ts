/**
 * A replay on a folder a download still writes into, through the services as the renderer calls
 * them, into real PostgreSQL: main reads the folder's download manifest and partial files itself,
 * so a request that would use a file still to come (every database, or the one still downloading)
 * or a file changed since its check is refused with what to do, whatever the renderer thinks; the
 * checked dump replays; the folder's replays say what was restored where; once the last file is
 * in, the whole set plans. The folder is made as a download leaves it (part files, the manifest
 * written by the download's own writer) from a real restore set.
 */
import { copyFile, mkdir, mkdtemp, rename, rm, stat, utimes, writeFile, readFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayOptions } from '../../../electron/contract';
import { DoneManifest } from '../../../electron/core/azure/download/done-manifest';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { createServices, type Services } from '../../../electron/services/services';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const restored = `shop_dl_${u}`;
let source: Source;
let dir: string;
let folder: string;
let services: Services;
let manifest: DoneManifest;

/** Records a file as the download does once it is checked and renamed into place. */
async function checked(file: string, checks: string[]): Promise<void> {
  const s = await stat(join(folder, file));
  await manifest.set(file, { blob: file, etag: '0x8DC', size: s.size, mtimeMs: s.mtimeMs, checks });
}

beforeAll(async () => {
  source = await makeSource([
    { name: 'shop', setupSql: 'CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 500);' },
    { name: 'big', setupSql: 'CREATE TABLE b (id int PRIMARY KEY, v text); INSERT INTO b SELECT i, md5(i::text) FROM generate_series(1, 20000) i;' },
  ]);
  dir = await mkdtemp(join(tmpdir(), 'pgflex-dl-replay-'));
  folder = join(dir, 'files');
  await mkdir(folder);
  manifest = await DoneManifest.load(folder);
  for (const file of readdirSync(source.set.outDir)) {
    if (file.endsWith('_database_big.sql')) {
      // Half of it on disk, as a partial file with its record beside it.
      const bytes = await readFile(join(source.set.outDir, file));
      await writeFile(join(folder, `.${file}.pgflex-part`), bytes.subarray(0, bytes.length >> 1));
      await writeFile(join(folder, `.${file}.pgflex-part.json`), '{}');
      continue;
    }
    await copyFile(join(source.set.outDir, file), join(folder, file));
    await checked(file, file.includes('_database_') ? ['size', 'content-md5', 'archive'] : ['size', 'content-md5']);
  }
  services = createServices({
    userDataDir: join(dir, 'user-data'), sampleSetPath: join(dir, 'none'), secrets: memorySecretStore(),
    pickFolder: async () => null, confirmFolder: async () => true, chooseExportPath: async () => null, openExternal: async () => undefined,
    batch: { intervalMs: 50, maxEvents: 200 },
  });
}, 120_000);

afterAll(async () => {
  await services?.dispose();
  await source?.cluster.stop();
  await sql('postgres', `DROP DATABASE IF EXISTS "${restored}" WITH (FORCE)`);
  await rm(dir, { recursive: true, force: true });
});

const options = (patch: Partial<ReplayOptions> = {}): ReplayOptions => ({
  jobs: 2, databases: ['shop'], includeSystem: false, existing: 'fail', rename: { shop: restored }, owner: 'auto',
  noPrivileges: false, singleTransaction: false, roles: false, schemaFile: false, tablespacesFile: false, ...patch,
});

describe('replay while the download runs', () => {
  it('replays the checked dump, refuses what is still to come or changed since its check, and opens whole once the last file is in', async () => {
    const partial = await services.api.openSet(folder);
    expect(partial.databases.filter((d) => !d.system).map((d) => d.name)).toEqual(['shop']);
    expect(partial.stillDownloading).toEqual([expect.stringMatching(/_database_big\.sql$/)]);
    const { host, port, user, password } = pgInfo();
    const target = await services.api.checkTarget(folder, { kind: 'server', host, port, user, password, database: 'postgres', sslmode: 'disable' });
    const request = (patch: Partial<ReplayOptions> = {}) => ({ folder, targetId: target.targetId, options: options(patch) });

    // "Every database" would leave big out without a word: refused, naming it; and big itself.
    await expect(services.api.planReplay(request({ databases: undefined }))).rejects.toMatchObject({ code: 'download-incomplete', message: expect.stringMatching(/big is still downloading/) });
    await expect(services.api.startReplay(request({ databases: ['shop', 'big'] }))).rejects.toMatchObject({ code: 'download-incomplete' });

    // The dump touched after its check is no longer the file that was checked.
    const dump = partial.databases.find((d) => d.name === 'shop')!.file;
    const was = await stat(join(folder, dump));
    await utimes(join(folder, dump), new Date(), new Date(was.mtimeMs + 5000));
    await expect(services.api.startReplay(request())).rejects.toMatchObject({ message: expect.stringContaining(`${dump} is on disk but the download has not checked it`) });
    await checked(dump, ['size', 'content-md5', 'archive']); // as a download run again checks it afresh
    // Checked again, it is still not the file this session read and showed: opened again first.
    await expect(services.api.startReplay(request())).rejects.toMatchObject({ code: 'set-changed', message: expect.stringContaining(`"${dump}" was`) });
    await services.api.openSet(folder);

    const { runId } = await services.api.startReplay(request());
    await expect.poll(async () => (await services.api.folderReplays(folder))[0]?.databases[0].status, { timeout: 60_000, interval: 200 }).toBe('restored');
    expect(await services.api.folderReplays(folder)).toEqual([{ runId, startedAt: expect.any(String), running: false, target: { host, port, user }, roles: null,
      databases: [{ name: 'shop', targetName: restored, status: 'restored' }] }]);
    expect(await services.api.folderReplays(join(dir, 'elsewhere'))).toEqual([]);
    expect((await sql<{ n: string }>(restored, 'SELECT count(*) AS n FROM t'))[0].n).toBe('500');

    // The last file arrives: renamed into place and recorded; the whole set now plans.
    const big = readdirSync(source.set.outDir).find((f) => f.endsWith('_database_big.sql'))!;
    await copyFile(join(source.set.outDir, big), join(folder, `.${big}.pgflex-part`));
    await rename(join(folder, `.${big}.pgflex-part`), join(folder, big));
    await rm(join(folder, `.${big}.pgflex-part.json`));
    await checked(big, ['size', 'content-md5', 'archive']);
    const whole = await services.api.openSet(folder);
    expect(whole.databases.filter((d) => !d.system).map((d) => d.name).sort()).toEqual(['big', 'shop']);
    expect(whole.stillDownloading).toEqual([]);
    const plan = await services.api.planReplay(request({ databases: undefined, rename: { shop: restored } }));
    expect(plan.databases.find((d) => d.name === 'shop')).toMatchObject({ exists: true, targetName: restored });
  });
});
