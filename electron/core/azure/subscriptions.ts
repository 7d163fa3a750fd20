/**
 * Tenants and subscriptions the signed-in user can see (`GET /tenants`, `GET /subscriptions`).
 * @azure/arm-subscriptions 6 no longer lists them, so these two calls go through ArmRest.
 */
import type { ArmContext } from './arm-pipeline';
import { ArmRest } from './arm-rest';

/** A tenant the account can sign in to (home or guest). */
export interface Tenant {
  tenantId: string;
  displayName: string;
  defaultDomain?: string;
  /** 'Home' or 'ProjectedBy' (guest), as ARM's tenantCategory says. */
  category?: string;
}

/** A subscription in the token's tenant. */
export interface Subscription {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  state: string;
}

const RESOURCES_API = '2022-12-01';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Every tenant the user belongs to, home and guest. */
export async function listTenants(ctx: ArmContext): Promise<Tenant[]> {
  const items = await new ArmRest(ctx, RESOURCES_API).all('/tenants', 'listing your tenants');
  return items.map((t) => {
    const o = obj(t);
    return { tenantId: str(o.tenantId), displayName: str(o.displayName) || str(o.defaultDomain) || str(o.tenantId), defaultDomain: str(o.defaultDomain) || undefined, category: str(o.tenantCategory) || undefined };
  }).filter((t) => t.tenantId);
}

/** The subscriptions of the tenant the token was issued for. */
export async function listSubscriptions(ctx: ArmContext): Promise<Subscription[]> {
  const items = await new ArmRest(ctx, RESOURCES_API).all('/subscriptions', 'listing your subscriptions');
  return items.map((s) => {
    const o = obj(s);
    return { subscriptionId: str(o.subscriptionId), displayName: str(o.displayName), tenantId: str(o.tenantId), state: str(o.state) };
  }).filter((s) => s.subscriptionId);
}
