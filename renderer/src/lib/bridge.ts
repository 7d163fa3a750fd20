/** The renderer's only way to the main process: `window.pgflex`, typed by the contract. Store actions call it; components never do. */
import type { Bridge } from '../../../electron/contract';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or by the browser bridge script (`npm run web`). */
    pgflex: Bridge;
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
