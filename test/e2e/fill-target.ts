/** Fills the Target screen's connection form with the test cluster (as its superuser, or `as` another user) and runs "Check target". */
import type { Page } from 'playwright-core';
import { pgInfo } from '../support/pg';

export async function checkTestCluster(page: Page, as: { user?: string; password?: string } = {}): Promise<void> {
  const { host, port } = pgInfo();
  const { user, password } = { ...pgInfo(), ...as };
  await page.getByLabel('Host').fill(host);
  await page.getByLabel('Port').fill(String(port));
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('SSL mode').selectOption('disable');
  await page.getByRole('button', { name: 'Check target' }).click();
}
