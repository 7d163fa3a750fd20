/** `npm run demo`: the bundled sample set replayed into the embedded sandbox PostgreSQL, verified. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../../support/cli';

describe('demo', () => {
  it('replays the sample into the sandbox and every table has its rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgflex-demo-'));
    // As root the sandbox server runs as the postgres user, which must be able to enter the folder.
    chmodSync(dir, 0o711);
    try {
      const r = spawnSync(process.execPath, [BIN, 'demo', '--sandbox-dir', join(dir, 'sandbox')], { encoding: 'utf8', timeout: 180_000 });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('Every table has the rows the sample was made with.');
      expect(r.stdout).toMatch(/restored\s+Café Analytics/);
      expect(r.stdout).toMatch(/skipped\s+azure_sys/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
