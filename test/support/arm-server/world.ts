/**
 * What the test ARM server knows: one tenant, one subscription, a Backup vault with a PostgreSQL
 * Flexible backup instance (and a disk one that must be filtered out), recovery points, a storage
 * account whose blob endpoint is the Azurite endpoint, role assignments, and the users' tokens.
 * Tests change it (remove a role, close the network, add faults) before they run the CLI.
 */
import { randomUUID } from 'node:crypto';

export const SUB = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const RG = 'rg-backup';
export const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.DataProtection/backupVaults/vault-pg`;
export const INSTANCE_ID = `${VAULT_ID}/backupInstances/pgflex-shop-7f3c1a2b`;
export const DISK_INSTANCE_ID = `${VAULT_ID}/backupInstances/disk-data-01`;
export const VAULT_PRINCIPAL = 'a1b2c3d4-0000-4000-8000-00000000beef';
export const ACCOUNT_ID = `/subscriptions/${SUB}/resourceGroups/rg-storage/providers/Microsoft.Storage/storageAccounts/devstoreaccount1`;
export const CONTRIBUTOR_ROLE = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';

/**
 * Who a bearer token belongs to: an owner may do anything; a reader may read resources but not
 * role assignments. `tenant`: the tenant it was issued for (default: the subscription's, {@link TENANT}).
 */
export type Who = { user: 'owner' | 'reader'; expired?: boolean; tenant?: string };

/** A job in the vault. */
export interface JobState {
  id: string;
  guid: string;
  status: 'InProgress' | 'Completed' | 'Failed';
  start: Date;
  end?: Date;
  pollsLeft: number;
  containerUrl: string;
  recoveryPointTime: string;
  bytes?: number;
  error?: { code: string; message: string; recommendedAction: string[] };
}

/** A flexible server; `host` is where a real PostgreSQL listens for the test. */
export interface FlexibleServerState {
  name: string;
  resourceGroup: string;
  location: string;
  version: string;
  state: 'Ready' | 'Stopped' | 'Starting';
  host: string;
  adminLogin: string;
  entraAuth: boolean;
  tenantId: string;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  firewallRules: Array<{ name: string; startIpAddress: string; endIpAddress: string }>;
  /** Server parameters by name (only azure.extensions is served). */
  parameters: Record<string, string>;
}

const flexible = (name: string, resourceGroup: string, host: string, state: FlexibleServerState['state']): FlexibleServerState => ({
  name, resourceGroup, location: 'West Europe', version: '16', state, host, adminLogin: 'pgadmin', entraAuth: true, tenantId: TENANT,
  publicNetworkAccess: 'Enabled', firewallRules: [{ name: 'office', startIpAddress: '203.0.113.0', endIpAddress: '203.0.113.255' }],
  parameters: { 'azure.extensions': '' },
});

/** What azure.extensions may hold on the fake servers (Azure lists every extension it offers). */
export const OFFERED_EXTENSIONS = ['address_standardizer', 'amcheck', 'btree_gin', 'btree_gist', 'citext', 'cube', 'hstore', 'pg_trgm', 'pgcrypto', 'postgis', 'uuid-ossp', 'vector'];

/** Mutable state of the fake Azure. */
export class World {
  tokens = new Map<string, Who>();
  storage = {
    allowCrossTenantReplication: true as boolean | undefined,
    allowedCopyScope: undefined as string | undefined,
    publicNetworkAccess: 'Enabled',
    defaultAction: 'Deny' as 'Allow' | 'Deny',
    bypass: 'AzureServices',
    resourceAccessRules: [] as Array<{ tenantId: string; resourceId: string }>,
  };
  roleAssignments: Array<{ id: string; scope: string; principalId: string; roleDefinitionId: string }> = [
    { id: `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, scope: ACCOUNT_ID, principalId: VAULT_PRINCIPAL,
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR_ROLE}` },
  ];
  /** Recovery points, newest last; ids are 32-hex like real ones. */
  recoveryPoints = Array.from({ length: 7 }, (_, i) => ({
    id: `${(i + 1).toString(16).padStart(2, '0')}c8e1f4a9b3d24c6e8f0a1b2c3d4e5f60`.slice(0, 32),
    time: `2024-04-${String(4 + i).padStart(2, '0')}T10:30:46.2303875Z`,
  }));
  jobs = new Map<string, JobState>();
  /** Containers per page of BlobContainers_List (small, so every listing follows nextLink). */
  containerPage = 2;
  /** The subscription's flexible servers (listed one per page); tests point `host` at a real PostgreSQL. */
  flexibleServers: FlexibleServerState[] = [
    flexible('pgflex-shop', 'rg-db', 'pgflex-shop.postgres.database.azure.com', 'Ready'),
    flexible('pgflex-restored', 'rg-restore', '127.0.0.1', 'Ready'),
    flexible('pgflex-old', 'rg-data', 'pgflex-old.postgres.database.azure.com', 'Stopped'),
  ];
  operations = new Map<string, { polls: number; result: 'Succeeded' | 'Failed'; jobId?: string; error?: { code: string; message: string } }>();
  /** Parameter changes in flight: polled "InProgress" `pollsLeft` times, then applied. */
  parameterOperations = new Map<string, { server: FlexibleServerState; name: string; value: string; pollsLeft: number; start: Date }>();
  /**
   * Called when a parameter change is applied (the test plays the server: e.g. puts azure.extensions
   * where its real PostgreSQL shows it).
   */
  onParameterSet?: (server: FlexibleServerState, name: string, value: string) => Promise<void>;
  /** Faults: the next N job reads answer 429 / 503. */
  faults = { throttleJobReads: 0, unavailableJobReads: 0 };
  /** How many "InProgress" polls a new job shows before it runs the copy. */
  jobPolls = 2;
  /** Seconds in Retry-After (0 keeps tests quick; the header is still sent). */
  retryAfter = 0;
  /** Every request, for assertions ("went to the ARM endpoint", "retried"). */
  log: Array<{ method: string; path: string; status: number }> = [];
  /** Other token issuers the server trusts (e.g. a FakeEntra): answer who holds a token, or undefined. */
  issuers: Array<(token: string) => Who | undefined> = [];
  /** Who holds a bearer token, if anyone. */
  whoHolds(token: string): Who | undefined {
    return this.tokens.get(token) ?? this.issuers.map((f) => f(token)).find(Boolean);
  }
  /** A token for `who`. */
  issue(who: Who): string {
    const t = `arm-test-${randomUUID()}`;
    this.tokens.set(t, who);
    return t;
  }
}
