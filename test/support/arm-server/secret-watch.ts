/**
 * Records everything main sends to the renderer — every operation's answer or error, every event —
 * so a test can check no token, account key or SAS signature is among them.
 */
import type { Api } from '../../../electron/contract';
import type { Services } from '../../../electron/services/services';

export interface SecretWatch {
  /** The services' api, every answer and failure recorded. */
  api: Api;
  /** Everything sent so far, as JSON text. */
  sent(): string[];
  /** Names of the operations called. */
  called: Set<string>;
  stop(): void;
}

export function watchSecrets(services: Services): SecretWatch {
  const sent: string[] = [];
  const called = new Set<string>();
  const stop = services.onAny((name, args) => sent.push(`${name} ${JSON.stringify(args)}`));
  const api = new Proxy(services.api, {
    get(target, prop: string) {
      const fn = (target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop];
      return async (...args: unknown[]) => {
        called.add(prop);
        try {
          const value = await fn(...args);
          sent.push(JSON.stringify(value ?? null));
          return value;
        } catch (err) {
          sent.push(JSON.stringify(err) + String((err as Error)?.message));
          throw err;
        }
      };
    },
  });
  return { api, sent: () => [...sent], called, stop };
}

/** The secrets nothing sent may contain: each given one, and any SAS signature. */
export function leaks(sent: string[], secrets: Iterable<string>): string[] {
  const all = [...secrets].filter((s) => s.length >= 8);
  return sent.filter((t) => /[?&]sig=/.test(t) || all.some((s) => t.includes(s)));
}
