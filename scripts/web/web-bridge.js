// The browser bridge's client, served as /web-bridge.js by `npm run web` (never part of the app):
// defines `window.pgflex` with the contract's Bridge shape, over HTTP to the real services.
// The per-start token and the operation names come from a meta tag of the served page, which
// is removed once read; requests send the token as a bearer header, events arrive as a
// Server-Sent Events stream read with fetch (EventSource cannot send headers).
(() => {
  'use strict';
  const meta = document.querySelector('meta[name="pgflex-bridge"]');
  if (!meta) return;
  const { token, methods } = JSON.parse(meta.getAttribute('content') || '{}');
  meta.remove();
  const headers = { Authorization: `Bearer ${token}` };

  const call = async (method, args) => {
    const res = await fetch(`./api/${method}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      cache: 'no-store',
      credentials: 'omit',
    });
    const body = await res.json().catch(() => null);
    if (res.ok && body) return body.value;
    throw new Error((body && body.error) || `The bridge answered HTTP ${res.status}.`);
  };

  const listeners = new Set();
  let streaming = false;
  const stream = async () => {
    if (streaming) return;
    streaming = true;
    try {
      const res = await fetch('./api/events', { headers, cache: 'no-store', credentials: 'omit' });
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = chunk.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (!data) continue;
          const { runId, events } = JSON.parse(data);
          for (const l of listeners) l(runId, events);
        }
      }
    } catch (err) {
      console.warn('pgflex bridge: event stream lost, reconnecting', err);
    }
    streaming = false;
    setTimeout(stream, 500);
  };
  // Connected at once, so no event is missed between a subscription and the first replay.
  void stream();

  const bridge = {};
  for (const name of methods) bridge[name] = (...args) => call(name, args);
  bridge.onReplayEvents = (listener) => {
    if (typeof listener !== 'function') throw new TypeError('onReplayEvents needs a function');
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  Object.defineProperty(window, 'pgflex', { value: Object.freeze(bridge), enumerable: true });
})();
