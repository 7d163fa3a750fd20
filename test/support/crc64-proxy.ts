/**
 * An HTTP proxy in front of Azurite that adds what Azurite does not do but the real Blob service
 * does: a range GET with `x-ms-range-get-content-crc64: true` (4 MiB or less) is answered with
 * `x-ms-content-crc64`, the CRC64 of the range's bytes. Azurite would refuse the header in strict
 * mode, so the proxy takes it off the request, and computes the value with Azurite's own CRC64
 * (an implementation independent of the product's). `corrupt` flips one byte of the next N such
 * answers after their CRC64 is taken, as a bad link or disk would.
 */
import { createRequire } from 'node:module';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

const require = createRequire(import.meta.url);
const azuriteUtils = require('azurite/dist/src/common/utils/utils.js') as { getCRC64FromString(data: Buffer): Uint8Array };

export interface Crc64Proxy {
  origin: string;
  /** Range requests seen: their length and whether they asked for a CRC64. */
  ranges: Array<{ length: number; crc64: boolean }>;
  /** Corrupt one byte in each of the next `n` CRC64 answers. */
  corrupt(n: number): void;
  stop(): Promise<void>;
}

/** Starts the proxy on a free loopback port, forwarding to `target` (host:port). */
export async function startCrc64Proxy(targetHost: string, targetPort: number): Promise<Crc64Proxy> {
  const ranges: Crc64Proxy['ranges'] = [];
  let corruptLeft = 0;
  const server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers };
    const wantCrc = headers['x-ms-range-get-content-crc64'] === 'true';
    delete headers['x-ms-range-get-content-crc64'];
    const range = /bytes=(\d+)-(\d+)/.exec(String(headers['x-ms-range'] ?? headers.range ?? ''));
    if (range) ranges.push({ length: Number(range[2]) - Number(range[1]) + 1, crc64: wantCrc });
    const up = request({ host: targetHost, port: targetPort, method: req.method, path: req.url, headers }, (answer) => {
      if (!wantCrc || !range || (answer.statusCode ?? 0) >= 300 || Number(range[2]) - Number(range[1]) + 1 > 4 * 1024 * 1024) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const crc = Buffer.from(azuriteUtils.getCRC64FromString(body)).toString('base64');
        if (corruptLeft > 0 && body.length > 0) {
          corruptLeft--;
          body[body.length >> 1] ^= 0xff;
        }
        res.writeHead(answer.statusCode ?? 200, { ...answer.headers, 'x-ms-content-crc64': crc });
        res.end(body);
      });
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ranges,
    corrupt: (n) => (corruptLeft = n),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
