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

describe('--databases', () => {
  it('refuses a name the set does not hold (a typo, another case) before anything runs — not "Done" with exit 0', async () => {
    // Nothing listens on port 1: the refusal comes before any connection.
    const r = await cli('replay', 'resources/sample', '--target', 'postgresql://u@127.0.0.1:1/postgres', '--databases', 'Shop,nosuch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('This restore set holds no database "Shop", "nosuch" (did you mean "shop"? names are case-sensitive). Nothing was changed.');
    expect(r.stderr).toMatch(/Name databases as the set holds them: .*"Café Analytics", "inventory", .*"shop"/);
  });
});
