/**
 * `pgflex-restore download --container-url <url> --to <folder> [--account-key-from-arm] [--json]`:
 * fetches a restore container into a folder, resuming what an earlier run left and keeping files
 * already complete. Credentials, in order: the signed-in user's Storage token, a SAS in the URL,
 * the account key through ARM (`--account-key-from-arm`). Human output is a live line on a
 * terminal; --json prints one event per line.
 */
import { resolve } from 'node:path';
import { UserError } from '../../core/errors';
import { staticToken, type AccessOptions } from '../../core/azure/download/container-access';
import { startDownload } from '../../core/azure/download/container-download';
import type { DownloadEvent } from '../../core/azure/download/types';
import { formatBytes } from '../../shared/format-bytes';
import { parse } from '../args';
import { EXIT, exitCodeFor } from '../exit-codes';
import { formatDuration, type Out } from '../print';
import { onInterrupt } from '../interrupt';
import { AZURE_COMMON } from './azure-usage';
import { readSession } from './session-file';

/** The credentials the command offers, besides a SAS in the URL (which the download finds itself). */
export type DownloadCredentials = Pick<AccessOptions, 'token' | 'fetchAccountKey'>;

/**
 * `download`. `credentials` come from the caller (`azure restore --download-to` has its ARM
 * context already); else from the CLI's Azure session and `--account-key-from-arm`.
 */
export async function downloadCommand(argv: string[], out: Out, credentials?: DownloadCredentials): Promise<number> {
  const { values } = parse(argv, {
    'container-url': { type: 'string' }, to: { type: 'string' }, 'account-key-from-arm': { type: 'boolean' }, subscription: { type: 'string' },
    streams: { type: 'string' }, ...AZURE_COMMON,
  });
  const url = values['container-url'] as string | undefined;
  const to = values.to as string | undefined;
  if (!url || !to) throw new UserError('bad-argument', 'download needs --container-url and --to.', 'pgflex-restore download --container-url <url> --to <folder>');
  const creds = credentials ?? (await cliCredentials(values));
  const streams = values.streams === undefined ? undefined : Number(values.streams);
  if (streams !== undefined && (!Number.isInteger(streams) || streams < 1 || streams > 64)) {
    throw new UserError('bad-argument', `--streams must be a whole number from 1 to 64, not "${String(values.streams)}".`, 'Leave it out to let the download choose.');
  }
  const dl = startDownload({
    containerUrl: url, folder: resolve(to), ...creds,
    ...(streams ? { streams: { fixed: streams } } : {}),
  });
  const stopListening = onInterrupt(() => dl.cancel());
  const show = values.json ? (e: DownloadEvent) => out.json(e) : humanView(out);
  dl.on(show);
  const result = await dl.done.finally(stopListening);
  if (result.status === 'completed') return EXIT.ok;
  if (result.status === 'cancelled') return EXIT.cancelled;
  return result.error ? exitCodeFor(result.error.code) : EXIT.incomplete;
}

/**
 * AZURE_ACCESS_TOKEN is a bearer token for one audience: with `--account-key-from-arm` it is the
 * ARM token that lists the keys, else it is offered to Storage. Without it, a signed-in session
 * gives the Storage token. The sign-in and ARM code is loaded only when one of them is used.
 */
async function cliCredentials(values: Record<string, unknown>, env = process.env): Promise<DownloadCredentials> {
  const accountKey = Boolean(values['account-key-from-arm']);
  const bearer = env.AZURE_ACCESS_TOKEN?.trim();
  const signedIn = bearer === undefined && Boolean(readSession(env).homeAccountId);
  const direct: DownloadCredentials = bearer && !accountKey ? { token: staticToken(bearer) } : {};
  if (!accountKey && !signedIn) return direct;
  return { ...direct, ...(await import('./download-credentials')).sessionCredentials(values, { signedIn, accountKey }, env) };
}

function humanView(out: Out): (e: DownloadEvent) => void {
  let live = false;
  const clear = (): void => {
    if (live) process.stdout.write('\r\x1b[2K');
    live = false;
  };
  return (e) => {
    switch (e.type) {
      case 'credential':
        out.line(`Reading the container with: ${e.reason}`);
        break;
      case 'listed':
        out.line(`${e.items.length} file(s), ${formatBytes(e.totalBytes)}`);
        for (const s of e.skipped) out.line(`  · skipped ${s.blob}: ${s.reason}`);
        break;
      case 'progress': {
        if (!out.isTTY) break;
        const t = e.total;
        const pct = t.size ? Math.floor((t.bytes / t.size) * 100) : 100;
        const rate = t.rate != null ? `${formatBytes(t.rate)}/s` : '…';
        const eta = t.etaMs != null ? `, ${formatDuration(t.etaMs)} left` : '';
        process.stdout.write(`\r\x1b[2K  ${pct}% ${formatBytes(t.bytes)} of ${formatBytes(t.size)} at ${rate}${eta}, ${t.streams} stream(s)`);
        live = true;
        break;
      }
      case 'file-resumed':
        clear();
        out.line(`  ↻ ${e.file}: resuming, ${formatBytes(e.bytesOnDisk)} already on disk`);
        break;
      case 'file-restarted':
        clear();
        out.line(`  ↺ ${e.file}: starting over — ${e.reason}`);
        break;
      case 'retrying':
        clear();
        out.line(`  … ${e.file}: retry ${e.attempt} — ${e.reason}`);
        break;
      case 'file-complete':
        clear();
        out.line(`  ✓ ${e.file} (${e.already ? 'already here from an earlier run, ' : ''}${e.checks.join(', ')} checked)`);
        break;
      case 'file-failed':
        clear();
        out.line(`  ✗ ${e.file}: ${e.error.message}\n      → ${e.error.hint}`);
        break;
      case 'end': {
        clear();
        const r = e.result;
        const refetched = Math.max(0, r.fetched - (r.totalBytes - r.resumed));
        if (r.files.length === 0 && r.error) out.line(`${r.status}: nothing was downloaded into ${r.folder}, ${formatDuration(r.durationMs)}`);
        else out.line(`${r.status}: ${r.files.filter((f) => f.status === 'done').length}/${r.files.length} file(s) in ${r.folder}, ` +
          `${formatBytes(r.fetched)} fetched${r.resumed ? `, ${formatBytes(r.resumed)} resumed from disk` : ''}${refetched ? `, ${formatBytes(refetched)} fetched again` : ''}, ${formatDuration(r.durationMs)}`);
        if (r.error) out.error(`error: ${r.error.message}\n  → ${r.error.hint}`);
        break;
      }
      case 'status':
        break;
    }
  };
}
