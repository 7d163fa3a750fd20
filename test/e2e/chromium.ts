/** Debian Chromium under playwright-core for the end-to-end tests: headless, no network side-channels, a throw-away profile. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where Debian puts Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Fails (never skips) when the browser is missing, saying what to install: a green run must mean
 * the UI tests ran.
 */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The UI tests drive Debian's Chromium at ${CHROMIUM}, which is not installed. Install it: apt-get install -y chromium (as root, or with sudo).`);
  }
}

/** A persistent context in a temp profile; `close()` removes the profile. */
export async function launchChromium(viewport = { width: 1440, height: 1000 }): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  requireChromium();
  const profile = await mkdtemp(join(tmpdir(), 'pgflex-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    // Fluent animates colours and bars; screenshots should show the settled state.
    reducedMotion: 'reduce',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // A screen that goes blank is a React error: say it in the test's output rather than leave a white screenshot.
  context.on('page', (page) => page.on('pageerror', (error) => console.error(`[renderer] ${error.stack ?? error.message}`)));
  for (const page of context.pages()) page.on('pageerror', (error) => console.error(`[renderer] ${error.stack ?? error.message}`));
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A screenshot of the whole screen: the app scrolls inside <main>, so `fullPage` alone would cut
 * it at the window; the viewport grows to the content for the shot and is put back after.
 */
export async function screenshot(page: Page, path: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1440, height: 1000 };
  await page.waitForTimeout(300);
  const height = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { scrollHeight: number } | null } }).document;
    return (doc.querySelector('main')?.scrollHeight ?? 0) + 48;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.min(8000, Math.max(viewport.height, height)) });
  await page.waitForTimeout(150);
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}
