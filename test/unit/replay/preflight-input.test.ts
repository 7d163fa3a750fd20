/** One pre-flight input for the Target screen and the plan. */
import { describe, expect, it } from 'vitest';
import type { Inspection } from '../../../electron/core/inspect';
import { preflightInput } from '../../../electron/core/replay/preflight-input';

const file = (database: string) => ({ file: `g_database_${database}.sql`, path: `/s/g_database_${database}.sql`, database });
const inspection = {
  set: { databases: [file('shop'), file('inventory'), file('azure_sys')] },
  archives: new Map([
    ['g_database_shop.sql', { archiveVersion: '1.14', extensions: ['hstore'], owners: ['app'] }],
    ['g_database_inventory.sql', { archiveVersion: '1.15', extensions: [], owners: ['inv'] }],
    ['g_database_azure_sys.sql', { archiveVersion: '1.14', extensions: [], owners: ['azuresu'] }],
  ]),
} as unknown as Inspection;

describe('preflightInput', () => {
  it('checks the non-system databases under their own names by default (the Target screen)', () => {
    const i = preflightInput(inspection);
    expect(i.databases.map((d) => [d.name, d.targetName])).toEqual([['shop', 'shop'], ['inventory', 'inventory']]);
    expect(i.databases[0]).toMatchObject({ extensions: ['hstore'], owners: ['app'] });
    expect(i.archiveVersions).toEqual(['1.14', '1.15', '1.14']);
  });
  it('checks what the plan restores, under the new names; system owners only when system databases are restored', () => {
    expect(preflightInput(inspection, { databases: ['shop', 'azure_sys'], includeSystem: false, rename: { shop: 'shop2' } }).databases.map((d) => d.targetName)).toEqual(['shop2']);
    expect(preflightInput(inspection, { databases: ['azure_sys'], includeSystem: true, rename: {} }).databases.map((d) => d.owners)).toEqual([['azuresu']]);
  });
  it('has nothing to check without a set', () => {
    expect(preflightInput(null)).toEqual({ databases: [], archiveVersions: [] });
  });
});
