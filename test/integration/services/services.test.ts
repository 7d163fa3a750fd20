/**
 * The services (what the app's IPC handlers and the browser bridge call) end to end on the real
 * engine: open the committed sample set, inspect it, check the real test cluster as a target,
 * replay two databases with batched events, verify the rows, report and export. The password
 * must appear in no response and no event.
 */
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayEvent, ReplayOptions, TargetInput } from '../../../electron/contract';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { createServices, type Services } from '../../../electron/services/services';
import { pgInfo, sql, uniq } from '../../support/pg';

const SAMPLE = resolve('resources/sample');
const expected = JSON.parse(await readFile(join(SAMPLE, 'expected.json'), 'utf8')) as {
  databases: Record<string, { file: string; tables: Record<string, number> }>;
};
const u = uniq();
const role = `svc_${u}`;
const password = `pw-${uniq()}${uniq()}-secret`;
const renamed = { shop: `shop_${u}`, inventory: `inventory_${u}` };

let dir: string;
let services: Services;
const responses: unknown[] = [];
const batches: Array<{ runId: string; events: ReplayEvent[] }> = [];
const opened: string[] = [];
const confirmed: string[] = [];
let toolsDir = '';
const record = <T>(value: T): T => {
  responses.push(value);
  return value;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-services-'));
  toolsDir = join(dir, 'tools');
  await mkdir(toolsDir);
  await sql('postgres', `CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
  services = createServices({
    userDataDir: join(dir, 'user-data'),
    sampleSetPath: SAMPLE,
    secrets: memorySecretStore(),
    pickFolder: async (purpose) => (purpose === 'client-tools' ? toolsDir : null),
    // Typed paths are refused here: only what main hands out (the sample, a dialog) opens.
    confirmFolder: async (path) => {
      confirmed.push(path);
      return false;
    },
    chooseExportPath: async (name) => join(dir, name),
    openExternal: async (url) => void opened.push(url),
    batch: { intervalMs: 50, maxEvents: 200 },
  });
  services.on('replayEvents', (runId, events) => batches.push({ runId, events }));
});

afterAll(async () => {
  await services?.dispose();
  for (const db of Object.values(renamed)) await sql('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await sql('postgres', `DROP ROLE IF EXISTS ${role}`);
  await rm(dir, { recursive: true, force: true });
});

const target = (): TargetInput => {
  const { host, port } = pgInfo();
  return { kind: 'server', host, port, user: role, password, database: 'postgres', sslmode: 'disable' };
};

// The sample's owners and grantees are roles of its roles file, which is not replayed here
// (roles are cluster-wide; parallel tests must not share them): restore without owners and grants.
const options = (): ReplayOptions => ({
  jobs: 2, databases: ['shop', 'inventory'], includeSystem: false, existing: 'fail', rename: renamed, owner: 'no-owner',
  noPrivileges: true, singleTransaction: false, roles: false, schemaFile: false, tablespacesFile: false,
});

describe('services on the real engine', () => {
  let targetId = '';
  let runId = '';

  it('opens the sample set: marker time, databases, system ones marked, a recent entry', async () => {
    // The sample is handed out by main, so it opens without asking.
    const view = record(await services.api.openSet(await services.api.sampleSetPath()));
    expect(confirmed).toEqual([]);
    expect(view.folder).toBe(SAMPLE);
    expect(view.marker?.takenAt).toBe('2024-04-10T10:30:46.230Z');
    expect(view.databases.map((d) => d.name).sort()).toEqual(Object.keys(expected.databases).sort());
    const shop = view.databases.find((d) => d.name === 'shop')!;
    expect(shop).toMatchObject({ system: false, problem: null, file: expected.databases.shop.file });
    expect(shop.archive?.tableCount).toBe(Object.keys(expected.databases.shop.tables).length);
    expect(shop.client?.path).toMatch(/pg_restore$/);
    expect(view.databases.find((d) => d.name === 'azure_sys')).toMatchObject({ system: true });
    expect(view.files.some((f) => f.kind === 'marker')).toBe(true);
    const settings = record(await services.api.getSettings());
    expect(settings.recent[0]).toMatchObject({ folder: SAMPLE, takenAt: '2024-04-10T10:30:46.230Z', databases: view.databases.length });
  });

  it('shows a dump by schema, text files read-only, and the roles transformation', async () => {
    const contents = record(await services.api.archiveContents(SAMPLE, expected.databases.shop.file));
    const tables = contents.schemas.flatMap((s) => s.tables.map((t) => `${s.name}.${t.name}`));
    expect(tables.sort()).toEqual(Object.keys(expected.databases.shop.tables).sort());
    const view = record(await services.api.openSet(SAMPLE));
    const text = record(await services.api.readTextFile(SAMPLE, view.roles!.file));
    expect(text.text).toMatch(/CREATE ROLE/);
    expect(text.truncated).toBe(false);
    const preview = record(await services.api.rolesPreview(SAMPLE, null));
    expect(preview.removed.length).toBeGreaterThan(0);
    expect(preview.transformed).not.toBe(preview.original);
  });

  it('reads only folders the user opened, and no file a link leads out of them', async () => {
    await expect(services.api.openSet('/etc')).rejects.toMatchObject({ code: 'bad-argument', message: expect.stringMatching(/not confirmed/) });
    expect(confirmed).toEqual(['/etc']);
    await expect(services.api.readTextFile('/etc', 'shadow')).rejects.toMatchObject({ code: 'bad-argument', message: expect.stringMatching(/not opened/) });
    // Climbing out of an opened folder lands on one that was not opened.
    await expect(services.api.readTextFile(`${SAMPLE}/../../../../../../../../etc`, 'passwd')).rejects.toMatchObject({ message: expect.stringMatching(/not opened/) });
    // A set the user did open (its copy) holding a link to a file outside it.
    const copy = join(dir, 'linked-set');
    await cp(SAMPLE, copy, { recursive: true });
    await writeFile(join(dir, 'secret.txt'), 'outside');
    await symlink(join(dir, 'secret.txt'), join(copy, 'notes.txt'));
    await expect(services.api.openSet(copy)).rejects.toMatchObject({ message: expect.stringMatching(/not confirmed/) });
    // Opened by dialog:
    const picked = createServices({
      userDataDir: join(dir, 'user-data-2'), sampleSetPath: SAMPLE, secrets: memorySecretStore(),
      pickFolder: async () => copy, confirmFolder: async () => false, chooseExportPath: async () => null, openExternal: async () => undefined,
    });
    try {
      expect(await picked.api.pickFolder()).toBe(copy);
      const view = await picked.api.openSet(copy);
      expect(view.unknown.map((f) => f.file)).toContain('notes.txt');
      await expect(picked.api.readTextFile(copy, 'notes.txt')).rejects.toMatchObject({ code: 'unsafe-file' });
    } finally {
      await picked.dispose();
    }
  });

  it('takes the client tools folder only from its dialog', async () => {
    await expect(services.api.setSettings({ clientToolsPath: '/tmp/evil' } as never)).rejects.toMatchObject({ code: 'bad-argument' });
    expect((await services.api.chooseClientTools())?.clientToolsPath).toBe(toolsDir);
    expect((await services.api.setSettings({ clientToolsPath: null })).clientToolsPath).toBeNull();
  });

  it('refuses paths outside the set and dumps as text', async () => {
    await expect(services.api.readTextFile(SAMPLE, '../../package.json')).rejects.toMatchObject({ code: 'bad-argument' });
    await expect(services.api.readTextFile(SAMPLE, expected.databases.shop.file)).rejects.toMatchObject({ code: 'bad-argument' });
    await expect(services.api.archiveContents(SAMPLE, 'README.md')).rejects.toMatchObject({ code: 'bad-argument' });
    await expect(services.api.openSet('resources/sample')).rejects.toMatchObject({ code: 'bad-argument' });
  });

  it('checks the target and keeps the password in main', async () => {
    const view = record(await services.api.checkTarget(SAMPLE, target()));
    targetId = view.targetId;
    expect(view).toMatchObject({ kind: 'server', user: role, port: pgInfo().port });
    expect(view.serverVersion).toMatch(/^15\./);
    expect(view.checks.find((c) => c.id === 'reachable')?.status).toBe('ok');
    expect(view.checks.find((c) => c.id === 'client-tools')?.status).toBe('ok');
    const wrong = `${password}-wrong`;
    const failure = await services.api.checkTarget(SAMPLE, { ...target(), password: wrong } as TargetInput).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'target-auth' });
    expect(JSON.stringify(failure) + String((failure as Error).message)).not.toContain(wrong);
  });

  it('plans, replays two databases with batched events, and the rows arrive', async () => {
    const plan = record(await services.api.planReplay({ folder: SAMPLE, targetId, options: options() }));
    expect(plan.databases.filter((d) => d.action === 'restore').map((d) => d.targetName).sort()).toEqual(Object.values(renamed).sort());
    runId = record(await services.api.startReplay({ folder: SAMPLE, targetId, options: options() })).runId;
    const deadline = Date.now() + 60_000;
    const mine = () => batches.filter((b) => b.runId === runId).flatMap((b) => b.events);
    while (!mine().some((e) => e.type === 'summary') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const events = mine();
    const summary = events.find((e) => e.type === 'summary');
    expect(summary?.type === 'summary' && summary.summary.databases.filter((d) => d.status === 'restored').length).toBe(2);
    // Batched: far fewer messages than events, and never two progress snapshots in one batch.
    const runBatches = batches.filter((b) => b.runId === runId);
    expect(runBatches.length).toBeLessThan(events.length);
    for (const b of runBatches) expect(b.events.filter((e) => e.type === 'progress').length).toBeLessThanOrEqual(1);
    for (const [source, db] of Object.entries(renamed)) {
      for (const [table, rows] of Object.entries(expected.databases[source].tables)) {
        const [{ n }] = await sql<{ n: string }>(db, `SELECT count(*) AS n FROM ${table}`);
        expect(Number(n), `${db}.${table}`).toBe(rows);
      }
    }
  });

  it('refuses a second replay into the same names at once, with the reason', async () => {
    const err = await services.api.startReplay({ folder: SAMPLE, targetId, options: options() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'database-exists' });
  });

  it('reports and exports', async () => {
    const md = record(await services.api.report(runId, 'markdown'));
    expect(md).toContain(renamed.shop);
    const saved = record(await services.api.exportReport(runId, 'json'));
    const json = JSON.parse(await readFile(saved!.path, 'utf8'));
    expect(JSON.stringify(json)).toContain(renamed.inventory);
    await expect(services.api.report('00000000-0000-4000-8000-000000000000', 'json')).rejects.toMatchObject({ code: 'bad-argument' });
    await expect(services.api.report(runId, 'html' as 'json')).rejects.toMatchObject({ code: 'bad-argument' });
  });

  it('opens only http(s) links', async () => {
    await services.api.openExternal('https://learn.microsoft.com/');
    await expect(services.api.openExternal('file:///etc/passwd')).rejects.toMatchObject({ code: 'bad-argument' });
    expect(opened).toEqual(['https://learn.microsoft.com/']);
  });

  it('never returned the password in any response or event', () => {
    expect(responses.length).toBeGreaterThan(8);
    expect(JSON.stringify(responses)).not.toContain(password);
    expect(JSON.stringify(batches)).not.toContain(password);
  });
});
