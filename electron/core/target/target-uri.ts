/**
 * Reads a `postgresql://` URI into a TargetConnection (libpq's URI rules: percent-decoding,
 * `?sslmode=`, `?host=` for sockets, PG* environment variables as fallbacks), and redacts URIs for
 * logs and screens. Pure: the environment is passed in.
 */
import { UserError } from '../errors';
import { SSL_MODES } from '../../shared/replay-options';
import type { SslMode, TargetConnection } from './types';

const badUri = (message: string, uri: string): UserError =>
  new UserError('bad-argument', message, 'Write the target as postgresql://user:password@host:5432/postgres?sslmode=require', {
    uri: redactUri(uri),
  });

function decode(part: string, uri: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw badUri(`The target URI has an invalid percent-escape in "${part}".`, uri);
  }
}

/** Azure Database for PostgreSQL host names; the service requires TLS by default. */
export function isAzureHost(host: string): boolean {
  return /\.postgres\.database\.(azure\.com|chinacloudapi\.cn|usgovcloudapi\.net)$/i.test(host);
}

/** Parses a `postgresql://` (or `postgres://`) URI. `env` supplies PGPASSWORD, PGUSER and friends. */
export function parseTargetUri(uri: string, env: Record<string, string | undefined>): TargetConnection {
  const trimmed = uri.trim();
  if (!/^postgres(ql)?:\/\//i.test(trimmed)) throw badUri('The target must be a postgresql:// URI.', uri);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw badUri('The target URI cannot be read (several hosts, or a stray character?).', uri);
  }
  const q = url.searchParams;
  const urlHost = decode(url.hostname, uri).replace(/^\[(.*)\]$/, '$1');
  const host = urlHost || q.get('host') || env.PGHOST || 'localhost';
  const portText = url.port || q.get('port') || env.PGPORT || '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw badUri(`The port "${portText}" is not a TCP port.`, uri);
  const user = decode(url.username, uri) || q.get('user') || env.PGUSER;
  if (!user) throw badUri('The target URI names no user (and PGUSER is not set).', uri);
  const password = decode(url.password, uri) || q.get('password') || env.PGPASSWORD || undefined;
  const path = decode(url.pathname.replace(/^\//, ''), uri);
  const database = path || q.get('dbname') || env.PGDATABASE || 'postgres';
  const sslText = q.get('sslmode') ?? env.PGSSLMODE;
  let sslmode: SslMode | undefined;
  if (sslText) {
    if (!SSL_MODES.includes(sslText as SslMode)) throw badUri(`sslmode must be one of ${SSL_MODES.join(', ')}, not "${sslText}".`, uri);
    sslmode = sslText as SslMode;
  } else if (isAzureHost(host)) sslmode = 'require';
  return { host, port, user, ...(password !== undefined ? { password } : {}), database, ...(sslmode ? { sslmode } : {}) };
}

/** The URI with its password replaced by `***`, for logs, reports and the screen. */
export function redactUri(uri: string): string {
  try {
    const url = new URL(uri.trim());
    if (url.password) url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.toString().replace('password=%2A%2A%2A', 'password=***');
  } catch {
    return uri.replace(/(:\/\/[^:/@]*:)[^@]*@/, '$1***@').replace(/(password=)[^&\s]*/gi, '$1***');
  }
}

/** `user@host:port/database`, for messages; never the password. */
export function describeTarget(conn: TargetConnection): string {
  const host = conn.host.includes(':') ? `[${conn.host}]` : conn.host;
  return `${conn.user}@${host}:${conn.port}/${conn.database ?? 'postgres'}`;
}
