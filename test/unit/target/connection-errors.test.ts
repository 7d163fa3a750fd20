import { describe, expect, it } from 'vitest';
import { UserError } from '../../../electron/core/errors';
import { connectionError, queryError } from '../../../electron/core/target/connection-errors';

const local = { host: '127.0.0.1', port: 5999, user: 'admin', password: 'pw' };
const azure = { host: 'srv.postgres.database.azure.com', port: 5432, user: 'admin', sslmode: 'require' as const };

// Shapes of errors as node-pg and node:net raise them.
const netError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('connectionError', () => {
  it('names host and port when nothing listens', () => {
    const e = connectionError(netError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5999'), local);
    expect(e.code).toBe('target-unreachable');
    expect(e.message).toBe('Nothing accepts connections at 127.0.0.1:5999.');
    expect(e.hint).toMatch(/listen_addresses/);
  });

  it('reads the code of an AggregateError (localhost resolving to ::1 and 127.0.0.1)', () => {
    const agg = new AggregateError([netError('ECONNREFUSED', 'a'), netError('ECONNREFUSED', 'b')], '');
    expect(connectionError(agg, local).code).toBe('target-unreachable');
  });

  it('tells Azure users about firewall rules on a timeout', () => {
    const e = connectionError(new Error('Connection terminated due to connection timeout'), azure);
    expect(e.code).toBe('target-unreachable');
    expect(e.hint).toMatch(/Networking/);
  });

  it('explains an unknown host', () => {
    expect(connectionError(netError('ENOTFOUND', 'getaddrinfo ENOTFOUND nohost'), { ...local, host: 'nohost' }).message).toMatch(
      /cannot be resolved/,
    );
  });

  it('maps SQLSTATE 28P01 to target-auth', () => {
    const e = connectionError(netError('28P01', 'password authentication failed for user "admin"'), local);
    expect(e.code).toBe('target-auth');
    expect(e.details.serverMessage).toMatch(/password authentication failed/);
  });

  it('tells an SSL requirement apart from other pg_hba refusals (SQLSTATE 28000)', () => {
    const ssl = connectionError(
      netError('28000', 'no pg_hba.conf entry for host "10.0.0.4", user "admin", database "postgres", no encryption'),
      local,
    );
    expect(ssl.code).toBe('target-refused');
    expect(ssl.hint).toMatch(/sslmode=require/);
    const hba = connectionError(netError('28000', 'no pg_hba.conf entry for host "10.0.0.4", user "x", database "postgres", SSL encryption'), local);
    expect(hba.hint).toMatch(/pg_hba.conf/);
  });

  it('explains a server without TLS and a certificate that does not verify', () => {
    expect(connectionError(new Error('The server does not support SSL connections'), { ...local, sslmode: 'require' }).message).toMatch(
      /does not accept encrypted connections, and sslmode=require/,
    );
    expect(connectionError(netError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), azure).hint).toMatch(
      /PGSSLROOTCERT/,
    );
  });

  it('maps a missing maintenance database', () => {
    expect(connectionError(netError('3D000', 'database "nope" does not exist'), { ...local, database: 'nope' }).message).toMatch(
      /"nope" does not exist/,
    );
  });

  it('never puts the password in the error', () => {
    const e = connectionError(netError('28P01', 'password authentication failed'), { ...local, password: 'hunter2' });
    expect(JSON.stringify(e.toJSON())).not.toContain('hunter2');
  });
});

describe('queryError', () => {
  it('a session the server dropped mid-way (a restart, an administrator) is a lost connection, said with what to do', () => {
    const dropped = [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' }),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('Connection terminated unexpectedly'),
    ];
    for (const err of dropped) {
      const e = queryError(err, local, 'the restore of "shop"') as UserError;
      expect(e).toBeInstanceOf(UserError);
      expect(e.code).toBe('target-unreachable');
      expect(e.message).toBe(`The connection to 127.0.0.1:5999 was lost during the restore of "shop": ${err.message}.`);
      expect(e.hint).toMatch(/server is up \(it may be restarting\)/);
    }
    // Not a server's answer at all (a bug): passed through as it is.
    const bug = new TypeError('x is undefined');
    expect(queryError(bug, local, 'the restore')).toBe(bug);
  });
});
