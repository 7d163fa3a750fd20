/**
 * A port where another service listens: the real node-postgres client meets an SSH-style banner,
 * and the error says it is not PostgreSQL, with what to check, instead of a bare "SSL error".
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTarget } from '../../../electron/core/target/connect';
import { UserError } from '../../../electron/core/errors';

let server: Server;
let port: number;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.end('SSH-2.0-OpenSSH_9.2\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((r) => server.close(r));
});

describe('a port where PostgreSQL does not listen', () => {
  it.each(['prefer', 'require'] as const)('says so for sslmode=%s', async (sslmode) => {
    const err = await connectTarget({ host: '127.0.0.1', port, user: 'u', password: 'p', database: 'postgres', sslmode }, { timeoutMs: 5_000 })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('target-unreachable');
    expect((err as UserError).message).toBe(`Something answers on 127.0.0.1:${port}, but not as PostgreSQL does: it did not understand the request for an encrypted connection.`);
    expect((err as UserError).hint).toMatch(/another service/);
  });
});
