/** Storage (accounts, containers) and Authorization (role assignments, permissions) on the test ARM server. */
import { armError, paged, type Req, type Res, type ServerContext } from './server';
import { ACCOUNT_ID, SUB } from './world';

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function account(ctx: ServerContext) {
  const s = ctx.world.storage;
  return { id: ACCOUNT_ID, name: 'devstoreaccount1', type: 'Microsoft.Storage/storageAccounts', location: 'westeurope', kind: 'StorageV2', tags: {},
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    properties: {
      provisioningState: 'Succeeded', creationTime: '2024-01-15T09:12:33.1234567Z', primaryLocation: 'westeurope', statusOfPrimary: 'available',
      // Path-style, as Azurite serves it: the account is found by this endpoint, not by its host name.
      primaryEndpoints: { blob: `${ctx.azurite.endpoint}/`, dfs: `${ctx.azurite.endpoint.replace(/:\d+/, ':10004')}/` },
      ...(s.allowCrossTenantReplication === undefined ? {} : { allowCrossTenantReplication: s.allowCrossTenantReplication }),
      ...(s.allowedCopyScope ? { allowedCopyScope: s.allowedCopyScope } : {}),
      publicNetworkAccess: s.publicNetworkAccess, minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, supportsHttpsTrafficOnly: true,
      networkAcls: { bypass: s.bypass, defaultAction: s.defaultAction, ipRules: [], ipv6Rules: [], virtualNetworkRules: [], resourceAccessRules: s.resourceAccessRules },
      encryption: { keySource: 'Microsoft.Storage', services: { blob: { enabled: true, keyType: 'Account' } } }, accessTier: 'Hot',
    } };
}

const others = [{ id: `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/contosologs`, name: 'contosologs', type: 'Microsoft.Storage/storageAccounts',
  location: 'westeurope', kind: 'StorageV2', sku: { name: 'Standard_LRS', tier: 'Standard' },
  properties: { primaryEndpoints: { blob: 'https://contosologs.blob.core.windows.net/' }, publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' } } }];

/**
 * BlobContainers_List as ARM answers it: `value` of ListContainerItem, pages of `$maxpagesize`
 * (capped by the World's `containerPage`, as a server may), `nextLink` carrying `$skipToken=/<account>/<next container>`.
 */
async function containerPage(req: Req, ctx: ServerContext): Promise<Res> {
  const names: Array<{ name: string; lastModified: Date }> = [];
  for await (const c of ctx.azurite.service().listContainers()) names.push({ name: c.name, lastModified: c.properties.lastModified });
  names.sort((a, b) => a.name.localeCompare(b.name));
  const asked = Number(req.query.get('$maxpagesize') ?? Infinity);
  const size = Math.min(Number.isFinite(asked) && asked > 0 ? asked : Infinity, ctx.world.containerPage);
  const skip = req.query.get('$skipToken')?.split('/').pop();
  const start = skip ? names.findIndex((c) => c.name >= skip) : 0;
  const page = start < 0 ? [] : names.slice(start, start + size);
  const body: Record<string, unknown> = { value: page.map((c) => ({ id: `${ACCOUNT_ID}/blobServices/default/containers/${c.name}`, name: c.name,
    type: 'Microsoft.Storage/storageAccounts/blobServices/containers', etag: `"0x8D${c.lastModified.getTime().toString(16).toUpperCase()}"`,
    properties: { publicAccess: 'None', leaseStatus: 'Unlocked', leaseState: 'Available', lastModifiedTime: c.lastModified.toISOString().replace('.000Z', 'Z'), hasImmutabilityPolicy: false, hasLegalHold: false } })) };
  const next = start < 0 ? undefined : names[start + size];
  if (next) {
    const url = new URL(req.base + req.path);
    for (const [k, v] of req.query) if (k !== '$skipToken') url.searchParams.set(k, v);
    url.searchParams.set('$skipToken', `/devstoreaccount1/${next.name}`);
    body.nextLink = url.toString();
  }
  return { status: 200, body };
}

/** Storage and Authorization routes; undefined when the path is not one of them. */
export async function storageRoute(req: Req, ctx: ServerContext): Promise<Res | undefined> {
  const w = ctx.world;
  const p = req.path;
  if (req.method === 'GET' && eq(p, `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`)) return paged(req, [...others, account(ctx)], 1);
  if (req.method === 'GET' && eq(p, ACCOUNT_ID)) return { status: 200, body: account(ctx) };
  if (req.method === 'POST' && eq(p, `${ACCOUNT_ID}/listKeys`)) {
    if (req.who.user !== 'owner') return armError(403, 'AuthorizationFailed', `The client does not have authorization to perform action 'Microsoft.Storage/storageAccounts/listKeys/action' over scope '${ACCOUNT_ID}'.`);
    return { status: 200, body: { keys: [{ creationTime: '2024-01-15T09:12:33.1234567Z', keyName: 'key1', value: ctx.azurite.key, permissions: 'FULL' },
      { creationTime: '2024-01-15T09:12:33.1234567Z', keyName: 'key2', value: Buffer.from('not-the-key').toString('base64'), permissions: 'FULL' }] } };
  }
  if (req.method === 'GET' && eq(p, `${ACCOUNT_ID}/blobServices/default/containers`)) return containerPage(req, ctx);
  if (req.method === 'GET' && eq(p, `${others[0].id}/blobServices/default/containers`)) return { status: 200, body: { value: [] } };
  const container = new RegExp(`^${ACCOUNT_ID.replace(/[.]/g, '\\.')}/blobServices/default/containers/([a-z0-9-]{3,63})$`, 'i').exec(p);
  if (req.method === 'PUT' && container) {
    const c = ctx.azurite.service().getContainerClient(container[1]);
    if (await c.exists()) return armError(409, 'ContainerAlreadyExists', 'The specified container already exists.');
    await c.create();
    return { status: 201, body: { id: p, name: container[1], type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
      properties: { publicAccess: 'None', leaseStatus: 'Unlocked', leaseState: 'Available', lastModifiedTime: new Date().toISOString(), hasImmutabilityPolicy: false, hasLegalHold: false } } };
  }
  const ra = /^(\/subscriptions\/.+?)\/providers\/Microsoft\.Authorization\/roleAssignments(?:\/([0-9a-f-]{36}))?$/i.exec(p);
  if (ra) {
    const scope = ra[1];
    if (req.method === 'GET' && !ra[2]) {
      if (req.who.user !== 'owner') {
        return armError(403, 'AuthorizationFailed', `The client 'reader@contoso.com' with object id '00000000-0000-4000-8000-000000000read' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
      }
      const principal = /assignedTo\('([^']+)'\)/.exec(req.query.get('$filter') ?? '')?.[1];
      const list = w.roleAssignments.filter((a) => scope.toLowerCase().startsWith(a.scope.toLowerCase()) && (!principal || a.principalId === principal));
      return paged(req, list.map((a) => ({ id: a.id, name: a.id.split('/').pop(), type: 'Microsoft.Authorization/roleAssignments',
        properties: { roleDefinitionId: a.roleDefinitionId, principalId: a.principalId, principalType: 'ServicePrincipal', scope: a.scope, condition: null, conditionVersion: null,
          createdOn: '2024-03-01T08:00:00.0000000Z', updatedOn: '2024-03-01T08:00:00.0000000Z', createdBy: null, updatedBy: null, delegatedManagedIdentityResourceId: null, description: null } })), 50);
    }
    if (req.method === 'PUT' && ra[2]) {
      if (req.who.user !== 'owner') return armError(403, 'AuthorizationFailed', `The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${scope}'.`);
      const props = ((req.body ?? {}) as { properties?: { roleDefinitionId?: string; principalId?: string } }).properties ?? {};
      if (!props.roleDefinitionId || !props.principalId) return armError(400, 'InvalidRoleAssignmentRequest', 'roleDefinitionId and principalId are required.');
      const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${ra[2]}`;
      w.roleAssignments.push({ id, scope, principalId: props.principalId, roleDefinitionId: props.roleDefinitionId });
      return { status: 201, body: { id, name: ra[2], type: 'Microsoft.Authorization/roleAssignments', properties: { ...props, scope, principalType: 'ServicePrincipal', createdOn: new Date().toISOString() } } };
    }
  }
  if (req.method === 'GET' && /\/providers\/Microsoft\.Authorization\/permissions$/i.test(p)) {
    const actions = req.who.user === 'owner' ? ['*'] : ['*/read'];
    return paged(req, [{ actions, notActions: [], dataActions: [], notDataActions: [] }], 10);
  }
  return undefined;
}
