/**
 * What was inspected is what runs: a file of the set changed on disk after the folder was read
 * (rewritten, cut short, replaced by another file, copied over with its old time kept) is refused
 * before the target is touched — the whole replay when it is found at the start, that database
 * alone when it is found later in a run — and the app's Start says so too.
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { findClientTools } from '../../../electron/core/binaries/find';
import { inspectFolder } from '../../../electron/core/inspect';
import { startReplay } from '../../../electron/core/replay/engine';
import { defaultOptions } from '../../../electron/core/replay/plan-replay';
import type { ReplayEvent } from '../../../electron/core/replay/types';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { createServices } from '../../../electron/services/services';
import { pgInfo, sql, uniq } from '../../support/pg';

const u = uniq();
const names = { shop: `sc_shop_${u}`, inventory: `sc_inv_${u}` };
const work = mkdtempSync(join(tmpdir(), 'pgflex-set-changed-'));
let dir: string;
let round = 0;
const file = (suffix: string) => join(dir, readdirSync(dir).find((f) => f.endsWith(suffix))!);
const exists = async (name: string) => (await sql('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
const target = () => ({ ...pgInfo(), database: 'postgres', sslmode: 'disable' as const });
const options = (over = {}) => ({ ...defaultOptions(), databases: ['shop', 'inventory'], rename: names, roles: false, jobs: 1, ...over });

async function drop(): Promise<void> {
  for (const n of Object.values(names)) await sql('postgres', `DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
}

beforeEach(async () => {
  dir = join(work, `set-${round++}`);
  cpSync(resolve('resources/sample'), dir, { recursive: true });
  await drop();
});

afterAll(async () => {
  await drop();
  rmSync(work, { recursive: true, force: true });
});

async function refusal(change: () => void, over = {}): Promise<{ err: { code: string; message: string; hint: string }; events: ReplayEvent[] }> {
  const tools = await findClientTools();
  const inspection = await inspectFolder(dir, tools);
  change();
  const events: ReplayEvent[] = [];
  const run = startReplay({ inspection, tools, target: target(), options: options(over) }, (e) => events.push(e));
  const err = await run.started.then(() => null, (e: { code: string; message: string; hint: string }) => e);
  await run.done.catch(() => undefined);
  expect(err).not.toBeNull();
  return { err: err!, events };
}

describe('a restore set that changed after it was read', () => {
  it('a dump cut short after inspection: the replay is refused before anything runs, naming the file and both sizes', async () => {
    const shop = file('_database_shop.sql');
    const { err, events } = await refusal(() => writeFileSync(shop, readFileSync(shop).subarray(0, 40_000)));
    expect(err.code).toBe('set-changed');
    expect(err.message).toMatch(/"b7e3c1d2-[\w-]+_database_shop\.sql" was 87\.7 kB, modified .* UTC when the folder was read and is now 40\.0 kB, modified .* UTC\. Nothing was changed on the target\./);
    expect(err.hint).toMatch(/Open the folder again/);
    expect(events.some((e) => e.type === 'database-start')).toBe(false);
    for (const n of Object.values(names)) expect(await exists(n)).toBe(false);
  });

  it('a file copied over with the same size and its old modification time kept is still told apart', async () => {
    const inventory = file('_database_inventory.sql');
    const before = statSync(inventory);
    const { err } = await refusal(() => {
      const b = readFileSync(inventory);
      b[b.length - 1] ^= 0xff;
      writeFileSync(inventory, b);
      utimesSync(inventory, before.atime, before.mtime);
    });
    expect(err.code).toBe('set-changed');
    expect(err.message).toMatch(/_database_inventory\.sql" was 23\.4 kB, .* is now 23\.4 kB/);
  });

  it('the roles file changed after it was shown: refused before it runs', async () => {
    const roles = file('_roles.sql');
    const { err } = await refusal(() => writeFileSync(roles, `${readFileSync(roles, 'utf8')}\nCREATE ROLE sneaked_in_${u};\n`), { roles: true, databases: ['inventory'] });
    expect(err.code).toBe('set-changed');
    expect(err.message).toMatch(/_roles\.sql" was/);
    expect(await sql('postgres', 'SELECT 1 FROM pg_roles WHERE rolname = $1', [`sneaked_in_${u}`])).toHaveLength(0);
  });

  it('a dump replaced while an earlier database restores: that database fails uncreated, the other is restored', async () => {
    const tools = await findClientTools();
    const inspection = await inspectFolder(dir, tools);
    const inventory = file('_database_inventory.sql');
    const events: ReplayEvent[] = [];
    // One worker: shop (the bigger) runs first; inventory is checked when its turn comes.
    const run = startReplay({ inspection, tools, target: target(), options: options() }, (e) => {
      events.push(e);
      if (e.type === 'database-start' && e.name === 'shop') {
        copyFileSync(file('_database_Café Analytics.sql'), `${inventory}.new`);
        renameSync(`${inventory}.new`, inventory);
      }
    });
    const summary = await run.done;
    const inv = summary.databases.find((d) => d.name === 'inventory')!;
    expect(inv.status).toBe('failed');
    expect(inv.reason).toMatch(/_database_inventory\.sql" was 23\.4 kB, .* \(another file took its place\); it was not restored\. Open the folder again/);
    expect(events.some((e) => e.type === 'database-start' && e.name === 'inventory')).toBe(false);
    expect(await exists(names.inventory)).toBe(false);
    expect(summary.databases.find((d) => d.name === 'shop')!.status).not.toBe('failed');
    expect(await exists(names.shop)).toBe(true);
    expect(summary.ok).toBe(false);
  });

  it("the app's Start is refused the same way, and the folder opened again shows what it now holds", async () => {
    const services = createServices({
      userDataDir: join(work, 'user-data'), sampleSetPath: resolve('resources/sample'), secrets: memorySecretStore(),
      pickFolder: async () => null, confirmFolder: async () => true, chooseExportPath: async () => null, openExternal: async () => undefined,
      batch: { intervalMs: 50, maxEvents: 200 },
    });
    try {
      await services.api.openSet(dir);
      const { targetId } = await services.api.checkTarget(dir, { kind: 'server', ...target() });
      const shop = file('_database_shop.sql');
      writeFileSync(shop, readFileSync(shop).subarray(0, 40_000));
      const request = { folder: dir, targetId, options: { ...options(), includeSystem: false, schemaFile: false, tablespacesFile: false } };
      await expect(services.api.startReplay(request)).rejects.toMatchObject({ code: 'set-changed', message: expect.stringMatching(/changed on disk since it was read/) });
      expect(await services.api.listActivities()).toEqual([]);
      for (const n of Object.values(names)) expect(await exists(n)).toBe(false);
      const reopened = await services.api.openSet(dir);
      expect(reopened.databases.find((d) => d.name === 'shop')?.problem?.message).toMatch(/incomplete|damaged/);
    } finally {
      await services.dispose();
    }
  });
});
