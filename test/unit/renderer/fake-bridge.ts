/** A fake `window.pgflex` for store tests: every operation fails loudly unless the test provides it; events are pushed by hand. */
import type { Bridge, Events, ReplayEvent } from '../../../electron/contract';

export interface FakeBridge {
  bridge: Bridge;
  calls: Array<[string, unknown[]]>;
  /** Delivers a batch of replay events to the subscribers, as main would. */
  emit(runId: string, events: ReplayEvent[]): void;
  listeners(): number;
}

export function fakeBridge(impl: Partial<Bridge>): FakeBridge {
  const calls: Array<[string, unknown[]]> = [];
  const subscribers = new Set<Events['replayEvents']>();
  const handler: ProxyHandler<Partial<Bridge>> = {
    get(target, prop: string) {
      if (prop === 'onReplayEvents') {
        return (listener: Events['replayEvents']) => {
          subscribers.add(listener);
          return () => subscribers.delete(listener);
        };
      }
      const fn = (target as Record<string, unknown>)[prop];
      return (...args: unknown[]) => {
        calls.push([prop, args]);
        if (typeof fn !== 'function') return Promise.reject(new Error(`fake bridge: ${prop} not provided`));
        return (fn as (...a: unknown[]) => unknown)(...args);
      };
    },
  };
  return {
    bridge: new Proxy(impl, handler) as Bridge,
    calls,
    emit: (runId, events) => subscribers.forEach((l) => l(runId, events)),
    listeners: () => subscribers.size,
  };
}
