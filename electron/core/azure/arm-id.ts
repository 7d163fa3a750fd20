/** ARM resource ids: parsed case-insensitively (ARM ids are), checked before they reach a URL. */
import { UserError } from '../errors';

/** The parts of `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}…]`. */
export interface ArmId {
  id: string;
  subscriptionId: string;
  resourceGroup?: string;
  provider?: string;
  /** type/name pairs after the provider, e.g. [['backupVaults','v'],['backupInstances','bi']]. */
  resources: Array<[string, string]>;
}

const SAFE = /^[^/?#\s][^/?#]*$/;

/** Parses an ARM id; throws a bad-argument error saying what was expected. */
export function parseArmId(id: string, what = 'resource id'): ArmId {
  const parts = id.trim().replace(/^\/+|\/+$/g, '').split('/');
  const bad = () => new UserError('bad-argument', `"${id}" is not an Azure ${what}.`, 'Give the full id, e.g. /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.DataProtection/backupVaults/<vault>.');
  if (parts.length < 2 || parts[0].toLowerCase() !== 'subscriptions' || !parts.every((p) => SAFE.test(p))) throw bad();
  const out: ArmId = { id: '/' + parts.join('/'), subscriptionId: parts[1], resources: [] };
  let i = 2;
  if (parts[i]?.toLowerCase() === 'resourcegroups') {
    if (!parts[i + 1]) throw bad();
    out.resourceGroup = parts[i + 1];
    i += 2;
  }
  if (parts[i]?.toLowerCase() === 'providers') {
    if (!parts[i + 1]) throw bad();
    out.provider = parts[i + 1];
    i += 2;
    for (; i < parts.length; i += 2) {
      if (parts[i + 1] === undefined) throw bad();
      out.resources.push([parts[i], parts[i + 1]]);
    }
  } else if (i < parts.length) throw bad();
  return out;
}

/** The name of the resource of `type` in the id, e.g. resourceName(id, 'backupVaults'). */
export function resourceName(id: ArmId, type: string): string | undefined {
  return id.resources.find(([t]) => t.toLowerCase() === type.toLowerCase())?.[1];
}

/** Checks an id names a Data Protection vault (or something under one) and returns the vault's id. */
export function vaultIdOf(id: string): string {
  const p = parseArmId(id, 'Backup vault id');
  const vault = resourceName(p, 'backupVaults');
  if (!p.resourceGroup || p.provider?.toLowerCase() !== 'microsoft.dataprotection' || !vault) {
    throw new UserError('bad-argument', `"${id}" is not inside a Backup vault.`, 'Expected /subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.DataProtection/backupVaults/<vault>[/…]; `pgflex-restore azure vaults` lists them.');
  }
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/Microsoft.DataProtection/backupVaults/${vault}`;
}

/** Checks an id names a backup instance and returns it normalised. */
export function instanceIdOf(id: string): string {
  const p = parseArmId(id, 'backup instance id');
  const bi = resourceName(p, 'backupInstances');
  if (!bi) throw new UserError('bad-argument', `"${id}" is not a backup instance id.`, '`pgflex-restore azure instances --vault <vault id>` lists them.');
  return `${vaultIdOf(id)}/backupInstances/${bi}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job reference: a GUID (needs the vault) or a full ARM path (`…/backupJobs/<guid>`, as real traffic returns). */
export function jobIdOf(ref: string, vaultId?: string): { jobId: string; vaultId: string; id: string } {
  const r = ref.trim();
  if (GUID.test(r)) {
    if (!vaultId) throw new UserError('bad-argument', `Job ${r} is a bare id: it needs its vault.`, 'Add --vault <vault ARM id>, or give the job\'s full ARM path.');
    const v = vaultIdOf(vaultId);
    return { jobId: r, vaultId: v, id: `${v}/backupJobs/${r}` };
  }
  const p = parseArmId(r, 'backup job id');
  const jobId = resourceName(p, 'backupJobs');
  if (!jobId || !GUID.test(jobId)) throw new UserError('bad-argument', `"${ref}" is not a backup job id.`, 'Give the job GUID with --vault, or its ARM path …/backupJobs/<guid>.');
  const v = vaultIdOf(r);
  return { jobId, vaultId: v, id: `${v}/backupJobs/${jobId}` };
}
