import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../../../electron/core/target/child-env';
import type { TargetConnection } from '../../../electron/core/target/types';
import { pgInfo, sql, uniq } from '../../support/pg';

const run = promisify(execFile);

describe('childEnv with a real psql', () => {
  const role = `pw_${uniq()}`;
  // Every character the passfile format must escape, plus a quote and a non-ASCII letter.
  const password = `a:b\\c:'ö\\:`;
  const tmp = mkdtempSync(join(tmpdir(), 'pgflex-childenv-'));
  let conn: TargetConnection;

  beforeAll(async () => {
    const pg = pgInfo();
    await sql('postgres', `CREATE ROLE ${role} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
    conn = { host: pg.host, port: pg.port, user: role, password, database: 'postgres', sslmode: 'disable' };
  });
  afterAll(async () => {
    await sql('postgres', `DROP ROLE IF EXISTS ${role}`);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a 0600 passfile in a 0700 folder and psql signs in with it', async () => {
    // A wrong PGPASSWORD in the parent would win over the passfile: it must not leak through.
    const { env, cleanup } = await childEnv(conn, tmp, { ...process.env, PGPASSWORD: 'wrong', PGSERVICE: 'nope' });
    try {
      expect(env.PGPASSWORD).toBeUndefined();
      expect(env.PGSERVICE).toBeUndefined();
      expect(env).toMatchObject({ PGHOST: conn.host, PGPORT: String(conn.port), PGUSER: role, PGDATABASE: 'postgres', PGSSLMODE: 'disable' });
      expect(env).toMatchObject({ LC_ALL: 'C', PGAPPNAME: 'pgflex-restore', PGCONNECT_TIMEOUT: '10' });
      expect(Object.values(env)).not.toContain(password);
      expect(statSync(env.PGPASSFILE).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(env.PGPASSFILE)).mode & 0o777).toBe(0o700);
      expect(readFileSync(env.PGPASSFILE, 'utf8')).toBe(`${conn.host}:${conn.port}:*:${role}:a\\:b\\\\c\\:'ö\\\\\\:\n`);

      const args = ['-X', '-w', '-tA', '-c', "SELECT current_user || ' ' || current_setting('application_name')"];
      const { stdout } = await run('psql', args, { env });
      expect(stdout.trim()).toBe(`${role} pgflex-restore`);
      expect(args.join(' ')).not.toContain(password);
    } finally {
      await cleanup();
    }
    expect(existsSync(env.PGPASSFILE)).toBe(false);
    await cleanup(); // twice is fine
  });

  it('carries a password as long as an Entra ID access token', async () => {
    const long = `${role}_long`;
    const token = 'eyJ0eXAiOiJKV1Qi.' + 'x'.repeat(3000);
    await sql('postgres', `CREATE ROLE ${long} LOGIN PASSWORD '${token}'`);
    try {
      const { env, cleanup } = await childEnv({ ...conn, user: long, password: token }, tmp);
      const { stdout } = await run('psql', ['-X', '-w', '-tA', '-c', 'SELECT current_user'], { env }).finally(cleanup);
      expect(stdout.trim()).toBe(long);
    } finally {
      await sql('postgres', `DROP ROLE ${long}`);
    }
  });

  it('writes an expiring password (an Entra token) again before it runs out: a connection opened later gets the new one', async () => {
    const entra = `${role}_entra`;
    // As Azure checks an Entra token when a connection opens: the role takes only the newest token, and only until it ends.
    const issue = async (token: string, lifeMs: number) => {
      const expiresAt = Date.now() + lifeMs;
      await sql('postgres', `ALTER ROLE ${entra} PASSWORD '${token}' VALID UNTIL '${new Date(expiresAt).toISOString()}'`);
      return { password: token, expiresAt, renewAt: expiresAt - lifeMs / 2 };
    };
    await sql('postgres', `CREATE ROLE ${entra} LOGIN`);
    const tokens = ['first-token-' + uniq(), 'second-token-' + uniq()];
    let kept = await issue(tokens[0], 2400);
    const expiring = { current: async () => (kept.renewAt > Date.now() ? kept : (kept = await issue(tokens[1], 60_000))) };
    try {
      const { env, cleanup } = await childEnv({ ...conn, user: entra, password: undefined, expiringPassword: expiring }, tmp);
      try {
        const psql = () => run('psql', ['-X', '-w', '-tA', '-c', 'SELECT current_user'], { env });
        expect((await psql()).stdout.trim()).toBe(entra);
        expect(readFileSync(env.PGPASSFILE, 'utf8')).toContain(tokens[0]);
        await new Promise((r) => setTimeout(r, 2800));
        // The first token has ended (and the role holds the second): the same environment still connects.
        expect(readFileSync(env.PGPASSFILE, 'utf8')).toContain(tokens[1]);
        expect(statSync(env.PGPASSFILE).mode & 0o777).toBe(0o600);
        expect((await psql()).stdout.trim()).toBe(entra);
        expect(Object.values(env).join('\n')).not.toMatch(/first-token|second-token/);
      } finally {
        await cleanup();
      }
      expect(existsSync(dirname(env.PGPASSFILE))).toBe(false);
    } finally {
      await sql('postgres', `DROP ROLE ${entra}`);
    }
  });

  it('without a password, psql fails rather than prompting', async () => {
    const { env, cleanup } = await childEnv({ ...conn, password: undefined }, tmp, { PATH: process.env.PATH, HOME: tmp });
    expect(env.PGPASSFILE).toBeUndefined();
    await expect(run('psql', ['-X', '-w', '-c', 'SELECT 1'], { env })).rejects.toMatchObject({
      stderr: expect.stringMatching(/password/),
    });
    await cleanup();
  });
});
