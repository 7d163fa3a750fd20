/**
 * The app never shows or does something other than what it says (issue 8), in Debian Chromium
 * through the browser bridge's real services against real PostgreSQL, as a Flexible-like admin
 * (not a superuser; CREATEDB, CREATEROLE, member of azure_pg_admin). Driven as a user would: a
 * second set opened mid-way, rail clicks, a re-check without retyping the password, two sources
 * for one name, the commands as run and Save as script, a second Start while one runs, a reload
 * mid-replay, Cancel then Retry at once, an unrestorable dump, Drop and replace with its typed
 * confirmation, an all-or-nothing run rolled back, the Settings and Activities screens. Each
 * screen is shot at 1280×720 and 1400×900 into test-results/e2e-truth/.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../scripts/web/server';
import { holdLock, pgInfo, sql, uniq } from '../support/pg';
import { fingerprint, makeSource, type Source } from '../support/restore-set';
import { launchChromium, requireChromium, screenshot } from './chromium';
import { sharedRenderer } from '../support/shared-renderer';

const SHOTS = join(process.cwd(), 'test-results', 'e2e-truth');
const u = uniq();
const big = `big_${u}`;
const small = `small_${u}`;
const strict = `strict_${u}`;
const broken = `broken_${u}`;
const alpha = `alpha_${u}`;
const srcOwner = `srcowner_${u}`;
const admin = `flexadmin_${u}`;
const ADMIN_PW = 'flex-pw-Ünï';
const SIZES = [{ width: 1280, height: 720 }, { width: 1400, height: 900 }];

let source: Source;
let setA: string;
let server: WebServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let exportDir: string;
let toolsDir: string;

const tab = (name: RegExp) => page.getByRole('tab', { name });
const visible = (text: string | RegExp, timeout = 30_000) => expect.poll(() => page.getByText(text).first().isVisible(), { timeout }).toBe(true);
const lane = (name: string) => page.locator(`[data-lane="${name}"]`);
const laneStatus = (name: string) => lane(name).getAttribute('data-status');

/** Shots at both sizes; fails when the page scrolls sideways (something clipped or pushed off). */
async function shots(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { scrollWidth: number; clientWidth: number } | null } }).document;
      const main = d.querySelector('main');
      return main ? main.scrollWidth - main.clientWidth : 0;
    });
    // A button pushed out of sight inside a scrolling table is as lost as one off the page.
    const hidden = await page.evaluate(() => {
      type Box = { left: number; right: number };
      type El = { getBoundingClientRect(): Box; textContent: string | null; getAttribute(n: string): string | null };
      const d = (globalThis as unknown as { document: { querySelector(s: string): El | null; querySelectorAll(s: string): El[] } }).document;
      const main = d.querySelector('main')?.getBoundingClientRect();
      if (!main) return [];
      return [...d.querySelectorAll('main button')].filter((b) => {
        const r = b.getBoundingClientRect();
        return r.right - r.left > 0 && (r.right > main.right + 1 || r.left < main.left - 1);
      }).map((b) => b.getAttribute('aria-label') ?? b.textContent ?? '?');
    });
    await screenshot(page, join(SHOTS, `${name}-${size.width}x${size.height}.png`));
    expect(overflow, `${name} at ${size.width}×${size.height} scrolls sideways`).toBeLessThanOrEqual(1);
    expect(hidden, `${name} at ${size.width}×${size.height} has buttons out of sight`).toEqual([]);
  }
  await page.setViewportSize(SIZES[1]);
}

async function openByPath(folder: string): Promise<void> {
  await tab(/Home/).click();
  await page.getByLabel('Folder path').fill(folder);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Restore set' }).count(), { timeout: 30_000 }).toBe(1);
}

async function checkAsAdmin(password: string): Promise<void> {
  const { host, port } = pgInfo();
  await page.getByLabel('Host').fill(host);
  await page.getByLabel('Port').fill(String(port));
  await page.getByLabel('User').fill(admin);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('SSL mode').selectOption('disable');
  await page.getByRole('button', { name: 'Check target' }).click();
  await visible(/The target is ready|check(s)? failed/);
}

beforeAll(async () => {
  requireChromium();
  mkdirSync(SHOTS, { recursive: true });
  source = await makeSource([
    { name: big, setupSql: `CREATE TABLE a (id int PRIMARY KEY, v text, w text);
      INSERT INTO a SELECT g, md5(g::text), repeat(md5((g * 7)::text), 4) FROM generate_series(1, 600000) g;
      CREATE TABLE b AS SELECT * FROM a; CREATE INDEX ON b (v); CREATE INDEX ON b (w);` },
    { name: small, setupSql: `CREATE TABLE s (id int PRIMARY KEY, label text); INSERT INTO s SELECT g, 'row ' || g FROM generate_series(1, 5000) g;` },
    { name: strict, setupSql: `CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 50); ALTER TABLE t OWNER TO ${srcOwner};` },
  ], { rolesSql: `CREATE ROLE ${srcOwner} NOLOGIN;`, piped: true });
  // An unrestorable dump asked for with the others: a truncated download.
  const brokenFile = join(source.set.outDir, basename(source.set.files.databases[small]).replace(small, broken));
  copyFileSync(source.set.files.databases[big], brokenFile);
  truncateSync(brokenFile, Math.floor(statSync(brokenFile).size / 2));
  // Set A: another backup (another time), opened first.
  setA = mkdtempSync(join(tmpdir(), 'pgflex-set-a-'));
  writeFileSync(join(setA, 'backupstarttimestamp'), '2023-01-02T03:04:05.0000000Z');
  copyFileSync(source.set.files.databases[small], join(setA, basename(source.set.files.databases[small]).replace(small, alpha)));

  await sql('postgres', `DO $$ BEGIN CREATE ROLE azure_pg_admin NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  await sql('postgres', `CREATE ROLE ${admin} LOGIN CREATEDB CREATEROLE PASSWORD '${ADMIN_PW}'`);
  await sql('postgres', `GRANT azure_pg_admin TO ${admin}`);

  exportDir = mkdtempSync(join(tmpdir(), 'pgflex-export-'));
  toolsDir = dirname(readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pg_restore`).find((p) => existsSync(p))!);
  server = await startWebServer({ port: 0, userDataDir: mkdtempSync(join(tmpdir(), 'pgflex-web-')), exportDir, pickFolder: async () => toolsDir, rendererDir: await sharedRenderer() });
  browser = await launchChromium(SIZES[1]);
  page = await browser.context.newPage();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await source?.cluster.stop();
  for (const n of [big, small, strict, alpha]) await sql('postgres', `DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`).catch(() => undefined);
  await sql('postgres', `DROP ROLE IF EXISTS ${admin}`).catch(() => undefined);
});

describe('what the app says is what it does', () => {
  it('binds every step to its set, checks names, shows the commands as run, keeps runs, tells the truth in the report', async ({ onTestFailed }) => {
    onTestFailed(() => screenshot(page, join(SHOTS, 'failure.png')));
    await page.goto(server.url);
    await shots('1-home');

    // Set A → Target → Plan.
    await openByPath(setA);
    await tab(/Target/).click();
    await checkAsAdmin(ADMIN_PW);
    await tab(/Plan/).click();
    await visible(alpha);
    await expect.poll(() => page.getByRole('region', { name: 'Commands' }).textContent(), { timeout: 30_000 }).toContain(setA);

    // #1/#12: another set mid-way voids the target check and the plan; the rail says so.
    await openByPath(source.set.outDir);
    expect(await tab(/Plan/).isDisabled()).toBe(true);
    await shots('2-restore-set');
    await tab(/Target/).click();
    expect(await page.getByText('Check the target to see whether the replay can run').count()).toBe(1);
    // #11: the re-check needs no retyped password (main kept it).
    await page.getByRole('button', { name: 'Check target' }).click();
    await visible(/The target is ready|check(s)? failed/);
    expect(await page.getByText(/SCRAM|password must be a string/).count()).toBe(0);
    await shots('2-target-rechecked');
    await tab(/Plan/).click();
    await expect.poll(() => page.getByRole('region', { name: 'Commands' }).textContent(), { timeout: 30_000 }).toContain(source.set.outDir);
    const commands = (await page.getByRole('region', { name: 'Commands' }).textContent())!;
    expect(commands).not.toContain(setA);
    expect(await page.getByText(alpha).count()).toBe(0);

    // #6: the real commands — PG* variables, CREATE DATABASE, the safe roles copy, never the password.
    expect(commands).toContain(`export PGUSER=${admin}`);
    expect(commands).toContain(`export PGPORT=${pgInfo().port}`);
    expect(commands).toContain(`CREATE DATABASE "${big}"`);
    expect(commands).toContain('roles.flexible-safe.sql');
    expect(commands).not.toContain(`--file ${source.set.files.roles}`);
    expect(await page.content()).not.toContain(ADMIN_PW);
    await page.getByRole('button', { name: 'Save as script' }).click();
    await visible(/Script saved to/);
    const script = readdirSync(exportDir).find((f) => f.endsWith('.sh'))!;
    expect(readFileSync(join(exportDir, script), 'utf8')).toContain('"$here/roles.flexible-safe.sql"');
    expect(readFileSync(join(exportDir, 'roles.flexible-safe.sql'), 'utf8')).toMatch(/CREATE ROLE/);
    expect(readFileSync(join(exportDir, script), 'utf8')).not.toContain(ADMIN_PW);

    // #4: two sources for one name are refused before anything changes.
    await page.getByLabel(`Target name for ${small}`).fill(big);
    await visible(`Two databases would be restored into one`);
    await expect.poll(() => page.getByRole('button', { name: 'Start replay' }).isDisabled()).toBe(true);
    await shots('3-plan-clash');
    await page.getByLabel(`Target name for ${small}`).fill(small);
    // Roles are cluster-wide and other test files race on them; strict has its own run below.
    await page.getByLabel('Replay roles first (made Flexible-safe)').uncheck();
    await page.getByLabel(`Replay ${strict}`).uncheck();
    await expect.poll(() => page.getByRole('button', { name: 'Start replay' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await shots('4-plan');
    await page.getByRole('button', { name: 'Start replay' }).click();

    // #2: while it runs, Plan's Start is off and says why.
    await expect.poll(() => laneStatus(big), { timeout: 60_000 }).toBe('running');
    await tab(/Plan/).click();
    await visible('A replay is running');
    expect(await page.getByRole('button', { name: 'Start replay' }).isDisabled()).toBe(true);

    // #8: a reload mid-replay comes back to the running replay; Activities lists it.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Replay' }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => laneStatus(big), { timeout: 30_000 }).toBe('running');
    await expect.poll(() => lane(big).getByText('Loading data').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // Table b's indexes cannot be built while this lock is held: the replay stays running until Cancel.
    const hold = await holdLock(big, 'public.b');
    await shots('5-replay-running');
    await tab(/Activities/).click();
    await expect.poll(() => page.locator('[data-activity][data-status="running"]').count(), { timeout: 10_000 }).toBe(1);
    await shots('6-activities');
    await page.getByRole('button', { name: /Show the replay started/ }).click();

    // #9: Cancel, then Retry at once: it waits for the cancelled sessions and restores.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => laneStatus(big), { timeout: 30_000 }).toBe('cancelled');
    await hold.release();
    await page.getByRole('button', { name: `Retry ${big}` }).click();
    await expect.poll(() => laneStatus(big), { timeout: 180_000 }).toBe('restored');
    if ((await laneStatus(small)) !== 'restored') {
      await page.getByRole('button', { name: `Retry ${small}` }).click();
      await expect.poll(() => laneStatus(small), { timeout: 60_000 }).toBe('restored');
    }
    expect(await page.getByText(/must be a member of the role/).count()).toBe(0);

    // #7: the unrestorable dump is a failed lane, an error, and an error line; the retry is in the log.
    expect(await laneStatus(broken)).toBe('failed');
    expect(await page.getByLabel('Errors').getByText(broken).count()).toBeGreaterThan(0);
    await page.getByLabel('Lines to show').selectOption('errors');
    await expect.poll(() => page.getByLabel('Replay log').textContent()).toContain(`"${broken}" was not restored`);
    await page.getByLabel('Lines to show').selectOption('all');
    await page.getByLabel('Filter log').fill('retrying');
    await expect.poll(() => page.getByLabel('Replay log').textContent()).toContain(`retrying "${big}"`);
    await page.getByLabel('Filter log').fill('');
    await shots('7-replay-done');
    expect(await fingerprint(pgInfo(), big)).toEqual(await fingerprint(source.cluster, big));
    expect(await fingerprint(pgInfo(), small)).toEqual(await fingerprint(source.cluster, small));

    // #10: the report: not restored with its reason, its own backup time and folder — even after another set opens.
    await page.getByRole('button', { name: 'See the report' }).click();
    const row = page.locator(`[data-report-row="${broken}"]`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/Failed.*incomplete/i);
    await visible('Backup taken 2024-04-10 10:30:46 UTC');
    await page.getByRole('tab', { name: 'JSON' }).click();
    await expect.poll(() => page.getByLabel('Report as json').textContent(), { timeout: 10_000 }).toContain('"ok": false');
    expect(await page.getByLabel('Report as json').textContent()).toContain(`"folder": "${source.set.outDir}"`);
    await shots('8-report');
    await openByPath(setA);
    await tab(/Report/).click();
    await visible('Backup taken 2024-04-10 10:30:46 UTC');
    expect(await page.getByText(/2023-01-02/).count()).toBe(0);

    // #3: Drop and replace asks first, naming the databases; a real server needs the word typed.
    await openByPath(source.set.outDir);
    await tab(/Target/).click();
    // The reload emptied the form; the password is still not retyped (main kept it).
    await checkAsAdmin('');
    await tab(/Plan/).click();
    for (const n of [strict, broken]) await page.getByLabel(`Replay ${n}`).uncheck();
    await page.getByLabel('Replay roles first (made Flexible-safe)').uncheck();
    // Names default to free ones; ask for the existing names and to replace them.
    for (const n of [big, small]) await page.getByLabel(`Target name for ${n}`).fill(n);
    await page.getByLabel('If a database already exists on the target').selectOption('replace');
    await expect.poll(() => page.getByRole('button', { name: 'Start replay' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await sql(small, 'CREATE TABLE marker_kept (id int)');
    await page.getByRole('button', { name: 'Start replay' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(1);
    expect(await dialog.textContent()).toContain(big);
    expect(await dialog.textContent()).toContain(small);
    expect(await dialog.getByRole('button', { name: /Drop and replace/ }).isDisabled()).toBe(true);
    await shots('9-replace-confirm');
    await dialog.getByRole('button', { name: 'Keep them' }).click();
    expect(await sql(small, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'marker_kept'")).toEqual([{ n: 1 }]);
    await page.getByRole('button', { name: 'Start replay' }).click();
    await page.getByLabel('Confirmation word').fill('replace');
    await page.getByRole('alertdialog').getByRole('button', { name: /Drop and replace/ }).click();
    await expect.poll(() => laneStatus(small), { timeout: 180_000 }).toBe('restored');
    await expect.poll(() => laneStatus(big), { timeout: 180_000 }).toBe('restored');
    expect(await sql(small, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'marker_kept'")).toEqual([{ n: 0 }]);

    // #5: all-or-nothing with an error is failed and rolled back, with the one job it really had.
    await tab(/Plan/).click();
    for (const n of [big, small]) await page.getByLabel(`Replay ${n}`).uncheck();
    await page.getByLabel(`Replay ${strict}`).check();
    await page.getByLabel(`Target name for ${strict}`).fill(strict);
    await page.getByText(/^keep$/).click();
    await page.getByLabel('All or nothing per database (one transaction, so one job each)').check();
    await expect.poll(() => page.getByRole('button', { name: 'Start replay' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect.poll(() => laneStatus(strict), { timeout: 60_000 }).toBe('failed');
    expect(await lane(strict).textContent()).toMatch(/rolled the whole restore back/);
    expect(await lane(strict).textContent()).toContain('1 job');
    expect(await lane(strict).textContent()).not.toMatch(/Partial|100%/);
    // Nothing landed, so the database this run created was dropped again (a retry starts clean).
    expect(await lane(strict).textContent()).toMatch(/was dropped again/);
    expect(await sql('postgres', 'SELECT datname FROM pg_database WHERE datname = $1', [strict])).toEqual([]);
    await shots('10-replay-rolled-back');

    // #13: Settings: the tools folder chosen with the folder dialog, what it holds, jobs, theme.
    await tab(/Settings/).click();
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await visible(toolsDir);
    await expect.poll(() => page.getByLabel('Client tools found').textContent(), { timeout: 30_000 }).toContain('this folder');
    expect(await page.getByLabel('Client tools found').textContent()).toMatch(/archives up to 1\.\d+/);
    await shots('11-settings');
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => page.locator('[data-theme]').first().getAttribute('data-theme'), { timeout: 10_000 }).toBe('dark');
    await shots('12-settings-dark');
  }, 900_000);
});
