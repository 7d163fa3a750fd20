import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SampleExpectations } from '../../../scripts/make-sample';
import { listToc, tocTables } from './toc';

const dir = resolve('resources/sample');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as SampleExpectations;

describe('committed sample restore set', () => {
  it('is laid out like Azure Backup output and stays small', () => {
    const files = readdirSync(dir);
    const p = expected.prefix;
    expect(files).toEqual(expect.arrayContaining([
      'backupstarttimestamp', `${p}_roles.sql`, `${p}_schema.sql`, `${p}_tablespaces.sql`,
      `${p}_database_shop.sql`, `${p}_database_Café Analytics.sql`, `${p}_database_inventory.sql`,
      `${p}_database_azure_maintenance.sql`, `${p}_database_azure_sys.sql`, `${p}_database_postgres.sql`,
    ]));
    expect(readFileSync(join(dir, 'backupstarttimestamp'), 'utf8')).toBe(expected.marker);
    const total = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('has a roles file with Azure roles and memberships granted by azuresu', () => {
    const roles = readFileSync(join(dir, `${expected.prefix}_roles.sql`), 'utf8');
    expect(roles).toContain('ALTER ROLE azuresu WITH SUPERUSER');
    expect(roles).toMatch(/^GRANT azure_pg_admin TO pgadmin GRANTED BY azuresu;$/m);
    for (const role of expected.roles) expect(roles).toContain(`CREATE ROLE ${/^[a-z_]+$/.test(role) ? role : `"${role}"`};`);
    const schema = readFileSync(join(dir, `${expected.prefix}_schema.sql`), 'utf8');
    expect(schema).toContain('CREATE DATABASE "Café Analytics"');
  });

  it('has database dumps that pg_restore can list, each holding every table of expected.json', () => {
    const names = Object.keys(expected.databases);
    expect(names).toEqual(expect.arrayContaining(['shop', 'Café Analytics', 'inventory', 'azure_maintenance', 'azure_sys', 'postgres']));
    for (const [name, db] of Object.entries(expected.databases)) {
      const file = join(dir, db.file);
      expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');
      const toc = listToc(file);
      expect(toc).toContain(`;     dbname: ${name}\n`);
      const { tables, data } = tocTables(toc);
      for (const [table, rows] of Object.entries(db.tables)) {
        expect(tables, `${name}: ${table}`).toContain(table);
        if (rows > 0) expect(data, `${name}: data of ${table}`).toContain(table);
      }
      if (db.userDatabase) expect(Object.values(db.tables).reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    }
    // The extensions and the awkward schema made it into the dump.
    const cafe = listToc(join(dir, expected.databases['Café Analytics'].file));
    expect(cafe).toMatch(/ EXTENSION - citext /);
    expect(cafe).toMatch(/ EXTENSION - pg_trgm /);
    expect(cafe).toMatch(/ SCHEMA - reporting /);
  });
});
