import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../electron/core/errors';
import { parsePostmasterPid } from '../../../electron/core/sandbox/postmaster-pid';
import { removeSandbox, startSandbox, type Sandbox } from '../../../electron/core/sandbox/sandbox';
import { freePort } from '../../support/pg-cluster';
import { pgInfo, sql } from '../../support/pg';
import { mountSmallDisk, unmountSmallDisk } from '../../support/small-disk';

const root = mkdtempSync(join(tmpdir(), 'pgflex-sbx-test-'));
chmodSync(root, 0o711); // as root the server runs as "postgres", which must pass through
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function query(sb: Sandbox, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client(sb.connection);
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function accepts(port: number): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'x', password: 'x', database: 'x', connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (err) {
    // A refused TCP connection means nobody listens; an auth error means a server answered.
    return !/ECONNREFUSED/.test(String(err));
  } finally {
    await client.end().catch(() => undefined);
  }
}

function postmasterPid(dir: string, dataName = 'data'): number {
  return parsePostmasterPid(readFileSync(join(dir, dataName, 'postmaster.pid'), 'utf8'))!.pid;
}

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    try { process.kill(pid, 0); } catch { return; }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`pid ${pid} still alive`);
}

describe('sandbox server', () => {
  it('keeps data across a stop and a start, with a 0600 password that is never logged', async () => {
    const dir = join(root, 'persist');
    const logs: string[] = [];
    const sb = await startSandbox({ dir, port: await freePort(), onLog: (l) => logs.push(l) });
    expect(sb.connection).toMatchObject({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
    expect(sb.version).toMatch(/^18\.\d+$/);
    expect(sb.reused).toBe(false);
    expect(sb.dir).toBe(resolve(dir));
    await query(sb, 'CREATE TABLE kept (id int primary key, note text); INSERT INTO kept VALUES (1, \'still here\')');
    await sb.stop();
    expect(await accepts(sb.connection.port)).toBe(false);
    expect(existsSync(join(dir, 'data', 'postmaster.pid'))).toBe(false);

    const again = await startSandbox({ dir, port: await freePort(), onLog: (l) => logs.push(l) });
    try {
      expect(again.connection.password).toBe(sb.connection.password);
      expect(await query(again, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await again.stop();
    }
    expect(statSync(join(dir, 'password')).mode & 0o777).toBe(0o600);
    expect(logs.some((l) => l.includes('ready to accept connections'))).toBe(true);
    expect(logs.join('\n')).not.toContain(sb.connection.password);
  });

  it('starts after a crash: a dead pid or a reused pid in postmaster.pid is removed', async () => {
    const dir = join(root, 'crash');
    const sb = await startSandbox({ dir, port: await freePort() });
    await query(sb, 'CREATE TABLE t (x int); INSERT INTO t VALUES (42)');
    const pid = postmasterPid(dir);
    process.kill(pid, 'SIGKILL'); // a crash: postmaster.pid stays behind
    await waitGone(pid);
    expect(existsSync(join(dir, 'data', 'postmaster.pid'))).toBe(true);

    const logs: string[] = [];
    const after = await startSandbox({ dir, port: await freePort(), onLog: (l) => logs.push(l) });
    expect(logs.some((l) => l.includes(`Removed a stale postmaster.pid: pid ${pid}`))).toBe(true);
    expect(await query(after, 'SELECT x FROM t')).toEqual([{ x: 42 }]);
    await after.stop();
    await sb.stop(); // the crashed handle: a no-op now

    // After a reboot the old pid may belong to an unrelated live program.
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    expect(existsSync(join(dir, 'data', 'postmaster.pid'))).toBe(false); // a clean stop removed it; fake one
    writeFileSync(join(dir, 'data', 'postmaster.pid'), `${sleeper.pid}\n${join(dir, 'data')}\n0\n1\n\n127.0.0.1\n0 0\nready\n`);
    try {
      const third = await startSandbox({ dir, port: await freePort() });
      expect(await query(third, 'SELECT x FROM t')).toEqual([{ x: 42 }]);
      await third.stop();
    } finally {
      sleeper.kill();
    }

    // …or to another PostgreSQL server (here: the test cluster's postmaster).
    const [{ data_directory: otherData }] = await sql<{ data_directory: string }>('postgres', 'SHOW data_directory');
    const otherPid = postmasterPid(dirname(otherData), basename(otherData));
    writeFileSync(join(dir, 'data', 'postmaster.pid'), `${otherPid}\n${otherData}\n0\n${pgInfo().port}\n\n127.0.0.1\n0 0\nready\n`);
    const fourth = await startSandbox({ dir, port: await freePort() });
    expect(fourth.reused).toBe(false);
    expect(await query(fourth, 'SELECT x FROM t')).toEqual([{ x: 42 }]);
    await fourth.stop();
  });

  it('takes another port when the wanted one is busy', async () => {
    const busy = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(busy, '127.0.0.1', () => r()));
    const logs: string[] = [];
    try {
      const sb = await startSandbox({ dir: join(root, 'port'), port: busy, onLog: (l) => logs.push(l) });
      try {
        expect(sb.connection.port).not.toBe(busy);
        expect(await query(sb, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
        expect(logs).toContain(`Port ${busy} is busy; the sandbox uses port ${sb.connection.port}.`);
      } finally {
        await sb.stop();
      }
    } finally {
      blocker.close();
    }
  });

  it('shares one server between concurrent starts of the same folder, in this process and another', async () => {
    const dir = join(root, 'shared');
    const [a, b] = await Promise.all([startSandbox({ dir, port: await freePort() }), startSandbox({ dir, port: await freePort() })]);
    expect(a.connection.port).toBe(b.connection.port);
    expect([a.reused, b.reused].sort()).toEqual([false, true]);
    await a.stop();
    expect(await query(b, 'SELECT 1 AS one')).toEqual([{ one: 1 }]); // still up for b
    await b.stop();
    expect(await accepts(a.connection.port)).toBe(false);

    // Another process owns it now: we reuse it and our stop leaves it running for its owner.
    const holder = spawn(process.execPath, ['bin/run-ts.mjs', 'test/integration/sandbox/fixtures/hold-sandbox.ts', dir, String(await freePort())],
      { stdio: ['pipe', 'pipe', 'inherit'] });
    const ready = await new Promise<string>((res, rej) => {
      let out = '';
      holder.stdout!.on('data', (c: Buffer) => { out += c.toString(); if (out.includes('\n')) res(out.trim()); });
      holder.once('exit', (code) => rej(new Error(`holder exited ${code}: ${out}`)));
    });
    const [, port] = ready.split(' ');
    const mine = await startSandbox({ dir, port: await freePort() });
    expect(mine.reused).toBe(true);
    expect(String(mine.connection.port)).toBe(port);
    await mine.stop();
    expect(await accepts(Number(port))).toBe(true);
    holder.stdin!.end();
    await new Promise((r) => holder.once('exit', r));
    expect(await accepts(Number(port))).toBe(false);
  });

  it('one that started the server and leaves while another process uses it leaves it running; the last user stops it', async () => {
    const dir = join(root, 'handed-on');
    const mine = await startSandbox({ dir, port: await freePort() });
    expect(mine.reused).toBe(false);
    const holder = spawn(process.execPath, ['bin/run-ts.mjs', 'test/integration/sandbox/fixtures/hold-sandbox.ts', dir, String(await freePort())],
      { stdio: ['pipe', 'pipe', 'inherit'] });
    const ready = await new Promise<string>((res, rej) => {
      let out = '';
      holder.stdout!.on('data', (c: Buffer) => { out += c.toString(); if (out.includes('\n')) res(out.trim()); });
      holder.once('exit', (code) => rej(new Error(`holder exited ${code}: ${out}`)));
    });
    expect(ready).toBe(`READY ${mine.connection.port} true`);
    // The other process is mid-replay: our stop must not end its server.
    await mine.stop();
    expect(await accepts(mine.connection.port)).toBe(true);
    holder.stdin!.end();
    await new Promise((r) => holder.once('exit', r));
    await expect.poll(() => accepts(mine.connection.port), { timeout: 30_000 }).toBe(false);
  });

  it('refuses a data folder of another major version and names the folder to remove', async () => {
    const dir = join(root, 'old');
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'PG_VERSION'), '15\n');
    writeFileSync(join(dir, 'password'), 'x\n', { mode: 0o600 });
    const err = await startSandbox({ dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('sandbox-failed');
    expect((err as UserError).message).toContain('PostgreSQL 15');
    expect((err as UserError).hint).toContain(`Remove the folder ${resolve(dir)}`);
  });

  it.skipIf(process.getuid?.() !== 0)('a disk too small for a new server is refused before anything is made (needs root, for a real 30 MB tmpfs)', async () => {
    const disk = mountSmallDisk(30);
    if (!disk) return;
    try {
      const dir = join(disk, 'sandbox');
      const err = await startSandbox({ dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).code).toBe('no-space');
      expect((err as UserError).message).toMatch(/^The disk holding the sandbox folder .* has 3\d\.\d MB free; a new sandbox server needs about 105 MB before anything is restored into it\. Nothing was created\.$/);
      expect((err as UserError).hint).toMatch(/--sandbox-dir/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      unmountSmallDisk(disk);
    }
  });

  it('removes a running sandbox, and refuses to delete a folder that is not one', async () => {
    const dir = join(root, 'gone');
    const sb = await startSandbox({ dir, port: await freePort() });
    await removeSandbox(dir);
    expect(existsSync(dir)).toBe(false);
    expect(await accepts(sb.connection.port)).toBe(false);
    await sb.stop(); // already stopped by removal: harmless

    const other = join(root, 'not-a-sandbox');
    mkdirSync(other);
    writeFileSync(join(other, 'precious.txt'), 'keep me');
    await expect(removeSandbox(other)).rejects.toMatchObject({ code: 'bad-argument' });
    expect(existsSync(join(other, 'precious.txt'))).toBe(true);
  });
});
