/**
 * Microsoft.DBforPostgreSQL/flexibleServers on the test ARM server: the subscription's servers
 * (paged one per page, so `nextLink` is always followed), one server, its firewall rules and its
 * azure.extensions parameter (read, and set as a long-running PUT), in
 * the 2025-08-01 wire shape (properties.fullyQualifiedDomainName, authConfig, network). A server's
 * host and port are a real PostgreSQL the test names; its firewall rules are the World's.
 */
import { armError, paged, type Req, type Res, type ServerContext } from './server';
import { randomUUID } from 'node:crypto';
import { OFFERED_EXTENSIONS, SUB, type FlexibleServerState } from './world';

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

function configuration(s: FlexibleServerState, name: string) {
  return { properties: { value: s.parameters[name], description: 'Specifies which extensions are allowed to be created in the server.', defaultValue: '', dataType: 'Set',
    allowedValues: OFFERED_EXTENSIONS.join(','), source: s.parameters[name] ? 'user-override' : 'system-default', isDynamicConfig: true, isReadOnly: false, isConfigPendingRestart: false,
    documentationLink: 'https://go.microsoft.com/fwlink/?linkid=2274269' },
  id: `${idOf(s)}/configurations/${name}`, name, type: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations' };
}

const LOCATION = 'westeurope';

/**
 * Configurations_Put as Azure answers it: 202 with Azure-AsyncOperation and Location; the
 * operation polls "InProgress", then "Succeeded" once the value is applied; the SDK then reads
 * the configuration back. A reader is refused; a value Azure does not offer is a 400.
 */
function putConfiguration(req: Req, ctx: ServerContext, s: FlexibleServerState, name: string): Res {
  if (req.who.user !== 'owner') {
    return armError(403, 'AuthorizationFailed', `The client 'reader@contoso.com' with object id '00000000-0000-4000-8000-000000000read' does not have authorization to perform action 'Microsoft.DBforPostgreSQL/flexibleServers/configurations/write' over scope '${idOf(s)}/configurations/${name}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
  }
  const props = ((req.body ?? {}) as { properties?: { value?: unknown; source?: unknown } }).properties ?? {};
  if (typeof props.value !== 'string') return armError(400, 'InvalidRequestContent', 'The request content was invalid: properties.value is required.');
  const bad = props.value.split(',').map((v) => v.trim()).filter((v) => v && !OFFERED_EXTENSIONS.includes(v.toLowerCase()));
  if (bad.length) return armError(400, 'InvalidParameterValue', `Invalid value given for parameter '${name}'. Specify a valid parameter value.`);
  const id = randomUUID();
  ctx.world.parameterOperations.set(id, { server: s, name, value: props.value, pollsLeft: 1, start: new Date() });
  const base = `${req.base}/subscriptions/${SUB}/providers/Microsoft.DBforPostgreSQL/locations/${LOCATION}`;
  const v = req.query.get('api-version');
  return { status: 202, headers: { 'azure-asyncoperation': `${base}/azureAsyncOperation/${id}?api-version=${v}`, location: `${base}/operationResults/${id}?api-version=${v}`, 'retry-after': String(ctx.world.retryAfter) } };
}

async function parameterOperation(ctx: ServerContext, kind: string, id: string): Promise<Res> {
  const op = ctx.world.parameterOperations.get(id);
  if (!op) return armError(404, 'ResourceNotFound', `The operation '${id}' was not found.`);
  if (op.pollsLeft-- > 0) return { status: 200, body: { name: id, status: 'InProgress', startTime: op.start.toISOString() } };
  if (op.server.parameters[op.name] !== op.value) {
    op.server.parameters[op.name] = op.value;
    await ctx.world.onParameterSet?.(op.server, op.name, op.value);
  }
  if (/operationResults/i.test(kind)) return { status: 200, body: configuration(op.server, op.name) };
  return { status: 200, body: { name: id, status: 'Succeeded', startTime: op.start.toISOString() } };
}

/** The flexible server routes; undefined when the path is not one of them. */
export async function postgresRoute(req: Req, ctx: ServerContext): Promise<Res | undefined> {
  const servers = ctx.world.flexibleServers;
  const p = req.path;
  const op = new RegExp(`^/subscriptions/${SUB}/providers/Microsoft\\.DBforPostgreSQL/locations/${LOCATION}/(azureAsyncOperation|operationResults)/([0-9a-f-]{36})$`, 'i').exec(p);
  if (op && req.method === 'GET') return parameterOperation(ctx, op[1], op[2]);
  if (req.method !== 'GET' && req.method !== 'PUT') return undefined;
  if (req.method === 'GET' && eq(p, `/subscriptions/${SUB}/providers/Microsoft.DBforPostgreSQL/flexibleServers`)) return paged(req, servers.map(server), 1);
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers\/([^/]+)(\/firewallRules|\/configurations\/([^/]+))?$/i.exec(p);
  if (!m) return undefined;
  const s = servers.find((x) => eq(x.resourceGroup, m[2]) && eq(x.name, m[3]) && eq(m[1], SUB));
  if (!s) {
    return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/${m[3]}' under resource group '${m[2]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  if (m[5]) {
    if (!(m[5] in s.parameters)) return armError(404, 'ResourceNotFound', `The requested resource of type 'Microsoft.DBforPostgreSQL/flexibleServers/configurations' with name '${m[5]}' was not found.`);
    return req.method === 'PUT' ? putConfiguration(req, ctx, s, m[5]) : { status: 200, body: configuration(s, m[5]) };
  }
  if (req.method !== 'GET') return undefined;
  if (!m[4]) return { status: 200, body: server(s) };
  return paged(req, s.firewallRules.map((r) => ({ properties: { startIpAddress: r.startIpAddress, endIpAddress: r.endIpAddress },
    id: `${idOf(s)}/firewallRules/${r.name}`, name: r.name, type: 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules' })), 1);
}
