import { describe, expect, it } from 'vitest';
import { cli } from '../../support/cli';

describe('--rename', () => {
  it('refuses a target name the server would cut short, before anything else', async () => {
    const r = await cli('replay', '/nowhere', '--rename', `shop=${'s'.repeat(64)}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rename shop=s{64}: "s{64}" is 64 bytes long, and PostgreSQL keeps only the first 63 bytes of a database name/);
    expect(r.stderr).toMatch(/at most 63 bytes/);
  });
});
