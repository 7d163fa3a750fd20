/**
 * The whole offline journey in Debian Chromium against the browser bridge, with the real services,
 * engine, pg_restore and PostgreSQL behind it: open a restore set by pasted path, read the marker
 * time, check the target, replay two databases in parallel, cancel the run, retry the cancelled
 * database, and find every row in the target. A screenshot of every screen goes to test-results/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../scripts/web/server';
import { pgInfo, sql, uniq } from '../support/pg';
import { fingerprint, makeSource, type Source } from '../support/restore-set';
import { sharedRenderer } from '../support/shared-renderer';
import { launchChromium, screenshot } from './chromium';
import { checkTestCluster } from './fill-target';

const SHOTS = join(process.cwd(), 'test-results', 'e2e');
const u = uniq();
const big = `Big Sales ${u}`;
const small = `small_${u}`;
const targetOf = (n: string) => `${n}_e2e`;

let source: Source;
let server: WebServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

const shot = (name: string) => screenshot(page, join(SHOTS, `${name}.png`));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  source = await makeSource([
    { name: big, setupSql: `CREATE TABLE a (id int PRIMARY KEY, v text, w text);
      INSERT INTO a SELECT g, md5(g::text), repeat(md5((g * 7)::text), 4) FROM generate_series(1, 600000) g;
      CREATE TABLE b AS SELECT * FROM a; CREATE INDEX ON b (v); CREATE INDEX ON b (w);` },
    { name: small, setupSql: 'CREATE TABLE s (id int PRIMARY KEY, label text); INSERT INTO s SELECT g, \'row \' || g FROM generate_series(1, 5000) g;' },
  ], { piped: true });
  server = await startWebServer({ port: 0, userDataDir: mkdtempSync(join(tmpdir(), 'pgflex-web-')), rendererDir: await sharedRenderer() });
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await source?.cluster.stop();
  for (const n of [big, small]) await sql('postgres', `DROP DATABASE IF EXISTS "${targetOf(n)}" WITH (FORCE)`).catch(() => undefined);
});

describe('offline journey in Chromium', () => {
  it('opens, checks, replays in parallel, cancels, retries, and the data is all there', async ({ onTestFailed }) => {
    onTestFailed(async () => {
      await shot('failure');
    });
    await page.goto(server.url);
    await shot('1-home');

    // Home: the pasted path.
    await page.getByLabel('Folder path').fill(source.set.outDir);
    await page.getByRole('button', { name: 'Open', exact: true }).click();

    // Restore set: the marker in UTC, as written in the file (2024-04-10T10:30:46.2303875Z).
    await expect.poll(() => page.getByText('2024-04-10 10:30:46 UTC').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(big).count()).toBeGreaterThan(0);
    await shot('2-restore-set');

    // Target: the real test cluster.
    await page.getByRole('tab', { name: /Target/ }).click();
    await checkTestCluster(page);
    await expect.poll(() => page.getByLabel('Pre-flight checks').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/PostgreSQL 15/).count()).toBeGreaterThan(0);
    await shot('3-target');
    expect(await page.content()).not.toContain(pgInfo().password);

    // Plan: new names, since the test cluster is shared; two databases at once.
    await page.getByRole('button', { name: 'Plan the replay' }).click();
    for (const n of [big, small]) await page.getByLabel(`Target name for ${n}`).fill(targetOf(n));
    // Roles are cluster-wide and other test files create the same Azure role names at the same time
    // (a race PostgreSQL reports as an error); the roles replay is covered by the integration tests.
    await page.getByLabel('Replay roles first (made Flexible-safe)').uncheck();
    await expect.poll(() => page.getByText(`Restored under the new name "${targetOf(small)}".`).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(`Restored under the new name "${targetOf(big)}".`).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('4-plan');
    await page.getByRole('button', { name: 'Start replay' }).click();

    // Replay: both lanes run at once; cancel while the big one loads data.
    const bigLane = page.locator(`[data-lane="${big}"]`);
    const smallLane = page.locator(`[data-lane="${small}"]`);
    await expect.poll(async () => (await page.locator('[data-lane][data-status="running"]').count()), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => bigLane.getByText('Loading data').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // A quick viewport shot: the big database must still be loading when Cancel is clicked.
    await page.screenshot({ path: join(SHOTS, '5-replay-running.png') });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => bigLane.getAttribute('data-status'), { timeout: 15_000 }).toBe('cancelled');
    await shot('6-replay-cancelled');

    // Retry the cancelled database alone.
    await page.getByRole('button', { name: `Retry ${big}` }).click();
    await expect.poll(() => bigLane.getAttribute('data-status'), { timeout: 120_000 }).toBe('restored');
    const smallStatus = await smallLane.getAttribute('data-status');
    if (smallStatus !== 'restored') {
      await page.getByRole('button', { name: `Retry ${small}` }).click();
      await expect.poll(() => smallLane.getAttribute('data-status'), { timeout: 60_000 }).toBe('restored');
    }
    await shot('7-replay-done');

    // Report.
    await page.getByRole('button', { name: 'See the report' }).click();
    await expect.poll(() => page.getByLabel('Outcome per database').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('8-report');

    // The data is in the target, table for table.
    for (const n of [big, small]) {
      expect(await fingerprint({ ...pgInfo() }, targetOf(n))).toEqual(await fingerprint(source.cluster, n));
    }
  });
});
