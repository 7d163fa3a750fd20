import { describe, expect, it } from 'vitest';
import { buildRequest, conflicts, defaultChoices, freeName } from '../../../renderer/src/stores/plan-store';
import { dbPlan, plan, setView, targetView } from './fixtures';

describe('plan choices', () => {
  const view = setView([['shop', false], ['azure_sys', true], ['postgres', true], ['inventory', false]], { roles: { file: 'x_roles.sql', path: '/set/x_roles.sql', size: 10, kind: 'roles' } });

  it('ticks user databases only, renames those that clash, and turns roles on when the set has them', () => {
    const c = defaultChoices(view, targetView(['postgres', 'shop', 'shop_restored']), 4);
    expect(c.selected).toEqual({ shop: true, azure_sys: false, postgres: false, inventory: true });
    expect(c.targetNames.shop).toBe('shop_restored_2');
    expect(c.targetNames.inventory).toBe('inventory');
    expect(c.targetNames.postgres).toBe('postgres');
    expect(c).toMatchObject({ jobs: 4, roles: true, schemaFile: false, tablespacesFile: false, existing: 'fail', owner: 'auto' });
  });

  it('leaves what an earlier replay of a downloaded folder restored on the same server unticked (and the roles off), not on another server, nor for an offline folder', () => {
    const earlier = [{ runId: 'r1', startedAt: 't', running: false, target: { host: '127.0.0.1', port: 5432, user: 'admin' }, roles: 'restored' as const,
      databases: [{ name: 'shop', targetName: 'shop', status: 'restored' as const }, { name: 'inventory', targetName: 'inventory', status: 'failed' as const }] }];
    const downloaded = { ...view, downloaded: true };
    const c = defaultChoices(downloaded, targetView(['shop']), 2, earlier);
    expect(c.selected).toMatchObject({ shop: false, inventory: true });
    expect(c.roles).toBe(false);
    // An offline folder replayed again: today's defaults, every database under a free name.
    const offline = defaultChoices(view, targetView(['shop']), 2, earlier);
    expect(offline.selected).toMatchObject({ shop: true, inventory: true });
    expect(offline.targetNames.shop).toBe('shop_restored');
    const elsewhere = defaultChoices(downloaded, { ...targetView([]), host: 'other' }, 2, earlier);
    expect(elsewhere.selected).toMatchObject({ shop: true, inventory: true });
    expect(elsewhere.roles).toBe(true);
    // One dump replayed while the others download: that database alone, roles first.
    const focused = defaultChoices(view, targetView([]), 2, [], ['inventory']);
    expect(focused.selected).toEqual({ shop: false, azure_sys: false, postgres: false, inventory: true });
    expect(focused.roles).toBe(true);
  });

  it('freeName finds the first free name', () => {
    expect(freeName('a', new Set())).toBe('a');
    expect(freeName('a', new Set(['a']))).toBe('a_restored');
    expect(freeName('a', new Set(['a', 'a_restored', 'a_restored_2']))).toBe('a_restored_3');
  });

  it('builds the request from ticked databases and real renames only, asking for system ones explicitly', () => {
    const c = defaultChoices(view, targetView([]), 2);
    c.selected.azure_sys = true;
    c.targetNames.inventory = '  inventory ';
    c.targetNames.shop = 'shop_copy';
    const r = buildRequest('/set', 't1', view, c);
    expect(r).toMatchObject({ folder: '/set', targetId: 't1' });
    expect(r.options.databases).toEqual(['shop', 'azure_sys', 'inventory']);
    expect(r.options.rename).toEqual({ shop: 'shop_copy' });
    expect(r.options.includeSystem).toBe(true);
  });

  it('reports names that would make the replay refuse to start', () => {
    const p = plan([dbPlan('shop', { exists: true, targetName: 'shop' }), dbPlan('inv', { exists: true, action: 'skip' }), dbPlan('x')]);
    expect(conflicts(p, 'fail')).toEqual(['shop']);
    expect(conflicts(p, 'replace')).toEqual([]);
    expect(conflicts(null, 'fail')).toEqual([]);
  });
});
