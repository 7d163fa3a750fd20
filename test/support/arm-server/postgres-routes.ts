/**
 * Microsoft.DBforPostgreSQL/flexibleServers on the test ARM server: the subscription's servers
 * (paged one per page, so `nextLink` is always followed), one server, and its firewall rules, in
 * the 2025-08-01 wire shape (properties.fullyQualifiedDomainName, authConfig, network). A server's
 * host and port are a real PostgreSQL the test names; its firewall rules are the World's.
 */
import { armError, paged, type Req, type Res, type ServerContext } from './server';
import { SUB, type FlexibleServerState } from './world';

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const idOf = (s: FlexibleServerState) => `/subscriptions/${SUB}/resourceGroups/${s.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${s.name}`;

function server(s: FlexibleServerState) {
  return {
    sku: { name: 'Standard_D2ds_v5', tier: 'GeneralPurpose' },
    systemData: { createdAt: '2024-02-01T09:00:00.1234567Z' },
    properties: {
      replica: { role: 'Primary', capacity: 5 },
      storage: { iops: 500, tier: 'P10', storageSizeGB: 128, autoGrow: 'Disabled', type: '' },
      network: { publicNetworkAccess: s.publicNetworkAccess },
      dataEncryption: { type: 'SystemManaged' },
      authConfig: { activeDirectoryAuth: s.entraAuth ? 'Enabled' : 'Disabled', passwordAuth: 'Enabled', ...(s.entraAuth ? { tenantId: s.tenantId } : {}) },
      fullyQualifiedDomainName: s.host,
      version: s.version,
      minorVersion: '4',
      administratorLogin: s.adminLogin,
      state: s.state,
      availabilityZone: '1',
      backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled', earliestRestoreDate: '2024-04-01T10:30:46.2303875+00:00' },
      highAvailability: { mode: 'Disabled', state: 'NotEnabled' },
      maintenanceWindow: { customWindow: 'Disabled', dayOfWeek: 0, startHour: 0, startMinute: 0 },
      replicationRole: 'Primary',
      replicaCapacity: 5,
    },
    location: s.location,
    tags: {},
    id: idOf(s),
    name: s.name,
    type: 'Microsoft.DBforPostgreSQL/flexibleServers',
  };
}

/** The flexible server routes; undefined when the path is not one of them. */
export function postgresRoute(req: Req, ctx: ServerContext): Res | undefined {
  const servers = ctx.world.flexibleServers;
  const p = req.path;
  if (req.method !== 'GET') return undefined;
  if (eq(p, `/subscriptions/${SUB}/providers/Microsoft.DBforPostgreSQL/flexibleServers`)) return paged(req, servers.map(server), 1);
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers\/([^/]+)(\/firewallRules)?$/i.exec(p);
  if (!m) return undefined;
  const s = servers.find((x) => eq(x.resourceGroup, m[2]) && eq(x.name, m[3]) && eq(m[1], SUB));
  if (!s) {
    return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/${m[3]}' under resource group '${m[2]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  if (!m[4]) return { status: 200, body: server(s) };
  return paged(req, s.firewallRules.map((r) => ({ properties: { startIpAddress: r.startIpAddress, endIpAddress: r.endIpAddress },
    id: `${idOf(s)}/firewallRules/${r.name}`, name: r.name, type: 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules' })), 1);
}
