/**
 * Passwords on disk live only in a private folder (0700, this user's, not a planted link) that is
 * removed at exit, and what a killed run left there (kill -9) is swept at the next start.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../electron/core/errors';
import { privateRoot, privateRunDir, sweepPrivateDirs } from '../../../electron/core/target/private-dir';
import { cliProcess } from '../../support/cli';
import { pgInfo, sql, uniq } from '../../support/pg';
import { makeSource, type Source } from '../../support/restore-set';

const u = uniq();
const db = `pdir_${u}`;
let source: Source;

/** A pid that is certainly not running any more. */
function deadPid(): number {
  const r = spawnSync('true');
  return r.pid!;
}

describe('the private folder', () => {
  it('is 0700 under a 0700 per-user root, and one folder per process', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pgflex-pdir-'));
    const root = privateRoot(base);
    const dir = await privateRunDir(root);
    expect(dir.startsWith(join(root, `run-${process.pid}-`))).toBe(true);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(await privateRunDir(root)).toBe(dir);
  });

  it('refuses a root that is a symbolic link (planted by someone else)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pgflex-pdir-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'pgflex-pdir-evil-'));
    symlinkSync(elsewhere, privateRoot(base));
    const err = await privateRunDir(privateRoot(base)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('unsafe-file');
    expect((err as UserError).message).toMatch(/symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('sweeps the folders of dead processes only', async () => {
    const root = privateRoot(mkdtempSync(join(tmpdir(), 'pgflex-pdir-')));
    mkdirSync(root, { mode: 0o700 });
    const dead = join(root, `run-${deadPid()}-abc123`);
    mkdirSync(join(dead, 'pgflex-pass-x'), { recursive: true });
    writeFileSync(join(dead, 'pgflex-pass-x', 'pgpass'), 'h:1:*:u:secret\n');
    const sleeper = spawn('sleep', ['30']);
    const alive = join(root, `run-${sleeper.pid}-def456`);
    mkdirSync(alive);
    const unrelated = join(root, 'notes');
    mkdirSync(unrelated);
    try {
      expect(await sweepPrivateDirs(root)).toEqual([dead]);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(alive)).toBe(true);
      expect(existsSync(unrelated)).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});

describe('kill -9 during a replay', () => {
  beforeAll(async () => {
    source = await makeSource([{ name: db, setupSql: 'CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 300000) g;' }]);
  });
  afterAll(async () => {
    await source?.cluster.stop();
    await sql('postgres', `DROP DATABASE IF EXISTS "${db}_k" WITH (FORCE)`);
  });

  it('leaves the passfile only until the next start of the CLI, which sweeps it', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'pgflex-kill9-'));
    const root = privateRoot(tmp);
    const p = pgInfo();
    const uri = `postgresql://${p.user}:${encodeURIComponent(p.password)}@127.0.0.1:${p.port}/postgres?sslmode=disable`;
    const child = cliProcess(['replay', source.set.outDir, '--target', uri, '--databases', db, '--rename', `${db}=${db}_k`, '--no-roles', '--no-verify', '--jobs', '1'], { TMPDIR: tmp });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const ended = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Wait for pg_restore's passfile in this child's own folder.
    const mine = () => (existsSync(root) ? readdirSync(root).filter((n) => n.startsWith(`run-${child.pid}-`)) : []);
    let passfile: string | null = null;
    for (let i = 0; i < 3000 && !passfile; i++) {
      for (const run of mine()) {
        for (const d of readdirSync(join(root, run)).filter((n) => n.startsWith('pgflex-pass-'))) {
          const f = join(root, run, d, 'pgpass');
          // Seen once written, not merely created (writeFile makes the file, then fills it).
          if (existsSync(f) && readFileSync(f, 'utf8').endsWith('\n')) passfile = f;
        }
      }
      if (!passfile) await new Promise((r) => setTimeout(r, 20));
    }
    expect(passfile, output).not.toBeNull();
    expect(readFileSync(passfile!, 'utf8')).toContain(p.password.replace(/[\\:]/g, (c) => `\\${c}`));
    child.kill('SIGKILL');
    await ended;
    expect(existsSync(passfile!)).toBe(true); // nothing could clean up after SIGKILL…

    const next = cliProcess(['binaries', '--json'], { TMPDIR: tmp });
    await new Promise((resolve) => next.on('exit', resolve));
    expect(existsSync(passfile!)).toBe(false); // …so the next start did
    expect(mine()).toEqual([]);
  });
});
