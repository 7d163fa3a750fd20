/**
 * "Local sandbox" as the target through the services: started on first check, reused, its
 * password kept in main, and stopped when the services are disposed (the app quits).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { createServices } from '../../../electron/services/services';

const root = mkdtempSync(join(tmpdir(), 'pgflex-services-sbx-'));
chmodSync(root, 0o711); // as root the sandbox server runs as "postgres", which must pass through
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sandbox target', () => {
  it('starts once, hides its password, and stops on dispose', async () => {
    const sandboxDir = join(root, 'sandbox');
    const services = createServices({
      userDataDir: join(root, 'user-data'), sampleSetPath: '/nowhere', sandboxDir, secrets: memorySecretStore(),
      pickFolder: async () => null, confirmFolder: async () => false, chooseExportPath: async () => null, openExternal: async () => undefined,
    });
    try {
      const first = await services.api.checkTarget(null, { kind: 'sandbox' });
      expect(first).toMatchObject({ kind: 'sandbox', host: '127.0.0.1', dataDir: sandboxDir });
      expect(first.checks.find((c) => c.id === 'reachable')?.status).toBe('ok');
      const second = await services.api.checkTarget(null, { kind: 'sandbox' });
      expect(second.port).toBe(first.port);
      expect(second.targetId).not.toBe(first.targetId);
      const password = readFileSync(join(sandboxDir, 'password'), 'utf8').trim();
      expect(password.length).toBeGreaterThan(8);
      expect(JSON.stringify([first, second])).not.toContain(password);
      expect(existsSync(join(sandboxDir, 'data', 'postmaster.pid'))).toBe(true);
    } finally {
      await services.dispose();
    }
    expect(existsSync(join(sandboxDir, 'data', 'postmaster.pid'))).toBe(false);
  });
});
