/**
 * Builds `window.pgflex` from a transport: one named function per contract operation (from
 * `API_METHODS`, so nothing is typed twice) and one subscribe function per event, returning its
 * unsubscribe. The preload passes Electron IPC; nothing else of IPC reaches the page.
 */
import { API_METHODS, channel, type Api, type Bridge, type Events } from '../contract';

export interface BridgeTransport {
  invoke(channel: string, args: unknown[]): Promise<unknown>;
  /** Listens on a channel; returns the unsubscribe function. */
  on(channel: string, listener: (...args: unknown[]) => void): () => void;
}

export function buildBridge(transport: BridgeTransport): Bridge {
  const requests = Object.fromEntries(
    API_METHODS.map((name) => [name, (...args: unknown[]) => transport.invoke(channel(name), args)]),
  ) as unknown as Api;
  return {
    ...requests,
    onReplayEvents(listener: Events['replayEvents']) {
      if (typeof listener !== 'function') throw new TypeError('onReplayEvents needs a function');
      return transport.on(channel('replayEvents'), (runId, events) => listener(runId as string, events as Parameters<Events['replayEvents']>[1]));
    },
  };
}
