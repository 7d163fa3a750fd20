/**
 * The readiness rule for a replay on a folder a download writes into: only files the download's
 * manifest names as checked, unchanged on disk since, may be read; what is still downloading
 * (the download's listing, or a partial file on disk) blocks a request that would use it — or that
 * asks for every database, or the roles. Files are real, in a temp folder; the manifest is the
 * download's own writer. And the download order that makes an early replay possible.
 */
import { mkdtemp, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DoneManifest } from '../../../electron/core/azure/download/done-manifest';
import { downloadOrder } from '../../../electron/core/azure/download/list-blobs';
import { assertReplayReady, readFolderDownload, replayBlockers, type ReplayAsk } from '../../../electron/core/azure/download/ready-files';
import type { DownloadItem } from '../../../electron/core/azure/download/types';
import { openRestoreSet } from '../../../electron/core/restore-set/open-restore-set';

const G = 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d';
const SHOP = `${G}_database_shop.sql`;
const BIG = `${G}_database_big.sql`;
const ROLES = `${G}_roles.sql`;
const ask = (patch: Partial<ReplayAsk> = {}): ReplayAsk => ({ databases: ['shop'], roles: true, schemaFile: false, tablespacesFile: false, ...patch });

/** A folder as a download leaves it: `done` files renamed into place and in the manifest, `partial` ones still as part files. */
async function folder(done: Array<[string, string[]]>, partial: string[] = []): Promise<{ dir: string; manifest: DoneManifest }> {
  const dir = await mkdtemp(join(tmpdir(), 'pgflex-ready-'));
  const manifest = await DoneManifest.load(dir);
  for (const [file, checks] of done) {
    await writeFile(join(dir, file), `bytes of ${file}`);
    const s = await stat(join(dir, file));
    await manifest.set(file, { blob: file, etag: '0x1', size: s.size, mtimeMs: s.mtimeMs, checks });
  }
  for (const file of partial) {
    await writeFile(join(dir, `.${file}.pgflex-part`), 'half');
    await writeFile(join(dir, `.${file}.pgflex-part.json`), '{}');
  }
  return { dir, manifest };
}

const blockers = async (dir: string, a: ReplayAsk, listed: string[] = []) => replayBlockers({ set: await openRestoreSet(dir) }, a, await readFolderDownload(dir, listed));

describe('readiness of a downloading folder', () => {
  it('lets a checked dump and the checked roles replay while the biggest dump is still a partial file', async () => {
    const { dir } = await folder([[ROLES, ['size', 'content-md5']], [SHOP, ['size', 'content-md5', 'archive']], ['backupstarttimestamp', ['size']]], [BIG]);
    expect(await blockers(dir, ask())).toEqual([]);
    // "Every database" would silently leave the one still downloading out: refused, naming it.
    expect(await blockers(dir, ask({ databases: undefined }))).toEqual(['the dump of big is still downloading, and the request asks for every database']);
    expect(await blockers(dir, ask({ databases: ['shop', 'big'] }))).toEqual(['the dump of big is still downloading']);
    await expect(assertReplayReady({ set: await openRestoreSet(dir) }, ask({ databases: ['big'] }))).rejects.toMatchObject({ code: 'download-incomplete', message: expect.stringMatching(/big is still downloading/) });
  });

  it('holds the roles back until the roles file is checked, and says so only when roles are asked for', async () => {
    const { dir } = await folder([[SHOP, ['size', 'crc64', 'archive']]], [ROLES]);
    expect(await blockers(dir, ask())).toEqual(['the roles file is still downloading (roles replay first)']);
    expect(await blockers(dir, ask({ roles: false }))).toEqual([]);
  });

  it('counts what the running download lists and has not finished as still to come, even with no partial file yet', async () => {
    const { dir } = await folder([[ROLES, ['size']], [SHOP, ['size', 'archive']]]);
    expect(await blockers(dir, ask({ databases: ['shop', 'big'] }), [BIG])).toEqual(['the dump of big is still downloading']);
  });

  it('refuses a file on disk the manifest does not vouch for: not checked, a dump whose archive was not read, or changed since', async () => {
    const { dir } = await folder([[ROLES, ['size']], [SHOP, ['size', 'content-md5']]]);
    expect(await blockers(dir, ask())).toEqual([`${SHOP} is on disk but the download has not checked it as complete`]);
    const { dir: d2 } = await folder([[ROLES, ['size']], [SHOP, ['size', 'archive']]]);
    await writeFile(join(d2, BIG), 'dropped in by hand');
    expect(await blockers(d2, ask({ databases: ['big'], roles: false }))).toEqual([`${BIG} is on disk but the download has not checked it as complete`]);
    // Touched after the check (same bytes count, other time): no longer the file that was checked.
    await utimes(join(d2, SHOP), new Date(), new Date(Date.now() - 3_600_000));
    expect(await blockers(d2, ask({ roles: false }))).toEqual([`${SHOP} is on disk but the download has not checked it as complete`]);
  });

  it('leaves a folder no download of this app wrote alone (the offline journey)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pgflex-ready-'));
    await writeFile(join(dir, SHOP), 'x');
    expect(await readFolderDownload(dir)).toMatchObject({ downloaded: false });
    expect(await blockers(dir, ask({ databases: undefined }))).toEqual([]);
  });
});

describe('download order', () => {
  const item = (file: string, size: number, kind: DownloadItem['kind']): DownloadItem => ({ blob: file, file, size, etag: 'e', kind });
  it('fetches the marker and the roles first, then smallest first, the biggest last', () => {
    const items = [item(BIG, 900, 'database'), item(SHOP, 50, 'database'), item(`${G}_schema.sql`, 70, 'schema'), item(ROLES, 400, 'roles'), item('backupstarttimestamp', 28, 'marker')];
    expect(downloadOrder(items).map((i) => i.file)).toEqual(['backupstarttimestamp', ROLES, SHOP, `${G}_schema.sql`, BIG]);
    expect(items[0].file).toBe(BIG); // the listing itself is left as it was
  });
});
