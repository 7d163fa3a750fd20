import { describe, expect, it } from 'vitest';
import { buildChecks, type TargetFacts } from '../../../electron/core/target/preflight-checks';
import type { PreflightInput } from '../../../electron/core/target/types';

const facts = (over: Partial<TargetFacts> = {}): TargetFacts => ({
  target: 'admin@srv:5432/postgres',
  local: false,
  encrypted: true,
  serverVersion: '16.4',
  serverMajor: 16,
  currentUser: 'admin',
  isSuperuser: false,
  canCreateDb: true,
  canCreateRole: true,
  isAzureAdmin: true,
  azureExtensions: ['hstore', 'pg_trgm'],
  existingDatabases: ['postgres', 'azure_sys', 'azure_maintenance', 'template0', 'template1'],
  sessions: {},
  superuserRoles: ['azuresu'],
  availableExtensions: new Map([['hstore', true], ['pg_trgm', true], ['postgis', false], ['plpgsql', true]]),
  ownerAccess: new Map(),
  connectionSlots: { max: 50, used: 6, reserved: 3, roleLimit: null, roleUsed: 1, free: 41 },
  ...over,
});

const input = (over: Partial<PreflightInput['databases'][number]> = {}, versions = ['1.15']): PreflightInput => ({
  databases: [{ name: 'shop', targetName: 'shop', extensions: ['plpgsql', 'hstore'], owners: ['admin'], ...over }],
  archiveVersions: versions,
});

const check = (f: TargetFacts, i: PreflightInput, id: string) => buildChecks(f, i).checks.find((c) => c.id === id)!;

describe('buildChecks', () => {
  it('passes an Azure admin with everything in place', () => {
    const r = buildChecks(facts(), input());
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['reachable', 'ok'],
      ['server-version', 'ok'],
      ['privileges', 'ok'],
      ['name-conflicts', 'ok'],
      ['extensions', 'ok'],
      ['ownership', 'ok'],
      ['connection-slots', 'ok'],
    ]);
    expect(r.checks[2].detail).toMatch(/Azure Flexible Server admin/);
    expect(r.checks[4].detail).toBe('All 1 extensions are available and allow-listed in azure.extensions.');
    expect(r.needsNoOwner).toBe(false);
  });

  it('fails too few connection slots for the job budget, and says which budget fits', () => {
    const slots = { max: 20, used: 9, reserved: 3, roleLimit: null, roleUsed: 1, free: 8 };
    const two = { ...input(), databases: [...input().databases, { ...input().databases[0], name: 'crm', targetName: 'crm' }] };
    const c = check(facts({ connectionSlots: slots }), { ...two, jobs: 8 }, 'connection-slots');
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/Only 8 connection slot\(s\) are free .*max_connections 20, 9 in use, 3 reserved for superusers.*--jobs 8 needs up to 14/);
    // 2 workers: 2 + 2 leaders + 1 pre-data pass beside them + a guard per database + psql = 8 ≤ 8; 3 would need 9.
    expect(c.fix).toMatch(/--jobs 2 /);
    expect(check(facts({ connectionSlots: slots }), { ...two, jobs: 2 }, 'connection-slots').status).toBe('ok');
    expect(check(facts({ connectionSlots: slots }), { ...two, jobs: 3 }, 'connection-slots').status).toBe('fail');
    const none = check(facts({ connectionSlots: { ...slots, free: 1 } }), { ...two, jobs: 1 }, 'connection-slots');
    expect(none).toMatchObject({ status: 'fail' });
    expect(none.fix).toMatch(/raise max_connections/);
  });

  it('fails an extension missing from azure.extensions and says where to add it', () => {
    const c = check(facts(), input({ extensions: ['pg_trgm', 'postgis'] }), 'extensions');
    expect(c.status).toBe('fail');
    expect(c.detail).toBe('Extensions not allow-listed in azure.extensions: postgis ("shop").');
    expect(c.fix).toMatch(/Server parameters → azure.extensions, add postgis/);
    // The exact value to set: what is there now plus what is missing.
    expect(c.fix).toContain(`(the value becomes "${facts().azureExtensions!.join(",")},postgis")`);
    expect(c.fix).toContain(`--name azure.extensions --value ${facts().azureExtensions!.join(",")},postgis`);
  });

  it('fails an extension the server does not have', () => {
    const c = check(facts({ azureExtensions: null }), input({ extensions: ['nope_ext'] }), 'extensions');
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/not installed on the server: nope_ext/);
  });

  it('warns about untrusted extensions for a non-superuser off Azure', () => {
    const c = check(facts({ azureExtensions: null, isAzureAdmin: false }), input({ extensions: ['postgis'] }), 'extensions');
    expect(c.status).toBe('warn');
  });

  it('fails names already taken or chosen twice', () => {
    const i: PreflightInput = {
      databases: [
        { name: 'a', targetName: 'postgres', extensions: [], owners: [] },
        { name: 'b', targetName: 'x', extensions: [], owners: [] },
        { name: 'c', targetName: 'x', extensions: [], owners: [] },
      ],
      archiveVersions: [],
    };
    const c = check(facts(), i, 'name-conflicts');
    expect(c.status).toBe('fail');
    expect(c.detail).toBe('Target database names already on the target: "postgres"; chosen for more than one dump: "x".');
  });

  it('asks for --no-owner when owners cannot be taken on', () => {
    const f = facts({ ownerAccess: new Map([['app', false], ['ghost', null], ['mine', true]]) });
    const r = buildChecks(f, input({ owners: ['admin', 'app', 'ghost', 'mine'] }));
    const c = r.checks.find((x) => x.id === 'ownership')!;
    expect(r.needsNoOwner).toBe(true);
    expect(c.status).toBe('warn');
    expect(c.detail).toBe('"admin" is not a member of "app"; "ghost" does not exist on the target yet, so their objects cannot be given to them.');
    expect(c.fix).toMatch(/--no-owner/);
    expect(buildChecks(facts({ isSuperuser: true }), input({ owners: ['app'] })).needsNoOwner).toBe(false);
  });

  it('fails without CREATEDB when databases must be created, warns without CREATEROLE', () => {
    expect(check(facts({ canCreateDb: false }), input(), 'privileges').status).toBe('fail');
    expect(check(facts({ canCreateDb: false }), input({ targetName: 'postgres' }), 'privileges').status).toBe('ok');
    expect(check(facts({ canCreateRole: false }), input(), 'privileges').detail).toMatch(/roles file cannot be replayed/);
  });

  it('warns when dumps come from a newer pg_dump than the server', () => {
    const c = check(facts({ serverVersion: '15.8', serverMajor: 15 }), input({}, ['1.14', '1.16']), 'server-version');
    expect(c.status).toBe('warn');
    expect(c.detail).toMatch(/archive 1.16 \(pg_dump 17 or later\)/);
    expect(check(facts({ serverMajor: 17 }), input({}, ['1.16']), 'server-version').status).toBe('ok');
  });

  it('warns about an unencrypted connection to another machine only', () => {
    expect(check(facts({ encrypted: false }), input(), 'reachable').status).toBe('warn');
    expect(check(facts({ encrypted: false, local: true }), input(), 'reachable').status).toBe('ok');
  });
});
