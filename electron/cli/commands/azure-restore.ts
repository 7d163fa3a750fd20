/**
 * `azure restore` (checks, validate, restore, track, download) and `azure job` (pick a job up again).
 */
import { createInterface } from 'node:readline/promises';
import type { ArmContext } from '../../core/azure/arm-pipeline';
import { freshContainerName, parseContainerUrl } from '../../core/azure/container-url';
import { DataProtectionClient } from '../../core/azure/data-protection';
import { createContainer, grantVaultRole } from '../../core/azure/prerequisite-actions';
import { checkPrerequisites, type PrerequisiteReport } from '../../core/azure/prerequisites';
import { PREFIX_IGNORED_NOTE } from '../../core/azure/restore-request';
import { startRestore, watchJob } from '../../core/azure/restore-job';
import { UserError } from '../../core/errors';
import { parse } from '../args';
import { EXIT } from '../exit-codes';
import type { Out } from '../print';
import { onInterrupt } from '../interrupt';
import { finishJob, jobEvents, jobLine } from './azure-job-view';
import { downloadCommand } from './download';
import { accountKeyFetcher, storageCredential } from './download-credentials';
import { armContext, flag, pollIntervalMs } from './azure-session';
import { AZURE_COMMON } from './azure-usage';

const MARK = { passed: '✓', failed: '✗', unknown: '?', warning: '!' } as const;

function printChecks(r: PrerequisiteReport, out: Out, json: boolean): void {
  if (json) return out.json({ type: 'checks', ...r });
  for (const c of r.checks) {
    out.line(`${MARK[c.status]} ${c.title}: ${c.detail}`);
    if (c.fix && c.status !== 'passed') out.line(`    what: ${c.fix.what}\n    where: ${c.fix.portal}\n    how: ${c.fix.az}`);
  }
}

async function confirm(question: string, out: Out): Promise<boolean> {
  if (!process.stdin.isTTY || !out.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** `azure restore --instance <id> --point <id> (--container-url <url> | --account-url <blob endpoint>) …`. */
export async function azureRestore(argv: string[], out: Out): Promise<number> {
  const { values: v } = parse(argv, { ...AZURE_COMMON, instance: { type: 'string' }, point: { type: 'string' }, 'container-url': { type: 'string' }, 'account-url': { type: 'string' },
    prefix: { type: 'string' }, wait: { type: 'boolean' }, 'download-to': { type: 'string' }, 'skip-checks': { type: 'boolean' }, 'grant-role': { type: 'boolean' }, 'create-container': { type: 'boolean' } });
  const json = Boolean(v.json);
  const instanceId = flag(v, 'instance');
  const point = flag(v, 'point');
  if (!instanceId || !point) throw new UserError('bad-argument', 'azure restore needs --instance and --point.', 'pgflex-restore azure restore --instance <backup instance id> --point <recovery point id> --account-url https://<account>.blob.core.windows.net');
  const accountUrl = flag(v, 'account-url');
  let containerUrl = flag(v, 'container-url');
  if (!containerUrl === !accountUrl) throw new UserError('bad-argument', 'Give either --account-url (a fresh container is made, recommended) or --container-url.', 'Two restores into one container collide: the marker file has no prefix.');
  let fresh = false;
  if (accountUrl) {
    containerUrl = `${accountUrl.replace(/\/+$/, '')}/${freshContainerName()}`;
    fresh = true;
  }
  const wanted = parseContainerUrl(containerUrl!);
  if (flag(v, 'prefix') !== undefined && !json) out.line(`Note: ${PREFIX_IGNORED_NOTE}`);
  const ctx = armContext(v);
  const dp = new DataProtectionClient(ctx, pollIntervalMs(v));
  const instance = await dp.getInstance(instanceId);
  if (!instance) throw new UserError('bad-argument', `${instanceId} does not protect a PostgreSQL Flexible Server.`, 'pgflex-restore azure instances --vault <vault id> lists the ones that do.');
  const vault = await dp.getVault(instance.vaultId);
  // With --skip-checks the account is still looked up (for the container's ARM id), but a refusal does not stop the restore.
  const report: PrerequisiteReport = await checkPrerequisites(ctx, { vault, containerUrl: wanted.url }).catch((err: unknown) => {
    if (!v['skip-checks']) throw err;
    return { ok: true, checks: [], canGrantRole: 'unknown' as const };
  });
  if (!v['skip-checks']) {
    printChecks(report, out, json);
    const role = report.checks.find((c) => c.id === 'vault-role');
    if (role?.status === 'failed' && vault.principalId && report.account && report.canGrantRole !== false &&
      (v['grant-role'] || await confirm(`Grant Storage Blob Data Contributor on ${report.account.name} to vault ${vault.name}'s identity?`, out))) {
      await grantVaultRole(ctx, report.account, vault.principalId);
      role.status = 'passed';
      role.detail = 'Granted just now.';
      report.ok = !report.checks.some((c) => c.status === 'failed');
      if (json) out.json({ type: 'role-granted', account: report.account.id });
      else out.line(`✓ Granted Storage Blob Data Contributor on ${report.account.name} to vault ${vault.name}.`);
    }
    if (!report.ok) {
      const failed = report.checks.filter((c) => c.status === 'failed');
      throw new UserError('azure-prerequisites', `The restore would fail: ${failed.map((c) => c.title).join('; ')}.`,
        `Fix ${failed.length === 1 ? 'it' : 'them'} as shown above and run again${report.checks.some((c) => c.id === 'vault-role' && c.status === 'failed') ? ' (or add --grant-role)' : ''}, or add --skip-checks to send it anyway.`,
        { checks: failed });
    }
    for (const c of report.checks.filter((x) => x.status === 'unknown')) if (!json) out.line(`! Not checked: ${c.title} — the restore may still fail on it.`);
  }
  if (fresh || v['create-container']) {
    if (!report.account) throw new UserError('azure-prerequisites', `The storage account serving ${wanted.endpoint} was not found, so no container could be made.`, 'Give an existing container with --container-url.');
    await createContainer(ctx, report.account, wanted.container);
    if (json) out.json({ type: 'container-created', url: wanted.url });
    else out.line(`Created container ${wanted.url}`);
  }
  const activity = startRestore(dp, { instanceId: instance.id, recoveryPointId: point, containerUrl: wanted.url, location: vault.location, containerArmId: report.account?.containerArmId,
    prefix: flag(v, 'prefix'), wait: Boolean(v.wait || flag(v, 'download-to')) }, { intervalMs: pollIntervalMs(v), onEvent: jobEvents(out, json) });
  const stopListening = onInterrupt(() => activity.cancel());
  try {
    const job = await activity.done;
    const code = finishJob(job, out, json);
    const to = flag(v, 'download-to');
    if (!to || code !== EXIT.ok) return code;
    if (!json) out.line(`Downloading the restored files to ${to}…`);
    return await downloadAfterRestore(ctx, report.account?.subscriptionId ?? vault.subscriptionId, wanted.url, to, json, out);
  } finally {
    stopListening();
  }
}

async function downloadAfterRestore(ctx: ArmContext, subscriptionId: string, containerUrl: string, folder: string, json: boolean, out: Out): Promise<number> {
  // AZURE_ACCESS_TOKEN is an ARM token, not a storage one: never offered to the blob service. A signed-in
  // user's Storage token is tried first (it needs a data-plane role); the account key through ARM is the fallback.
  const signedIn = process.env.AZURE_ACCESS_TOKEN === undefined && (await ctx.tokens.getToken(ctx.cloud.scopes.storage).then(() => true, () => false));
  return downloadCommand(['--container-url', containerUrl, '--to', folder, ...(json ? ['--json'] : [])], out,
    { ...(signedIn ? { token: storageCredential(ctx) } : {}), fetchAccountKey: accountKeyFetcher(ctx, subscriptionId) });
}

/** `azure job <job id or ARM path> [--vault <vault id>] [--watch]`. */
export async function azureJob(argv: string[], out: Out): Promise<number> {
  const { values: v, positionals } = parse(argv, { ...AZURE_COMMON, vault: { type: 'string' }, watch: { type: 'boolean' } });
  const ref = positionals[0];
  if (!ref) throw new UserError('bad-argument', 'azure job needs the job id.', 'pgflex-restore azure job <job ARM path> [--watch], or <guid> --vault <vault id>');
  const dp = new DataProtectionClient(armContext(v), pollIntervalMs(v));
  const json = Boolean(v.json);
  if (!v.watch) {
    const job = await dp.getJob(ref, flag(v, 'vault'));
    if (!json) out.line(jobLine(job));
    return finishJob(job, out, json);
  }
  const activity = watchJob(dp, ref, { vaultId: flag(v, 'vault'), intervalMs: pollIntervalMs(v), onEvent: jobEvents(out, json) });
  const stopListening = onInterrupt(() => activity.cancel());
  try {
    return finishJob(await activity.done, out, json);
  } finally {
    stopListening();
  }
}
