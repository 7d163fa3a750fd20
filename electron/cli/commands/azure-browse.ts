/** `azure vaults`, `azure instances`, `azure points`: pick the backup and the recovery point. */
import { DataProtectionClient } from '../../core/azure/data-protection';
import { UserError } from '../../core/errors';
import { parse } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../print';
import { armContext, flag } from './azure-session';
import { AZURE_COMMON } from './azure-usage';

function need(value: string | undefined, flag: string, example: string): string {
  if (!value) throw new UserError('bad-argument', `--${flag} is required.`, example);
  return value;
}

/** `azure vaults --subscription <id>`. */
export async function azureVaults(argv: string[], out: Out): Promise<number> {
  const { values: v } = parse(argv, { ...AZURE_COMMON, subscription: { type: 'string' } });
  const sub = need(flag(v, 'subscription'), 'subscription', 'pgflex-restore azure vaults --subscription <id> (pgflex-restore azure account lists them)');
  const vaults = await new DataProtectionClient(armContext(v)).listVaults(sub);
  if (v.json) out.json({ type: 'vaults', vaults });
  else if (!vaults.length) out.line(`No Backup vaults in subscription ${sub}.`);
  else for (const x of vaults) out.line(`${x.name}  ${x.location}  ${x.resourceGroup}\n    ${x.id}`);
  return EXIT.ok;
}

/** `azure instances --vault <vault ARM id>`: PostgreSQL Flexible Server backup instances only. */
export async function azureInstances(argv: string[], out: Out): Promise<number> {
  const { values: v } = parse(argv, { ...AZURE_COMMON, vault: { type: 'string' } });
  const vault = need(flag(v, 'vault'), 'vault', 'pgflex-restore azure instances --vault <vault ARM id> (azure vaults lists them)');
  const instances = await new DataProtectionClient(armContext(v)).listInstances(vault);
  if (v.json) out.json({ type: 'instances', instances });
  else if (!instances.length) out.line('No PostgreSQL Flexible Server backups in this vault.');
  else for (const i of instances) out.line(`${i.friendlyName}  server ${i.serverName}  ${i.protectionStatus ?? ''}\n    ${i.id}`);
  return EXIT.ok;
}

function isoOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UserError('bad-argument', `--${flag} "${value}" is not a date and time.`, `For example --${flag} 2024-04-01T00:00:00Z`);
  return new Date(t).toISOString();
}

/** `azure points --instance <id> [--from <ISO>] [--to <ISO>]`: newest first. */
export async function azurePoints(argv: string[], out: Out): Promise<number> {
  const { values: v } = parse(argv, { ...AZURE_COMMON, instance: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
  const instance = need(flag(v, 'instance'), 'instance', 'pgflex-restore azure points --instance <backup instance ARM id> [--from <ISO>] [--to <ISO>]');
  const points = await new DataProtectionClient(armContext(v)).listRecoveryPoints(instance, { from: isoOption(flag(v, 'from'), 'from'), to: isoOption(flag(v, 'to'), 'to') });
  if (v.json) out.json({ type: 'points', points });
  else if (!points.length) out.line('No recovery points in that window.');
  else for (const p of points) out.line(`${p.time ?? p.timeRaw} UTC  ${p.recoveryPointId}  ${p.type ?? ''} ${p.retentionTag ?? ''}`.trimEnd());
  return EXIT.ok;
}
