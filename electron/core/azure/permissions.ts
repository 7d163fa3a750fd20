/** Whether the signed-in user may do an action on a resource, from ARM's permissions list (Microsoft.Authorization/permissions). */
import type { ArmContext } from './arm-pipeline';
import { authorizationClient, statusOf, toArmError } from './arm-sdk';

/** The resource asked about. */
export interface ResourceRef {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. 'Microsoft.Storage'. */
  provider: string;
  /** e.g. 'storageAccounts'. */
  type: string;
  name: string;
}

/** ARM's wildcard action pattern ('Microsoft.Storage/*', '*') as a test of one action. */
const matcher = (action: string) => (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

/** True when some permission grants `action` and none of its notActions takes it away; 'unknown' when the list cannot be read. */
export async function mayDo(ctx: ArmContext, resource: ResourceRef, action: string): Promise<boolean | 'unknown'> {
  const matches = matcher(action);
  try {
    let allowed = false;
    for await (const p of authorizationClient(ctx, resource.subscriptionId).permissions.listForResource(resource.resourceGroup, resource.provider, '', resource.type, resource.name)) {
      if ((p.actions ?? []).some(matches) && !(p.notActions ?? []).some(matches)) allowed = true;
    }
    return allowed;
  } catch (err) {
    if (statusOf(err) === 403) return 'unknown';
    throw toArmError(err, 'reading your permissions');
  }
}
