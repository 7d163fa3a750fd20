/**
 * An Azure Database for PostgreSQL flexible server as the replay target: the server read from ARM
 * (host, admin, sign-ins, state), its firewall checked against this machine's address before any
 * connection, and the password — the admin's, or the user's Entra token for the database scope,
 * acquired here in main and never sent to the renderer. The connection then goes through the one
 * target pre-flight (core/target), with the firewall line added in front.
 */
import type { PreflightCheck, ServerParameterChange, TargetInput, TargetView } from '../../contract';
import { getFlexibleServer, listFirewallRules, type FlexibleServer } from '../../core/azure/flexible-servers';
import type { ArmContext } from '../../core/azure/arm-pipeline';
import { extensionsValueWith, mayChangeParameters, readExtensionsParameter, setExtensionsParameter } from '../../core/azure/server-parameters';
import { UserError } from '../../core/errors';
import type { ExpiringPassword } from '../../core/target/expiring-password';
import { firewallCheck, sourceAddressTo } from '../../core/target/firewall-check';
import type { AzureTargetRequest } from './azure-api';

/** What the Azure target needs from the session. */
export interface AzureTargetDeps {
  context(): Promise<ArmContext>;
  /** The signed-in user's token for the database scope (ossrdbms-aad), renewed before it runs out. */
  databasePassword(): Promise<ExpiringPassword>;
  /** The one target check (pre-flight against the named restore set), kept by id in main; `expiring` instead of the input's password. */
  checkServer(folder: string | null, input: Extract<TargetInput, { kind: 'server' }>, expiring?: ExpiringPassword): Promise<TargetView>;
}

function usable(server: FlexibleServer, req: AzureTargetRequest): void {
  if (server.state !== 'Ready') {
    throw new UserError('target-unreachable', `The flexible server "${server.name}" is ${server.state || 'not ready'}, so it cannot be checked.`,
      `Start it (portal → the server → Overview → Start, or az postgres flexible-server start --resource-group ${server.resourceGroup} --name ${server.name}), then check again.`);
  }
  if (req.auth === 'entra' && !server.entraAuth) {
    throw new UserError('target-auth', `"${server.name}" does not take Microsoft Entra sign-ins.`,
      'Use the admin password, or enable Microsoft Entra authentication (portal → the server → Security → Authentication) and add yourself as an Entra admin.');
  }
  if (req.auth === 'password' && !server.passwordAuth) {
    throw new UserError('target-auth', `"${server.name}" takes Microsoft Entra sign-ins only.`, 'Choose "Microsoft Entra token" as the sign-in.');
  }
  if (!server.host) throw new UserError('azure-refused', `Azure did not say the host name of "${server.name}".`, 'Refresh the list of servers and pick it again.');
}

/** Reads the server, checks its firewall, gets the password, and runs the pre-flight. */
export async function checkAzureTarget(deps: AzureTargetDeps, folder: string | null, req: AzureTargetRequest): Promise<TargetView> {
  const ctx = await deps.context();
  const server = await getFlexibleServer(ctx, req.serverId);
  usable(server, req);
  const firewall = firewallCheck({
    serverName: server.name, resourceGroup: server.resourceGroup, publicNetworkAccess: server.publicNetworkAccess,
    rules: server.publicNetworkAccess === 'Enabled' ? await listFirewallRules(ctx, server.id) : [],
    address: await sourceAddressTo(server.host, req.port).catch(() => null),
  });
  // A blocked connection only times out: say what to add instead of waiting for it.
  if (firewall.status === 'fail') throw new UserError('target-unreachable', firewall.detail, firewall.fix ?? '');
  // With Entra, every connection of this target (the check, each lane of a replay hours later) asks for a token then.
  const expiring = req.auth === 'entra' ? await deps.databasePassword() : undefined;
  const password = req.auth === 'entra' ? '' : req.password;
  let view: TargetView;
  try {
    view = await deps.checkServer(folder, { kind: 'server', host: server.host, port: req.port, user: req.user.trim(), password, database: req.database.trim() || 'postgres', sslmode: req.sslmode }, expiring);
  } catch (err) {
    if (err instanceof UserError && err.code === 'target-unreachable' && firewall.status !== 'ok' && firewall.fix) {
      throw new UserError(err.code, err.message, `${firewall.detail} ${firewall.fix}`, err.details);
    }
    throw err;
  }
  const checks: PreflightCheck[] = [firewall, ...view.checks];
  return { ...view, checks, ...(await parameterChange(ctx, server, view.extensionsNotAllowed)) };
}

/** The azure.extensions change that allows what the dumps need, as Azure has the parameter now (nothing when none is missing). */
async function parameterChange(ctx: ArmContext, server: FlexibleServer, needed: string[]): Promise<{ parameterChange?: ServerParameterChange }> {
  if (!needed.length) return {};
  const current = await readExtensionsParameter(ctx, server.id);
  const to = extensionsValueWith(current.value, needed);
  if (to === null) return {};
  return { parameterChange: { server: server.name, parameter: 'azure.extensions', from: current.value, to, canSet: await mayChangeParameters(ctx, server.id) } };
}

/**
 * Sets azure.extensions to the value the screen showed (`expected`), then checks the target again.
 * Main works the change out afresh; when it differs from what the user saw (the parameter changed
 * meanwhile), nothing is set.
 */
export async function allowExtensions(deps: AzureTargetDeps & { pollIntervalMs?: number }, folder: string | null, req: AzureTargetRequest, expected: string): Promise<TargetView> {
  const before = await checkAzureTarget(deps, folder, req);
  const change = before.parameterChange;
  if (!change) return before;
  if (change.to !== expected) {
    throw new UserError('bad-argument', `azure.extensions of "${change.server}" changed since the check: allowing the extensions would now make it "${change.to}", not "${expected}". Nothing was set.`,
      'Check the target again, then look at the change before allowing it.');
  }
  if (change.canSet === false) {
    throw new UserError('azure-refused', `You may not change the server parameters of "${change.server}".`,
      `Ask an Owner or Contributor of the server to set azure.extensions to "${change.to}" (Server parameters in the portal), then check again.`);
  }
  await setExtensionsParameter(await deps.context(), req.serverId, change.to, deps.pollIntervalMs);
  return checkAzureTarget(deps, folder, req);
}
