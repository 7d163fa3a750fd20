import { describe, expect, it } from 'vitest';
import { classifyFileName, type Classification } from '../../../electron/core/restore-set/classify';

const G = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

// [file name, expected kind, database, prefix]
const TABLE: Array<[string, Classification['kind'], string | undefined, string | undefined]> = [
  // Azure's observed names
  ['backupstarttimestamp', 'marker', undefined, undefined],
  [`${G}_database_tempdata2.sql`, 'database', 'tempdata2', G],
  [`${G}_database_postgres.sql`, 'database', 'postgres', G],
  [`${G}_database_azure_maintenance.sql`, 'database', 'azure_maintenance', G],
  [`${G}_roles.sql`, 'roles', undefined, G],
  [`${G}_schema.sql`, 'schema', undefined, G],
  [`${G}_tablespaces.sql`, 'tablespaces', undefined, G],
  // GUIDs in upper case, and a user prefix in front of the GUID
  [`${G.toUpperCase()}_database_Sales.sql`, 'database', 'Sales', G.toUpperCase()],
  [`nightly_${G}_roles.sql`, 'roles', undefined, `nightly_${G}`],
  // The seed's spellings
  ['mybackup_roles', 'roles', undefined, 'mybackup'],
  ['mybackup_schemas', 'schema', undefined, 'mybackup'],
  ['mybackup_tablespaces', 'tablespaces', undefined, 'mybackup'],
  ['mybackup_schemas.sql', 'schema', undefined, 'mybackup'],
  ['mybackup_database_tempdata2.sql', 'database', 'tempdata2', 'mybackup'],
  ['_roles.sql', 'roles', undefined, undefined],
  // Marker variants
  ['backupstarttimestamp.txt', 'marker', undefined, undefined],
  ['BackupStartTimestamp.json', 'marker', undefined, undefined],
  [`${G}_backupstarttimestamp`, 'marker', undefined, G],
  ['prefix-backupstarttimestamp', 'marker', undefined, 'prefix'],
  // Database names with spaces, quotes, non-ASCII, dots and globals-like words
  [`${G}_database_my db.sql`, 'database', 'my db', G],
  [`${G}_database_it's "quoted".sql`, 'database', `it's "quoted"`, G],
  [`${G}_database_café_müller.sql`, 'database', 'café_müller', G],
  [`${G}_database_日本語.sql`, 'database', '日本語', G],
  [`${G}_database_report.sql.sql`, 'database', 'report.sql', G],
  [`${G}_database_x_roles.sql`, 'database', 'x_roles', G],
  [`${G}_database_backupstarttimestamp.sql`, 'database', 'backupstarttimestamp', G],
  [`${G}_database_roles.sql`, 'database', 'roles', G],
  // Ambiguity: the GUID anchors the split, so `_database_` may appear on either side of it
  [`${G}_database_old_database_copy.sql`, 'database', 'old_database_copy', G],
  [`crm_database_backup_${G}_database_orders.sql`, 'database', 'orders', `crm_database_backup_${G}`],
  // Without a GUID: the first `_database_` splits (database names are kept whole)
  ['nightly_database_old_database_copy.sql', 'database', 'old_database_copy', 'nightly'],
  // Unknown: never guessed at
  ['notes.txt', 'unknown', undefined, undefined],
  ['roles.sql', 'unknown', undefined, undefined],
  [`${G}_database_.sql`, 'unknown', undefined, undefined],
  [`${G}_database_sales`, 'unknown', undefined, undefined],
  [`${G}_database_sales.dump`, 'unknown', undefined, undefined],
  [`${G}_roles.sql.bak`, 'unknown', undefined, undefined],
  ['database_sales.sql', 'unknown', undefined, undefined],
  ['backup.tar.gz', 'unknown', undefined, undefined],
];

describe('classifyFileName', () => {
  it.each(TABLE)('%s → %s', (name, kind, database, prefix) => {
    const c = classifyFileName(name);
    expect(c.kind).toBe(kind);
    expect(c.database).toBe(database);
    expect(c.prefix).toBe(prefix);
  });

  it('notes an ambiguous name without a GUID', () => {
    const c = classifyFileName('nightly_database_old_database_copy.sql');
    expect(c.note).toMatch(/Ambiguous/);
    expect(classifyFileName('nightly_database_sales.sql').note).toBeUndefined();
    expect(classifyFileName(`${G}_database_old_database_copy.sql`).note).toBeUndefined();
  });

  it('normalises NFD names (macOS) to NFC', () => {
    const nfd = `${G}_database_café.sql`.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const c = classifyFileName(nfd);
    expect(c.database).toBe('café'.normalize('NFC'));
    expect(c.database).toHaveLength(4);
  });

  it('decodes percent-encoded names and says so', () => {
    const c = classifyFileName(`${G}_database_my%20db%C3%A9.sql`);
    expect(c).toMatchObject({ kind: 'database', database: 'my dbé', prefix: G });
    expect(c.note).toMatch(/percent-decoded/);
  });

  it('keeps a literal % when the name is not valid percent-encoding', () => {
    const c = classifyFileName(`${G}_database_50%25%_off.sql`);
    expect(c).toMatchObject({ kind: 'database', database: '50%25%_off' });
    expect(c.note).toBeUndefined();
  });

  it('flags unfinished downloads as unknown with what they would have been', () => {
    const c = classifyFileName(`${G}_database_sales.sql.crdownload`);
    expect(c.kind).toBe('unknown');
    expect(c.note).toMatch(/unfinished download of the dump of database "sales"/);
    expect(classifyFileName(`${G}_roles.sql.part`).note).toMatch(/roles file/);
    expect(classifyFileName('whatever.tmp').note).toMatch(/a file/);
  });
});
