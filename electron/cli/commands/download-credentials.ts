/**
 * The credentials `download` offers the blob service, from the CLI's Azure session: the signed-in
 * user's Storage token, and with `--account-key-from-arm` the account key through ARM
 * (storageAccounts/listKeys). Loaded only when one of them is wanted: they bring msal and the ARM SDKs.
 */
import type { TokenCredential } from '@azure/core-auth';
import { fetchAccountKey } from '../../core/azure/account-key';
import type { ArmContext } from '../../core/azure/arm-pipeline';
import { listSubscriptions } from '../../core/azure/subscriptions';
import type { DownloadCredentials } from './download';
import { armContext, flag, type Values } from './azure-session';

/** A Storage TokenCredential over the ARM context's token source (msal: cached and refreshed silently). */
export function storageCredential(ctx: ArmContext): TokenCredential {
  return { getToken: async () => ({ token: await ctx.tokens.getToken(ctx.cloud.scopes.storage), expiresOnTimestamp: Date.now() + 5 * 60_000 }) };
}

/** Lists the keys of the account serving the container, searching `subscriptionId` or every subscription the user sees. */
export function accountKeyFetcher(ctx: ArmContext, subscriptionId?: string): NonNullable<DownloadCredentials['fetchAccountKey']> {
  return async (container) => {
    const subs = subscriptionId ? [subscriptionId] : (await listSubscriptions(ctx)).map((s) => s.subscriptionId);
    return fetchAccountKey(ctx, container, subs);
  };
}

/** What the signed-in session (or AZURE_ACCESS_TOKEN as the ARM token) offers: the Storage token when signed in, the key fetcher when asked for. */
export function sessionCredentials(v: Values, opts: { signedIn: boolean; accountKey: boolean }, env = process.env): DownloadCredentials {
  const ctx = armContext(v, env);
  return {
    ...(opts.signedIn ? { token: storageCredential(ctx) } : {}),
    ...(opts.accountKey ? { fetchAccountKey: accountKeyFetcher(ctx, flag(v, 'subscription')) } : {}),
  };
}
