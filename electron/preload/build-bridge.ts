/**
 * Builds `window.pgflex` from a transport: one named function per operation of the table and one
 * subscribe function per event (returning its unsubscribe), so nothing is typed twice. The
 * preload passes Electron IPC, the browser bridge HTTP; nothing else of either reaches the page.
 */
import type { Bridge } from '../contract';
import { EVENT_NAMES, OPERATION_NAMES, type EventName, type OperationName } from '../operations';

/** How requests and events travel: Electron IPC (preload) or HTTP (the browser bridge). */
export interface BridgeTransport {
  invoke(name: OperationName, args: unknown[]): Promise<unknown>;
  /** Listens to an event; returns the unsubscribe function. */
  on(name: EventName, listener: (...args: unknown[]) => void): () => void;
}

export function buildBridge(transport: BridgeTransport): Bridge {
  const bridge: Record<string, unknown> = {};
  for (const name of OPERATION_NAMES) bridge[name] = (...args: unknown[]) => transport.invoke(name, args);
  for (const name of EVENT_NAMES) {
    const key = `on${name[0].toUpperCase()}${name.slice(1)}`;
    bridge[key] = (listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${key} needs a function`);
      return transport.on(name, (...args) => (listener as (...a: unknown[]) => void)(...args));
    };
  }
  return Object.freeze(bridge) as unknown as Bridge;
}
