/**
 * Runs are kept in main as activities: one replay at a time (a second start is refused and the
 * first goes on), every run listed with its status, its history there for a reloaded window; a
 * re-check of a target with an empty password reuses the one main keeps; Save as script writes
 * the script and the Flexible-safe roles file beside it.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayOptions, TargetInput } from '../../../electron/contract';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { createServices, type Services } from '../../../electron/services/services';
import { pgInfo, sql, uniq } from '../../support/pg';
import { startSlowProxy } from '../../support/slow-proxy';

const SAMPLE = resolve('resources/sample');
const u = uniq();
const role = `act_${u}`;
const password = `pw-${uniq()}-secret`;
const shop = `shop_act_${u}`;
let dir: string;
let services: Services;
/** Where the save dialog puts files (the test folder when unset). */
let exportTo: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-activities-'));
  await sql('postgres', `CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
  services = createServices({
    userDataDir: join(dir, 'user-data'), sampleSetPath: SAMPLE, secrets: memorySecretStore(),
    pickFolder: async () => null, confirmFolder: async () => false, chooseExportPath: async (name) => join(exportTo ?? dir, name), openExternal: async () => undefined,
    batch: { intervalMs: 50, maxEvents: 200 },
  });
});

afterAll(async () => {
  await services?.dispose();
  await sql('postgres', `DROP DATABASE IF EXISTS "${shop}" WITH (FORCE)`);
  await sql('postgres', `DROP ROLE IF EXISTS ${role}`);
  await rm(dir, { recursive: true, force: true });
});

const target = (pw = password): TargetInput => ({ kind: 'server', host: pgInfo().host, port: pgInfo().port, user: role, password: pw, database: 'postgres', sslmode: 'disable' });
const options: ReplayOptions = {
  jobs: 2, databases: ['shop'], includeSystem: false, existing: 'fail', rename: { shop }, owner: 'auto',
  noPrivileges: false, singleTransaction: false, roles: true, schemaFile: false, tablespacesFile: false,
};

describe('activities', () => {
  it('re-checks without the password, saves a script, runs one replay at a time and keeps its history', async () => {
    await services.api.openSet(await services.api.sampleSetPath());
    await services.api.checkTarget(SAMPLE, target());
    const again = await services.api.checkTarget(SAMPLE, target(''));
    expect(again.checks.find((c) => c.id === 'reachable')?.status).toBe('ok');

    const saved = await services.api.saveScript({ folder: SAMPLE, targetId: again.targetId, options });
    expect(saved?.rolesPath).toBe(join(dir, 'roles.flexible-safe.sql'));
    const script = await readFile(saved!.path, 'utf8');
    expect(script).toContain(`CREATE DATABASE "${shop}"`);
    expect(script).not.toContain(password);
    expect((await stat(saved!.rolesPath!)).mode & 0o777).toBe(0o600);
    expect(await readFile(saved!.rolesPath!, 'utf8')).not.toMatch(/GRANTED BY/i);

    const request = { folder: SAMPLE, targetId: again.targetId, options: { ...options, roles: false } };
    const { runId } = await services.api.startReplay(request);
    await expect(services.api.startReplay(request)).rejects.toMatchObject({ message: expect.stringMatching(/already running/) });
    expect((await services.api.listActivities()).map((a) => [a.id, a.status])).toEqual([[runId, 'running']]);
    expect((await services.api.replayHistory(runId))[0]).toMatchObject({ type: 'plan' });

    await expect.poll(async () => (await services.api.listActivities())[0].status, { timeout: 60_000, interval: 200 }).not.toBe('running');
    // Without its roles the sample's grants fail: the run is partial, and the activity says so.
    const { summary } = JSON.parse(await services.api.report(runId, 'json')) as { summary: { ok: boolean } };
    expect((await services.api.listActivities())[0].status).toBe(summary.ok ? 'succeeded' : 'problems');
    const history = await services.api.replayHistory(runId);
    expect(history.filter((e) => e.type === 'summary')).toHaveLength(1);
    expect(history.filter((e) => e.type === 'progress').length).toBeLessThan(5);
    expect(history.some((e) => e.type === 'log')).toBe(true);
    expect(JSON.stringify(history)).not.toContain(password);
  });

  it('Save as script saves both files or neither, never a truncated one, and the roles copy is 0600 even over an older copy', async () => {
    const { targetId } = await services.api.checkTarget(SAMPLE, target());
    exportTo = await mkdtemp(join(dir, 'save-'));
    try {
      // An older, world-readable copy is replaced by a 0600 one.
      await writeFile(join(exportTo, 'roles.flexible-safe.sql'), 'old', { mode: 0o644 });
      await chmod(join(exportTo, 'roles.flexible-safe.sql'), 0o644);
      const saved = await services.api.saveScript({ folder: SAMPLE, targetId, options });
      expect((await stat(saved!.rolesPath!)).mode & 0o777).toBe(0o600);
      expect(await readFile(saved!.rolesPath!, 'utf8')).toMatch(/CREATE ROLE/);
      const script = await readFile(saved!.path, 'utf8');

      // The roles copy cannot be put in place (a folder has its name): the script is not saved either, the old one is kept.
      await rm(join(exportTo, 'roles.flexible-safe.sql'));
      await mkdir(join(exportTo, 'roles.flexible-safe.sql'));
      await writeFile(join(exportTo, 'keep.sh'), script);
      const before = await readdir(exportTo);
      const refused = await services.api.saveScript({ folder: SAMPLE, targetId, options }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'bad-argument', message: expect.stringMatching(/^roles\.flexible-safe\.sql could not be saved in .* \(EISDIR\)/) });
      expect((refused as { hint: string }).hint).toMatch(/Choose a folder on a writable disk/);
      expect((await readdir(exportTo)).sort()).toEqual(before.sort());

      // A folder that is not one (or is gone): the report says so, and nothing is left behind.
      await writeFile(join(exportTo, 'not-a-folder'), '');
      exportTo = join(exportTo, 'not-a-folder');
      const noFolder = await services.api.saveScript({ folder: SAMPLE, targetId, options }).catch((e: unknown) => e);
      expect(noFolder).toMatchObject({ code: 'bad-argument', message: expect.stringMatching(/could not be saved in .*not-a-folder \(ENOTDIR\)/) });
    } finally {
      exportTo = undefined;
    }
  });

  it('plans against the facts its check read: editing the plan does not reconnect to the server', async () => {
    // A pass-through proxy in front of the server counts the connections made to it.
    const proxy = await startSlowProxy({ targetHost: pgInfo().host, targetPort: pgInfo().port, bytesPerSecond: 1e9 });
    try {
      const checked = await services.api.checkTarget(SAMPLE, { ...(target() as Extract<TargetInput, { kind: 'server' }>), host: '127.0.0.1', port: proxy.port });
      expect(proxy.connections()).toBe(1);
      const other = `${shop}_x`;
      for (const name of [`${shop}_a`, `${shop}_ab`, `${shop}_abc`, other]) {
        const plan = await services.api.planReplay({ folder: SAMPLE, targetId: checked.targetId, options: { ...options, rename: { shop: name } } });
        expect(plan.databases.find((d) => d.name === 'shop')?.targetName).toBe(name);
      }
      expect(proxy.connections()).toBe(1);
      // The database made by the earlier replay is known from the kept facts.
      const again = await services.api.planReplay({ folder: SAMPLE, targetId: checked.targetId, options });
      expect(again.databases.find((d) => d.name === 'shop')?.exists).toBe(true);
      expect(proxy.connections()).toBe(1);
    } finally {
      await proxy.stop();
    }
  });
});
