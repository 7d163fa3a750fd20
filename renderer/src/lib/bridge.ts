/** The renderer's only way to the main process: `window.pgflex`, typed by the contract. Store actions call it; components never do. */
import type { Bridge } from '../../../electron/contract';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or by the browser bridge script (`npm run web`). */
    pgflex: Bridge;
    /** Electron only: the path of a dropped file or folder (webUtils.getPathForFile in the preload). */
    pgflexDrop?: { pathForFile(file: File): string };
  }
}

/** The bridge, or a clear error when the page was opened without one. */
export function bridge(): Bridge {
  const api = typeof window === 'undefined' ? undefined : window.pgflex;
  if (!api) throw new Error('The app bridge (window.pgflex) is missing: open the app through Electron or `npm run web`.');
  return api;
}

/** True when the page has a bridge to talk to. */
export function hasBridge(): boolean {
  return typeof window !== 'undefined' && Boolean(window.pgflex);
}

/** The path of a dropped file: the preload's answer in Electron, `File.path` in older ones, '' in a browser. */
export function droppedPath(file: File): string {
  const viaPreload = typeof window === 'undefined' ? undefined : window.pgflexDrop;
  return viaPreload?.pathForFile(file) || ((file as File & { path?: string }).path ?? '');
}
