/**
 * A loopback TCP proxy that behaves like a long-distance link: each connection is held to a fixed
 * rate (server → client) and every byte is delayed by half the round-trip time in each direction.
 * One connection is slow; many in parallel are proportionally faster — which is what makes
 * parallel range requests pay off against a real storage account far away. For the download
 * benchmark and the fault tests (a slow link keeps a download running long enough to break it).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface SlowProxyOptions {
  /** Where to forward to. */
  targetHost: string;
  targetPort: number;
  /** Bytes per second per connection, server → client. */
  bytesPerSecond: number;
  /** Round-trip time added, split over both directions (default 0). */
  rttMs?: number;
}

export interface SlowProxy {
  port: number;
  /** The proxy's origin, e.g. http://127.0.0.1:40123. */
  origin: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Cuts every open connection (as a dropped link would). */
  cutAll(): void;
  /** Stops sending on every open connection but keeps it open (a stalled link); new connections flow. */
  stallAll(): void;
  /** Changes the rate of every connection, open ones included (a link that gets faster). */
  setRate(bytesPerSecond: number): void;
  stop(): Promise<void>;
}

const HIGH_WATER = 1024 * 1024;

/** Paces chunks through: each leaves no earlier than its arrival + delay and at the rate given. */
function pace(from: Socket, to: Socket, rate: () => number, delayMs: number, stalled: () => boolean = () => false): void {
  const queue: Array<{ at: number; data: Buffer }> = [];
  let queued = 0;
  let nextFree = 0; // when the link is free to start sending the next byte
  let timer: NodeJS.Timeout | null = null;
  let ended = false;

  const flush = (): void => {
    timer = null;
    if (stalled()) return; // hold everything: the connection stays open and silent
    const now = Date.now();
    const bytesPerSecond = rate();
    const slice = Math.max(1024, Math.floor(bytesPerSecond / 50)); // ~20 ms of data per write
    while (queue.length) {
      const head = queue[0];
      const start = Math.max(head.at, nextFree);
      if (start > now) {
        timer = setTimeout(flush, start - now);
        return;
      }
      const piece = head.data.subarray(0, slice);
      head.data = head.data.subarray(piece.length);
      if (head.data.length === 0) queue.shift();
      queued -= piece.length;
      // A late timer may catch up on up to 50 ms of sending it missed, so a busy machine does not
      // make the link slower than its rate (the average holds; bursts stay short).
      nextFree = Math.max(now - 50, nextFree) + (piece.length * 1000) / bytesPerSecond;
      if (!to.destroyed) to.write(piece);
      if (queued < HIGH_WATER && from.isPaused()) from.resume();
    }
    if (ended && !to.destroyed) to.end();
  };

  from.on('data', (data: Buffer) => {
    queue.push({ at: Date.now() + delayMs, data });
    queued += data.length;
    if (queued >= HIGH_WATER) from.pause();
    if (!timer) flush();
  });
  from.on('end', () => {
    ended = true;
    if (!timer) flush();
  });
}

/** Starts the proxy on a free loopback port. */
export async function startSlowProxy(opts: SlowProxyOptions): Promise<SlowProxy> {
  const sockets = new Set<Socket>();
  const stalled = new WeakSet<Socket>();
  let count = 0;
  let rate = opts.bytesPerSecond;
  const oneWay = (opts.rttMs ?? 0) / 2;
  const server: Server = createServer((client) => {
    count++;
    const upstream = connect(opts.targetPort, opts.targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    pace(client, upstream, () => Number.MAX_SAFE_INTEGER / 2, oneWay);
    pace(upstream, client, () => rate, oneWay, () => stalled.has(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    connections: () => count,
    cutAll: () => {
      for (const s of sockets) s.destroy();
    },
    stallAll: () => {
      for (const s of sockets) stalled.add(s);
    },
    setRate: (bytesPerSecond) => {
      rate = bytesPerSecond;
    },
    stop: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
