import { describe, expect, it } from 'vitest';
import { UserError } from '../../../electron/core/errors';
import { describeTarget, parseTargetUri, redactUri } from '../../../electron/core/target/target-uri';

describe('parseTargetUri', () => {
  it('reads every part of a URI, percent-decoded', () => {
    expect(parseTargetUri('postgresql://my%40admin:p%3Aa%2Fss%40w0rd@db.example.com:6432/Z%C3%B6e%20db?sslmode=verify-full', {})).toEqual({
      host: 'db.example.com',
      port: 6432,
      user: 'my@admin',
      password: 'p:a/ss@w0rd',
      database: 'Zöe db',
      sslmode: 'verify-full',
    });
  });

  it('falls back to the PG* environment and libpq defaults', () => {
    expect(parseTargetUri('postgres://', { PGUSER: 'bob', PGPASSWORD: 's3cret', PGSSLMODE: 'disable' })).toEqual({
      host: 'localhost',
      port: 5432,
      user: 'bob',
      password: 's3cret',
      database: 'postgres',
      sslmode: 'disable',
    });
  });

  it('prefers the password in the URI over PGPASSWORD', () => {
    expect(parseTargetUri('postgresql://u:inuri@h/db', { PGPASSWORD: 'env' }).password).toBe('inuri');
  });

  it('reads IPv6 hosts, socket folders and query parameters', () => {
    expect(parseTargetUri('postgresql://u@[::1]:5433/x', {})).toMatchObject({ host: '::1', port: 5433 });
    expect(parseTargetUri('postgresql:///x?host=%2Fvar%2Frun%2Fpostgresql&user=u&port=5439', {})).toMatchObject({
      host: '/var/run/postgresql',
      user: 'u',
      port: 5439,
    });
  });

  it('asks for TLS by default on Azure hosts', () => {
    expect(parseTargetUri('postgresql://admin@srv.postgres.database.azure.com/postgres', {}).sslmode).toBe('require');
    expect(parseTargetUri('postgresql://admin@srv.postgres.database.azure.com/postgres?sslmode=verify-full', {}).sslmode).toBe('verify-full');
    expect(parseTargetUri('postgresql://admin@localhost/postgres', {}).sslmode).toBeUndefined();
  });

  it.each([
    ['mysql://u@h/db', /postgresql:\/\/ URI/],
    ['postgresql://u@h/db?port=70000', /not a TCP port/],
    ['postgresql://h/db', /names no user/],
    ['postgresql://u@h/db?sslmode=allow', /sslmode must be one of/],
    ['postgresql://u:%E0%A4%A@h/db', /invalid percent-escape/],
  ])('rejects %s with a UserError', (uri, message) => {
    const caught = refusal(uri);
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).code).toBe('bad-argument');
    expect((caught as UserError).message).toMatch(message);
    expect(JSON.stringify((caught as UserError).details)).not.toContain('%E0%A4%A@');
  });
});

/** What parseTargetUri throws for `uri` (undefined when it does not). */
function refusal(uri: string): unknown {
  try {
    parseTargetUri(uri, {});
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('no part of a password in any message', () => {
  // Each password would leak a piece today's parsers make into a message: the bad escape itself,
  // a "port" or "database" cut out of it by an unencoded '/', '?' or '#'.
  it.each([
    ['postgresql://admin:s3cr%t@h/db', 's3cr%t', /percent-escape in its password/],
    ['postgresql://admin:12/3456secret@h/db', '3456secret', /must be percent-encoded/],
    ['postgresql://admin:pa#ss9secret@h/db', 'ss9secret', /must be percent-encoded/],
    ['postgresql://admin:pa?ss9secret@h/db', 'ss9secret', /must be percent-encoded/],
  ])('%s', (uri, secret, message) => {
    const caught = refusal(uri);
    expect(caught).toBeInstanceOf(UserError);
    const e = caught as UserError;
    expect(e.message).toMatch(message);
    const shown = JSON.stringify(e.toJSON()) + e.message + e.hint;
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(secret.slice(0, 4));
  });

  it('keeps an @ in a query value (Azure Single Server style user names)', () => {
    expect(parseTargetUri('postgresql://h:5432/db?user=admin@server', {}).user).toBe('admin@server');
  });
});

describe('redactUri', () => {
  it('hides a password holding unencoded /, # or @ whole', () => {
    for (const uri of ['postgresql://u:12/34xyz@h/db', 'postgresql://u:ab#cdxyz@h/db', 'postgresql://u:p@ssxyz@h/db']) {
      const r = redactUri(uri);
      expect(r).not.toContain('xyz');
      expect(r).toMatch(/^postgresql:\/\/u:\*\*\*@h\/db$/);
    }
  });

  it('hides the password wherever it is', () => {
    expect(redactUri('postgresql://admin:p%40ss@h:5432/db?sslmode=require')).toBe('postgresql://admin:***@h:5432/db?sslmode=require');
    expect(redactUri('postgresql://admin@h/db?password=secret&sslmode=require')).toBe('postgresql://admin@h/db?password=***&sslmode=require');
    expect(redactUri('postgresql://admin@h/db')).toBe('postgresql://admin@h/db');
    expect(redactUri('not a uri://a:secret@b password=x')).not.toContain('secret');
  });
});

describe('describeTarget', () => {
  it('never shows the password', () => {
    expect(describeTarget({ host: '::1', port: 5432, user: 'u', password: 'pw' })).toBe('u@[::1]:5432/postgres');
  });
});
