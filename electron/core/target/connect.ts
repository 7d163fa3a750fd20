/**
 * Opens a `pg` client to the target with libpq's sslmode meanings (node-pg has no `prefer`: we
 * try TLS first and fall back to plain when the server has none). Failures become UserErrors.
 */
import pg from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { connectionError } from './connection-errors';
import { passwordNow } from './expiring-password';
import type { SslMode, TargetConnection } from './types';

/** node-pg's `ssl` setting for an sslmode. */
export function sslOptions(mode: SslMode): false | ConnectionOptions {
  switch (mode) {
    case 'disable':
      return false;
    case 'prefer':
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
  }
}

async function tryConnect(conn: TargetConnection, ssl: false | ConnectionOptions, timeoutMs: number, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({
    host: conn.host,
    port: conn.port,
    user: conn.user,
    password: (await passwordNow(conn)) ?? '',
    database: conn.database ?? 'postgres',
    ssl,
    application_name: applicationName,
    connectionTimeoutMillis: timeoutMs,
    // Client-side: a statement_timeout startup parameter would be refused by PgBouncer (port 6432).
    query_timeout: 60_000,
  });
  // An error after connect (server restart) must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
}

/** Connects to the target's maintenance database (or `conn.database`), or throws a UserError saying what to do. */
export async function connectTarget(conn: TargetConnection, opts: { timeoutMs?: number; applicationName?: string } = {}): Promise<pg.Client> {
  const mode = conn.sslmode ?? 'prefer';
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const app = opts.applicationName ?? 'pgflex-restore';
  try {
    return await tryConnect(conn, sslOptions(mode), timeoutMs, app);
  } catch (err) {
    if (mode === 'prefer' && /does not support SSL/i.test(String((err as Error).message))) {
      try {
        return await tryConnect(conn, false, timeoutMs, app);
      } catch (plainErr) {
        throw connectionError(plainErr, conn);
      }
    }
    throw connectionError(err, conn);
  }
}
