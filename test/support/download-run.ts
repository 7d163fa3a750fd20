/** Helpers for download tests: run a download collecting its events, and reach a container through a proxy. */
import { startDownload, type DownloadOptions } from '../../electron/core/azure/download/container-download';
import type { DownloadEvent, DownloadResult } from '../../electron/core/azure/download/types';

/** Runs a download, collecting its events; `onEvent` may act mid-way (kill, cancel, replace). */
export async function runDownload(opts: Partial<DownloadOptions> & { containerUrl: string; folder: string }, onEvent?: (e: DownloadEvent, dl: ReturnType<typeof startDownload>) => void) {
  const events: DownloadEvent[] = [];
  const dl = startDownload({ progressMs: 50, ...opts });
  dl.on((e) => {
    events.push(e);
    onEvent?.(e, dl);
  });
  const result: DownloadResult = await dl.done;
  return { result, events };
}

/** The SAS URL of a container as seen through a proxy (same path, the proxy's origin). */
export function viaProxy(url: string, proxy: { origin: string }): string {
  const u = new URL(url);
  return `${proxy.origin}${u.pathname}${u.search}`;
}
