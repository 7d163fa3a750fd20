/**
 * The browser bridge's client, bundled into /bridge.js by `npm run web` and the tests (never part
 * of the app): `window.pgflex` built by the preload's own `buildBridge` over HTTP, so a page in a
 * browser gets exactly the bridge the app's renderer gets. The session is a cookie set when the
 * one-time start URL was opened; events arrive as Server-Sent Events.
 */
import { buildBridge } from '../../electron/preload/build-bridge';
import type { EventName } from '../../electron/operations';

type Listener = (...args: unknown[]) => void;
const listeners = new Map<EventName, Set<Listener>>();

// Connected at once, so no event is missed between a subscription and the first replay;
// EventSource reconnects by itself when the stream drops.
const events = new EventSource('./api/events');
events.onmessage = (message) => {
  const { event, args } = JSON.parse(message.data as string) as { event: EventName; args: unknown[] };
  for (const l of listeners.get(event) ?? []) l(...args);
};

const bridge = buildBridge({
  async invoke(name, args) {
    const res = await fetch(`./api/${name}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args), cache: 'no-store', credentials: 'same-origin',
    });
    const body = (await res.json().catch(() => null)) as { value?: unknown; error?: string } | null;
    if (res.ok && body) return body.value;
    // As Electron's invoke: the message is the problem as JSON, which the renderer reads back.
    throw new Error(body?.error ?? `The bridge answered HTTP ${res.status}.`);
  },
  on(name, listener) {
    const set = listeners.get(name) ?? new Set<Listener>();
    listeners.set(name, set.add(listener));
    return () => void set.delete(listener);
  },
});

Object.defineProperty(window, 'pgflex', { value: bridge, enumerable: true });
