/**
 * A flexible server's `azure.extensions` parameter through Resource Manager
 * (@azure/arm-postgresql-flexible's configurations): read it, work out the value that allows the
 * extensions a restore needs, and set it — a PUT answered 202 with Azure-AsyncOperation, polled
 * to its end by the SDK's poller, then the parameter read back.
 */
import type { ArmContext } from './arm-pipeline';
import { flexibleServerClient, toArmError } from './arm-sdk';
import { flexibleServerIdOf } from './flexible-servers';
import { mayDo } from './permissions';
import { UserError } from '../errors';

export const EXTENSIONS_PARAMETER = 'azure.extensions';

/** The parameter's value as Azure reports it, and the extensions it may hold. */
export interface ExtensionsParameter {
  value: string;
  /** Lower-case names Azure accepts (empty when it did not say). */
  allowed: string[];
}

const names = (value: string): string[] => value.split(',').map((v) => v.trim()).filter(Boolean);

/** Reads `azure.extensions` of the server. */
export async function readExtensionsParameter(ctx: ArmContext, serverId: string): Promise<ExtensionsParameter> {
  const s = flexibleServerIdOf(serverId);
  try {
    const c = await flexibleServerClient(ctx, s.subscriptionId).configurations.get(s.resourceGroup, s.name, EXTENSIONS_PARAMETER);
    return { value: c.value ?? '', allowed: names(c.allowedValues ?? '').map((n) => n.toLowerCase()) };
  } catch (err) {
    throw toArmError(err, `reading ${EXTENSIONS_PARAMETER} of "${s.name}"`);
  }
}

/** The value that keeps what is allowed now and adds `needed` (lower case, in the order asked), or null when nothing is missing. */
export function extensionsValueWith(current: string, needed: readonly string[]): string | null {
  const have = names(current);
  const lower = new Set(have.map((n) => n.toLowerCase()));
  const add = [...new Set(needed.map((n) => n.toLowerCase()))].filter((n) => !lower.has(n));
  return add.length ? [...have, ...add].join(',') : null;
}

/** Whether the user may change the server's parameters. */
export function mayChangeParameters(ctx: ArmContext, serverId: string): Promise<boolean | 'unknown'> {
  const s = flexibleServerIdOf(serverId);
  return mayDo(ctx, { subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup, provider: 'Microsoft.DBforPostgreSQL', type: 'flexibleServers', name: s.name },
    'Microsoft.DBforPostgreSQL/flexibleServers/configurations/write');
}

/** Sets `azure.extensions` and waits until Azure says it is applied; returns the value read back. */
export async function setExtensionsParameter(ctx: ArmContext, serverId: string, value: string, pollIntervalMs = 2000): Promise<string> {
  const s = flexibleServerIdOf(serverId);
  const p = await readExtensionsParameter(ctx, serverId);
  const refused = names(value).filter((n) => p.allowed.length && !p.allowed.includes(n.toLowerCase()));
  if (refused.length) {
    throw new UserError('azure-refused', `Azure does not offer ${refused.join(', ')} on "${s.name}": it is not among the extensions azure.extensions may hold.`,
      'Restore without these extensions, or choose a server (version) that offers them.');
  }
  try {
    const done = await flexibleServerClient(ctx, s.subscriptionId).configurations.beginPutAndWait(s.resourceGroup, s.name, EXTENSIONS_PARAMETER,
      { value, source: 'user-override' }, { updateIntervalInMs: pollIntervalMs });
    return done.value ?? value;
  } catch (err) {
    throw toArmError(err, `setting ${EXTENSIONS_PARAMETER} of "${s.name}"`);
  }
}
