/**
 * The committed sample set (resources/sample) through every screen in Debian Chromium, against the
 * browser bridge with the real services, engine, pg_restore and the test PostgreSQL: keyboard-only
 * open by pasted path, the marker time and its raw text, a database's contents, the roles file and
 * its Flexible-safe diff, pre-flight, a plan with new names, two databases replayed in parallel,
 * the log filter, the report shown and exported, the dark theme — and every row of expected.json
 * found in the target. Every control on every screen must have a name. Screenshots go to
 * test-results/e2e-sample/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../scripts/web/server';
import { pgInfo, sql, uniq } from '../support/pg';
import { unnamedControls } from './a11y';
import { launchChromium, screenshot } from './chromium';
import { checkTestCluster } from './fill-target';
import { sharedRenderer } from '../support/shared-renderer';

const SAMPLE = resolve('resources/sample');
const SHOTS = join(process.cwd(), 'test-results', 'e2e-sample');
const expected = JSON.parse(readFileSync(join(SAMPLE, 'expected.json'), 'utf8')) as {
  marker: string;
  databases: Record<string, { tables: Record<string, number> }>;
};
const u = uniq();
/** Source → target names: unique, since test files share one cluster. */
const TARGETS: Record<string, string> = { shop: `shop_ui_${u}`, 'Café Analytics': `Café Analytics ui ${u}` };

let server: WebServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let exportDir: string;

const shot = (name: string) => screenshot(page, join(SHOTS, `${name}.png`));
const visible = (text: string | RegExp) => expect.poll(() => page.getByText(text).first().isVisible(), { timeout: 30_000 }).toBe(true);
async function expectNamed(): Promise<void> {
  expect(await unnamedControls(page)).toEqual([]);
}

describe('the sample set, screen by screen, in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    exportDir = mkdtempSync(join(tmpdir(), 'pgflex-export-'));
    server = await startWebServer({ port: 0, userDataDir: mkdtempSync(join(tmpdir(), 'pgflex-web-')), exportDir, rendererDir: await sharedRenderer() });
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const name of Object.values(TARGETS)) await sql('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  });

  it('opens the sample by keyboard, shows what it holds, replays two databases, reports, and the rows are all there', async ({ onTestFailed }) => {
    onTestFailed(() => shot('failure'));
    await page.goto(server.url);
    await visible('Open a restore set');
    await expectNamed();
    await shot('1-home');

    // Home, by keyboard only: Tab to the "Folder path" box, type, Enter.
    let focused = '';
    for (let i = 0; i < 30 && focused !== 'Folder path'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => {
        const el = (globalThis as unknown as { document: { activeElement: { labels?: ArrayLike<{ textContent: string | null }> | null } | null } }).document.activeElement;
        return el?.labels?.[0]?.textContent?.trim() ?? '';
      });
    }
    expect(focused).toBe('Folder path');
    await page.keyboard.type(SAMPLE);
    await page.keyboard.press('Enter');

    // Restore set: the marker in UTC and local, the raw text on demand.
    await visible('2024-04-10 10:30:46 UTC');
    expect(expected.marker).toBe('2024-04-10T10:30:46.2303875Z');
    expect(await page.getByTestId('marker-local').textContent()).toMatch(/^Local time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC[+-]\d\d:\d\d\)$/);
    await page.getByRole('button', { name: 'Show raw marker text' }).click();
    expect(await page.getByLabel('Raw marker text').textContent()).toBe(expected.marker);

    // One row per file, with the versions read from each archive's header.
    const files = page.getByRole('table', { name: 'Files in the restore set' });
    for (const db of Object.keys(expected.databases)) await expect.poll(() => files.getByRole('cell', { name: db, exact: true }).count()).toBe(1);

    // The shop dump's contents: tables of schema public, biggest first.
    await page.getByRole('button', { name: 'Contents of shop' }).click();
    const tables = page.getByRole('table', { name: 'Tables in schema public' });
    await expect.poll(() => tables.getByRole('row').count(), { timeout: 30_000 }).toBe(1 + Object.keys(expected.databases.shop.tables).length);
    const firstTable = await tables.getByRole('row').nth(1).getByRole('cell').first().textContent();
    expect(firstTable).toBe('order_items'); // 6000 rows: the biggest data block

    // The roles file, read-only, then its Flexible-safe diff.
    await page.getByRole('button', { name: /^View .*_roles\.sql$/ }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(async () => (await dialog.getByLabel(/^Contents of .*_roles\.sql/).textContent()) ?? '', { timeout: 30_000 }).toContain('CREATE ROLE');
    await shot('2a-roles-file');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Preview the Flexible-safe roles' }).click();
    const changes = page.getByRole('list', { name: 'Changes to the roles file' });
    await expect.poll(() => changes.getByRole('listitem').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await changes.textContent()).toContain('GRANTED BY');
    await expectNamed();
    await shot('2-restore-set');

    // Target: the test cluster.
    await page.getByRole('button', { name: 'Choose a target' }).click();
    await checkTestCluster(page);
    await expect.poll(() => page.locator('[data-check]').count(), { timeout: 30_000 }).toBeGreaterThan(3);
    expect(await page.locator('[data-check][data-status="fail"]').count()).toBe(0);
    await expectNamed();
    await shot('3-target');

    // Plan: shop and Café Analytics under new names, not inventory; no cluster-wide roles; no GRANTs to roles the target lacks.
    await page.getByRole('button', { name: 'Plan the replay' }).click();
    await page.getByRole('checkbox', { name: 'Replay inventory' }).uncheck();
    expect(await page.getByRole('checkbox', { name: 'Replay azure_sys' }).isChecked()).toBe(false);
    for (const [source, target] of Object.entries(TARGETS)) await page.getByLabel(`Target name for ${source}`).fill(target);
    await page.getByRole('checkbox', { name: /Replay roles first/ }).uncheck();
    await page.getByRole('checkbox', { name: /Skip privileges/ }).check();
    for (const target of Object.values(TARGETS)) await visible(`Restored under the new name "${target}".`);
    const commands = page.getByLabel(/^Command for /);
    // Two per database: the pre-data pass, then data and post-data with the workers. The plan is
    // refreshed after each choice: wait for the one that follows the last tick.
    const restoresWithoutPrivileges = async () => (await commands.allTextContents()).join('\n').split('--no-privileges').length - 1;
    await expect.poll(restoresWithoutPrivileges, { timeout: 30_000 }).toBe(4);
    expect(await commands.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('--section=pre-data')]));
    expect(await page.content()).not.toContain(pgInfo().password);
    await expectNamed();
    await shot('4-plan');
    await page.getByRole('button', { name: 'Start replay' }).click();

    // Replay: both at once, both restored.
    for (const source of Object.keys(TARGETS)) {
      await expect.poll(() => page.locator(`[data-lane="${source}"]`).getAttribute('data-status'), { timeout: 90_000 }).toBe('restored');
    }
    await visible('Finished');
    await page.getByLabel('Filter log').fill('processing data for table');
    await expect.poll(async () => (await page.locator('[data-log-row]').allTextContents()).every((t) => t.includes('processing data for table'))).toBe(true);
    expect(await page.locator('[data-log-row]').count()).toBeGreaterThan(0);
    await expectNamed();
    await shot('5-replay');

    // Report: shown as Markdown, exported as Markdown and JSON.
    await page.getByRole('button', { name: 'See the report' }).click();
    await page.getByRole('tab', { name: 'Markdown' }).click();
    await expect.poll(async () => (await page.getByLabel('Report as markdown').textContent()) ?? '', { timeout: 30_000 }).toContain(TARGETS.shop);
    await page.getByRole('button', { name: 'Export Markdown' }).click();
    await visible(/^Saved to /);
    const saved = ((await page.getByText(/^Saved to /).textContent()) ?? '').replace(/^Saved to /, '');
    expect(saved.startsWith(exportDir)).toBe(true);
    expect(existsSync(saved)).toBe(true);
    expect(readFileSync(saved, 'utf8')).toContain(TARGETS['Café Analytics']);
    await page.getByRole('button', { name: 'Export JSON' }).click();
    await expect.poll(async () => (await page.getByText(/^Saved to /).textContent()) ?? '').toMatch(/\.json$/);
    const json = JSON.parse(readFileSync(((await page.getByText(/^Saved to /).textContent()) ?? '').replace(/^Saved to /, ''), 'utf8')) as unknown;
    expect(JSON.stringify(json)).toContain(TARGETS.shop);
    await expectNamed();
    await shot('6-report');

    // Dark theme, from the header's menu.
    await page.getByRole('button', { name: 'Theme' }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect.poll(() => page.locator('[data-theme="dark"]').count()).toBe(1);
    await shot('7-report-dark');
    await page.getByRole('tab', { name: /Replay/ }).click();
    await shot('8-replay-dark');
    await page.getByRole('tab', { name: /Restore set/ }).click();
    await shot('9-restore-set-dark');

    // Every table of both databases holds the rows the sample was made with.
    for (const [source, target] of Object.entries(TARGETS)) {
      for (const [table, rows] of Object.entries(expected.databases[source].tables)) {
        const [schema, name] = table.split('.');
        const [{ n }] = await sql<{ n: string }>(target, `SELECT count(*) AS n FROM "${schema}"."${name}"`);
        expect({ table: `${target}.${table}`, rows: Number(n) }).toEqual({ table: `${target}.${table}`, rows });
      }
    }
  });
});
