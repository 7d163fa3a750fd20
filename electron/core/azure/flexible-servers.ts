/**
 * The subscription's Azure Database for PostgreSQL flexible servers and their firewall rules, read
 * through @azure/arm-postgresql-flexible on the one ARM pipeline (its pager follows `nextLink`).
 * Only what a target needs: where to connect, who the admin is, which sign-ins it takes, and
 * whether its network lets this machine in.
 */
import { parseArmId, resourceName } from './arm-id';
import type { ArmContext } from './arm-pipeline';
import { flexibleServerClient, toArmError } from './arm-sdk';
import { UserError } from '../errors';

/** One flexible server, as the Target screen shows it. */
export interface FlexibleServer {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  /** Major version, e.g. '16'. */
  version: string;
  /** 'Ready', 'Stopped', 'Starting', … as ARM reports it. */
  state: string;
  /** Host name to connect to. */
  host: string;
  adminLogin: string | null;
  /** Microsoft Entra sign-in enabled on the server. */
  entraAuth: boolean;
  passwordAuth: boolean;
  /** 'Enabled' (firewall rules apply) or 'Disabled' (private access in a virtual network only). */
  publicNetworkAccess: 'Enabled' | 'Disabled';
}

/** One firewall rule: an inclusive IPv4 range. */
export interface FirewallRule {
  name: string;
  startIpAddress: string;
  endIpAddress: string;
}

const PROVIDER = 'microsoft.dbforpostgresql';

/** Checks an id names a flexible server and returns its parts. */
export function flexibleServerIdOf(id: string): { id: string; subscriptionId: string; resourceGroup: string; name: string } {
  const p = parseArmId(id, 'flexible server id');
  const name = resourceName(p, 'flexibleServers');
  if (!p.resourceGroup || p.provider?.toLowerCase() !== PROVIDER || !name || p.resources.length !== 1) {
    throw new UserError('bad-argument', `"${id}" is not a flexible server id.`, 'Pick the server from the list of the subscription\'s flexible servers.');
  }
  return { id: `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${name}`, subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name };
}

function toServer(s: Record<string, unknown> & { id?: string; name?: string; location?: string }): FlexibleServer | null {
  if (!s.id || !s.name) return null;
  const auth = (s.authConfig ?? {}) as { activeDirectoryAuth?: string; passwordAuth?: string };
  const network = (s.network ?? {}) as { publicNetworkAccess?: string };
  const server = flexibleServerIdOf(s.id);
  return {
    id: server.id,
    name: s.name,
    resourceGroup: server.resourceGroup,
    location: s.location ?? '',
    version: String(s.version ?? ''),
    state: String(s.state ?? ''),
    host: String(s.fullyQualifiedDomainName ?? ''),
    adminLogin: typeof s.administratorLogin === 'string' ? s.administratorLogin : null,
    entraAuth: auth.activeDirectoryAuth === 'Enabled',
    // A server without authConfig predates Entra sign-in: passwords only.
    passwordAuth: auth.passwordAuth !== 'Disabled',
    publicNetworkAccess: network.publicNetworkAccess === 'Disabled' ? 'Disabled' : 'Enabled',
  };
}

/** Every flexible server of the subscription, by name. */
export async function listFlexibleServers(ctx: ArmContext, subscriptionId: string): Promise<FlexibleServer[]> {
  const out: FlexibleServer[] = [];
  try {
    for await (const s of flexibleServerClient(ctx, subscriptionId).servers.listBySubscription()) {
      const v = toServer(s as unknown as Record<string, unknown>);
      if (v) out.push(v);
    }
  } catch (err) {
    throw toArmError(err, 'listing the flexible servers');
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** One flexible server by id. */
export async function getFlexibleServer(ctx: ArmContext, id: string): Promise<FlexibleServer> {
  const p = flexibleServerIdOf(id);
  try {
    const s = toServer(await flexibleServerClient(ctx, p.subscriptionId).servers.get(p.resourceGroup, p.name) as unknown as Record<string, unknown>);
    if (!s) throw new UserError('azure-refused', `Azure answered without the server "${p.name}".`, 'Refresh the list of servers and pick it again.');
    return s;
  } catch (err) {
    throw toArmError(err, `reading the flexible server "${p.name}"`);
  }
}

/** The server's firewall rules. */
export async function listFirewallRules(ctx: ArmContext, id: string): Promise<FirewallRule[]> {
  const p = flexibleServerIdOf(id);
  const out: FirewallRule[] = [];
  try {
    for await (const r of flexibleServerClient(ctx, p.subscriptionId).firewallRules.listByServer(p.resourceGroup, p.name)) {
      out.push({ name: r.name ?? '', startIpAddress: r.startIpAddress, endIpAddress: r.endIpAddress });
    }
  } catch (err) {
    throw toArmError(err, `reading the firewall rules of "${p.name}"`);
  }
  return out;
}
