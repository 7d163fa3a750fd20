/**
 * Reads a `postgresql://` URI into a TargetConnection (libpq's URI rules: percent-decoding,
 * `?sslmode=`, `?host=` for sockets, PG* environment variables as fallbacks), and redacts URIs for
 * logs and screens. Pure: the environment is passed in. No error message ever holds any part of
 * the password — not a bad percent-escape in it, not the piece an unencoded `/`, `?` or `#` in it
 * would make into a port or a database name.
 */
import { UserError } from '../errors';
import { SSL_MODES } from '../../shared/replay-options';
import type { SslMode, TargetConnection } from './types';

const badUri = (message: string, uri: string): UserError =>
  new UserError('bad-argument', message, 'Write the target as postgresql://user:password@host:5432/postgres?sslmode=require', {
    uri: redactUri(uri),
  });

function decode(part: string, uri: string, what: 'user name' | 'password' | 'host' | 'database name'): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw badUri(`The target URI has an invalid percent-escape in its ${what}${what === 'password' ? '' : ` "${part}"`}; write a literal % as %25.`, uri);
  }
}

/**
 * An `@` after the first `/`, `?` or `#` of the authority means the user name or password holds
 * one of those characters unencoded: read as libpq (or a URL parser) would, part of the password
 * would become the port, the database or a fragment — and end up in messages. Refused instead.
 */
function misplacedAt(uri: string): boolean {
  const rest = uri.replace(/^postgres(ql)?:\/\//i, '');
  const end = rest.search(/[/?#]/);
  if (end < 0) return false;
  const at = rest.indexOf('@', end);
  if (at < 0) return false;
  const before = rest.slice(end, at);
  // An `@` inside a query value (`?user=admin@server`) is fine; anywhere else it is not.
  const q = before.indexOf('?');
  if (q >= 0 && !before.includes('#') && /=[^&]*$/.test(before.slice(q))) return false;
  return true;
}

/** Azure Database for PostgreSQL host names; the service requires TLS by default. */
export function isAzureHost(host: string): boolean {
  return /\.postgres\.database\.(azure\.com|chinacloudapi\.cn|usgovcloudapi\.net)$/i.test(host);
}

/** Parses a `postgresql://` (or `postgres://`) URI. `env` supplies PGPASSWORD, PGUSER and friends. */
export function parseTargetUri(uri: string, env: Record<string, string | undefined>): TargetConnection {
  const trimmed = uri.trim();
  if (!/^postgres(ql)?:\/\//i.test(trimmed)) throw badUri('The target must be a postgresql:// URI.', uri);
  if (misplacedAt(trimmed)) {
    throw badUri('The target URI has an "@" after a "/", "?" or "#": a user name or password holding one of those characters must be percent-encoded (/ as %2F, ? as %3F, # as %23, @ as %40).', uri);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw badUri('The target URI cannot be read (several hosts, or a stray character?).', uri);
  }
  const q = url.searchParams;
  const urlHost = decode(url.hostname, uri, 'host').replace(/^\[(.*)\]$/, '$1');
  const host = urlHost || q.get('host') || env.PGHOST || 'localhost';
  const portText = url.port || q.get('port') || env.PGPORT || '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw badUri(`The port "${portText}" is not a TCP port.`, uri);
  const user = decode(url.username, uri, 'user name') || q.get('user') || env.PGUSER;
  if (!user) throw badUri('The target URI names no user (and PGUSER is not set).', uri);
  const password = decode(url.password, uri, 'password') || q.get('password') || env.PGPASSWORD || undefined;
  const path = decode(url.pathname.replace(/^\//, ''), uri, 'database name');
  const database = path || q.get('dbname') || env.PGDATABASE || 'postgres';
  const sslText = q.get('sslmode') ?? env.PGSSLMODE;
  let sslmode: SslMode | undefined;
  if (sslText) {
    if (!SSL_MODES.includes(sslText as SslMode)) throw badUri(`sslmode must be one of ${SSL_MODES.join(', ')}, not "${sslText}".`, uri);
    sslmode = sslText as SslMode;
  } else if (isAzureHost(host)) sslmode = 'require';
  return { host, port, user, ...(password !== undefined ? { password } : {}), database, ...(sslmode ? { sslmode } : {}) };
}

/**
 * The URI with its password replaced by `***`, for logs, reports and the screen. Read as text, not
 * parsed: everything between the user's `:` and the last `@` goes, so a password holding an
 * unencoded `/`, `#` or `@` is hidden whole (a URI with an `@` in its query loses a little more).
 */
export function redactUri(uri: string): string {
  return uri
    .replace(/(:\/\/[^:/?#@\s]*:)[^]*@/, '$1***@')
    .replace(/(\bpassword=)[^&#\s]*/gi, '$1***');
}

/** `user@host:port/database`, for messages; never the password. */
export function describeTarget(conn: TargetConnection): string {
  const host = conn.host.includes(':') ? `[${conn.host}]` : conn.host;
  return `${conn.user}@${host}:${conn.port}/${conn.database ?? 'postgres'}`;
}
