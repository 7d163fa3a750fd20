/**
 * `pgflex-restore download --container-url <url> --to <folder> [--account-key-from-arm] [--json]`:
 * fetches a restore container into a folder, resuming what an earlier run left. Credentials: the
 * signed-in user's token (AZURE_ACCESS_TOKEN for now), a SAS in the URL, or the account key
 * through ARM. Human output is a live line on a terminal; --json prints one event per line.
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

/** Host plumbing the command needs from outside the download core (h9a's ARM endpoint and sign-in). */
export interface DownloadHost {
  env?: NodeJS.ProcessEnv;
  /** Fetches the account key through ARM; absent until the ARM plumbing provides it. */
  fetchAccountKey?: AccessOptions['fetchAccountKey'];
}

export async function downloadCommand(argv: string[], out: Out, host: DownloadHost = {}): Promise<number> {
  const { values } = parse(argv, {
    'container-url': { type: 'string' }, to: { type: 'string' }, 'account-key-from-arm': { type: 'boolean' },
    streams: { type: 'string' }, json: { type: 'boolean' },
  });
  const url = values['container-url'] as string | undefined;
  const to = values.to as string | undefined;
  if (!url || !to) throw new UserError('bad-argument', 'download needs --container-url and --to.', 'pgflex-restore download --container-url <url> --to <folder>');
  const env = host.env ?? process.env;
  const token = env.AZURE_ACCESS_TOKEN?.trim();
  if (values['account-key-from-arm'] && !host.fetchAccountKey) {
    throw new UserError('bad-argument', '--account-key-from-arm needs the Azure sign-in, which this build does not have yet.', 'Use a SAS URL or AZURE_ACCESS_TOKEN for now.');
  }
  const streams = values.streams === undefined ? undefined : Number(values.streams);
  if (streams !== undefined && (!Number.isInteger(streams) || streams < 1 || streams > 64)) {
    throw new UserError('bad-argument', `--streams must be a whole number from 1 to 64, not "${String(values.streams)}".`, 'Leave it out to let the download choose.');
  }
  const dl = startDownload({
    containerUrl: url, folder: resolve(to),
    ...(token ? { token: staticToken(token) } : {}),
    ...(values['account-key-from-arm'] ? { fetchAccountKey: host.fetchAccountKey } : {}),
    ...(streams ? { streams: { fixed: streams } } : {}),
  });
  const onSigint = (): void => dl.cancel();
  process.once('SIGINT', onSigint);
  const show = values.json ? (e: DownloadEvent) => out.json(e) : humanView(out);
  dl.on(show);
  const result = await dl.done.finally(() => process.off('SIGINT', onSigint));
  if (result.status === 'completed') return EXIT.ok;
  if (result.status === 'cancelled') return EXIT.cancelled;
  return result.error ? exitCodeFor(result.error.code) : EXIT.incomplete;
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
        out.line(`${r.status}: ${r.files.filter((f) => f.status === 'done').length}/${r.files.length} file(s) in ${r.folder}, ` +
          `${formatBytes(r.fetched)} fetched${r.resumed ? `, ${formatBytes(r.resumed)} resumed from disk` : ''}${refetched ? `, ${formatBytes(refetched)} fetched again` : ''}, ${formatDuration(r.durationMs)}`);
        if (r.error) out.error(`error: ${r.error.message}\n  → ${r.error.hint}`);
        break;
      }
      case 'status':
        break;
    }
  };
}
