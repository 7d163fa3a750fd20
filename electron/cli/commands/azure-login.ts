/** `azure login`, `azure logout`, `azure account`: sign-in, sign-out, who is signed in with their tenants and subscriptions. */
import { DEFAULT_CLIENT_ID, resolveCloud, CLOUD_NAMES, type CloudName } from '../../core/azure/clouds';
import { listSubscriptions, listTenants } from '../../core/azure/subscriptions';
import { enumOption, parse } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../print';
import { armContext, authFor, canOpenBrowser, flag, openInBrowser } from './azure-session';
import { AZURE_COMMON } from './azure-usage';
import { readSession, writeSession } from './session-file';

/** `azure login [--device-code] [--tenant <id>] [--cloud public|usgov|china] [--client-id <id>]`. */
export async function azureLogin(argv: string[], out: Out): Promise<number> {
  const { values: v } = parse(argv, { ...AZURE_COMMON, 'device-code': { type: 'boolean' } });
  const cloud = enumOption(flag(v, 'cloud'), 'cloud', CLOUD_NAMES, readSession().cloud) as CloudName;
  resolveCloud(cloud);
  const auth = authFor({ ...v, cloud });
  const deviceCode = Boolean(v['device-code']) || !canOpenBrowser();
  const account = deviceCode
    ? await auth.signInDeviceCode({ tenant: flag(v, 'tenant'), onPrompt: (p) => (v.json ? out.json({ type: 'device-code', userCode: p.userCode, verificationUri: p.verificationUri, message: p.message }) : out.line(p.message)) })
    : await auth.signInInteractive({ tenant: flag(v, 'tenant'), openBrowser: async (url) => {
      if (!v.json) out.line(`Opening the browser to sign in (if it does not open, run again with --device-code).`);
      await openInBrowser(url);
    } });
  writeSession({ cloud, authorityHost: flag(v, 'authority-host') ?? process.env.PGFLEX_AUTHORITY_HOST, tenantId: flag(v, 'tenant') ?? account.tenantId, clientId: flag(v, 'client-id') ?? readSession().clientId, homeAccountId: account.homeAccountId, username: account.username });
  if (v.json) out.json({ type: 'signed-in', username: account.username, tenantId: flag(v, 'tenant') ?? account.tenantId, cloud, clientId: auth.clientId });
  else out.line(`Signed in as ${account.username} (tenant ${flag(v, 'tenant') ?? account.tenantId}, ${cloud} cloud, client id ${auth.clientId}${auth.clientId === DEFAULT_CLIENT_ID ? ' — the Azure CLI\'s' : ''}).`);
  return EXIT.ok;
}

/** `azure logout`: removes every cached account from the token cache file. */
export async function azureLogout(argv: string[], out: Out): Promise<number> {
  const { values: v } = parse(argv, AZURE_COMMON);
  const removed = await authFor(v).signOut();
  const s = readSession();
  writeSession({ cloud: s.cloud, authorityHost: s.authorityHost, clientId: s.clientId });
  if (v.json) out.json({ type: 'signed-out', accountsRemoved: removed });
  else out.line(removed ? `Signed out: ${removed} account(s) removed from the token cache.` : 'No one was signed in.');
  return EXIT.ok;
}

/** `azure account`: who is signed in, their tenants and the subscriptions of the current tenant. */
export async function azureAccount(argv: string[], out: Out): Promise<number> {
  const { values: v } = parse(argv, AZURE_COMMON);
  const s = readSession();
  const ctx = armContext(v);
  const [tenants, subscriptions] = [await listTenants(ctx), await listSubscriptions(ctx)];
  const who = process.env.AZURE_ACCESS_TOKEN !== undefined ? '(AZURE_ACCESS_TOKEN)' : s.username ?? '(unknown)';
  if (v.json) {
    out.json({ type: 'account', username: who, cloud: s.cloud, armEndpoint: ctx.cloud.armEndpoint, tenantId: flag(v, 'tenant') ?? s.tenantId ?? null, tenants, subscriptions });
    return EXIT.ok;
  }
  out.line(`Signed in as ${who} — ${ctx.cloud.armEndpoint}`);
  out.line('Tenants (switch with: pgflex-restore azure login --tenant <id>):');
  for (const t of tenants) out.line(`  ${t.tenantId === (flag(v, 'tenant') ?? s.tenantId) ? '*' : ' '} ${t.tenantId}  ${t.displayName}${t.category === 'ProjectedBy' ? ' (guest)' : ''}`);
  out.line('Subscriptions:');
  for (const sub of subscriptions) out.line(`    ${sub.subscriptionId}  ${sub.displayName}  ${sub.state}`);
  return EXIT.ok;
}
