/**
 * Turns a failed connection (a socket error, a TLS error, or the server's FATAL with its SQLSTATE)
 * into a UserError that says what happened and what to do. Pure.
 */
import { UserError } from '../errors';
import { describeTarget, isAzureHost } from './target-uri';
import type { TargetConnection } from './types';

interface ErrorLike {
  message?: string;
  code?: string;
  errors?: { code?: string; message?: string }[];
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EADDRNOTAVAIL']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
]);

/** The UserError for an error thrown while connecting to `conn`. */
export function connectionError(err: unknown, conn: TargetConnection): UserError {
  const e = (err ?? {}) as ErrorLike;
  const code = e.code ?? e.errors?.find((x) => x.code)?.code ?? '';
  const message = (e.message || e.errors?.map((x) => x.message).join('; ') || String(err)).trim();
  const where = `${conn.host}:${conn.port}`;
  const details = { target: describeTarget(conn), code, serverMessage: message };
  const azure = isAzureHost(conn.host);

  if (NETWORK_CODES.has(code) || /timeout|timed out/i.test(message)) {
    const what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `The host name ${conn.host} cannot be resolved`
        : code === 'ECONNREFUSED'
          ? `Nothing accepts connections at ${where}`
          : `PostgreSQL at ${where} does not answer (${code || 'timeout'})`;
    const hint = azure
      ? 'Check the server name and that it is running; in the Azure portal, under Networking, allow your public IP address (or connect from inside the virtual network).'
      : 'Check the host name and port, that the server is running and listening on that address (listen_addresses), and that no firewall is in the way.';
    return new UserError('target-unreachable', `${what}.`, hint, details);
  }
  if (code === '28P01') {
    return new UserError(
      'target-auth',
      `The password for user "${conn.user}" was rejected by ${where}.`,
      azure
        ? 'Check the admin user name and password (Azure portal → the server → Overview shows the admin name); an Entra ID token expires after about an hour — sign in again.'
        : 'Check the user name and password.',
      details,
    );
  }
  if (code === '28000') {
    const noEncryption = /no encryption/i.test(message);
    const notLogin = /not permitted to log in/i.test(message);
    const hint = noEncryption
      ? 'The server requires an encrypted connection: use sslmode=require (or verify-full).'
      : notLogin
        ? `Role "${conn.user}" exists but has no LOGIN attribute: use another user, or ALTER ROLE … LOGIN.`
        : azure
          ? 'The server refused this user or address; check the user name and the firewall rules in the Azure portal.'
          : 'The server\'s pg_hba.conf has no entry for this host, user and database: add one and reload, or connect as another user.';
    return new UserError('target-refused', `${where} refused the connection: ${message}`, hint, details);
  }
  if (/does not support SSL/i.test(message)) {
    return new UserError(
      'target-refused',
      `${where} does not accept encrypted connections, and sslmode=${conn.sslmode ?? 'prefer'} requires one.`,
      'Use sslmode=prefer or sslmode=disable for this server, or turn on ssl in its configuration.',
      details,
    );
  }
  if (TLS_CODES.has(code) || /certificate/i.test(message)) {
    return new UserError(
      'target-refused',
      `The server's TLS certificate could not be verified (${code || message}).`,
      'For sslmode=verify-ca/verify-full, give the CA certificate (PGSSLROOTCERT); for Azure use the DigiCert/Microsoft root CAs. Or use sslmode=require, which encrypts without verifying.',
      details,
    );
  }
  if (code === '3D000') {
    return new UserError(
      'target-refused',
      `The maintenance database "${conn.database ?? 'postgres'}" does not exist on ${where}.`,
      'Name an existing database in the target URI (…/postgres), which is used to create the others.',
      details,
    );
  }
  if (code === '57P03') {
    return new UserError('target-unreachable', `${where} is restarting or shutting down (${message}): it may have crashed — a full disk, memory — or been restarted.`,
      'Check the server and its log; once it accepts connections again, retry.', details);
  }
  if (code === '53300') {
    return new UserError('target-refused', `${where} cannot take a connection now: ${message}`, 'Wait for the server, or free connections, and retry.', details);
  }
  if (/error establishing an SSL connection/i.test(message)) {
    // node-postgres says this when the answer to its SSL request is neither PostgreSQL's "yes" nor "no".
    return new UserError(
      'target-unreachable',
      `Something answers on ${where}, but not as PostgreSQL does: it did not understand the request for an encrypted connection.`,
      'Check the port: this is likely another service (SSH, HTTP, a proxy). PostgreSQL listens on 5432 by default; Azure Flexible Server on 5432 (or 6432 for PgBouncer).',
      details,
    );
  }
  if (/terminated unexpectedly|ECONNRESET|not a PostgreSQL|unexpected message/i.test(message)) {
    return new UserError(
      'target-unreachable',
      `The connection to ${where} was cut before PostgreSQL answered.`,
      'If it answered before, the server is probably restarting or shutting down: check that it is up, then retry. Otherwise check that this host and port are a PostgreSQL server (not a proxy or another service), and the SSL setting.',
      details,
    );
  }
  return new UserError('target-refused', `Could not connect to ${where}: ${message}`, 'Check the target connection settings and retry.', details);
}

/**
 * What a query the server refused means, once connected — during the pre-flight, for instance:
 * a statement_timeout set on the role (ALTER ROLE … SET statement_timeout = '1ms') cancels every
 * query, a revoked catalog privilege refuses one, a restart cuts the connection. Anything that is
 * neither a server error nor a lost connection is a bug and is returned unchanged.
 */
export function queryError(err: unknown, conn: TargetConnection, during: string): unknown {
  if (err instanceof UserError) return err;
  const e = (err ?? {}) as ErrorLike & { severity?: string };
  const code = e.code ?? '';
  const message = String(e.message ?? err).trim();
  const where = `${conn.host}:${conn.port}`;
  const details = { target: describeTarget(conn), code, serverMessage: message, during };
  const lost = code.startsWith('08') || code.startsWith('57P') || NETWORK_CODES.has(code) || /Connection terminated|Query read timeout|ECONNRESET|socket hang up|not queryable/i.test(message);
  if (lost) {
    return new UserError('target-unreachable', `The connection to ${where} was lost during ${during}: ${message}.`, 'Check that the server is up (it may be restarting) and retry.', details);
  }
  if (!e.severity && !/^[0-9A-Z]{5}$/.test(code)) return err;
  if (code === '57014') {
    const timeout = /statement timeout/i.test(message);
    return new UserError('target-refused',
      `${where} cancelled a query of ${during}: ${message}.`,
      timeout
        ? `A statement_timeout set for "${conn.user}" or its database is too short for it: reset it (ALTER ROLE "${conn.user}" RESET statement_timeout, or ALTER DATABASE … RESET statement_timeout), or connect as another user, then retry.`
        : 'Someone cancelled it on the server (pg_cancel_backend); retry.',
      details);
  }
  if (code === '42501') {
    return new UserError('target-refused', `${where} refused a query of ${during} to "${conn.user}": ${message}.`,
      'Connect as the server admin (or a role that may read the system catalogs), then retry.', details);
  }
  if (code.startsWith('53')) {
    return new UserError('target-refused', `${where} is out of resources during ${during}: ${message}.`, 'Free connections or memory on the server, then retry.', details);
  }
  return new UserError('target-refused', `${where} refused a query of ${during}: ${message}${code ? ` (SQLSTATE ${code})` : ''}.`,
    'Check the server log for why, fix it, then retry.', details);
}
