import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canReadArchive } from '../../../electron/core/binaries/archive-versions';
import { choosePsql, chooseRestoreClient } from '../../../electron/core/binaries/choose';
import { findClientTools } from '../../../electron/core/binaries/find';
import { psqlSupportsRestrict } from '../../../electron/core/binaries/psql-features';
import type { ClientTool } from '../../../electron/core/binaries/types';
import { UserError } from '../../../electron/core/errors';
import { pgInfo } from '../../support/pg';

const run = promisify(execFile);
const PG15 = '/usr/lib/postgresql/15/bin';
const PLATFORM_DIR = `${process.platform}-${process.arch}`;

let root: string;
let fakeBundled: string; // holds <platform>-<arch>/bin with fake 17.4 tools
let emptyBundled: string;
let pg15Version: string; // what pg_config says, independent of the code under test

async function script(path: string, body: string): Promise<void> {
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
}

function find(tools: ClientTool[], name: string, path: string): ClientTool | undefined {
  return tools.find((t) => t.name === name && t.path === path);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'binaries-'));
  fakeBundled = join(root, 'pg');
  emptyBundled = join(root, 'empty');
  await mkdir(join(fakeBundled, PLATFORM_DIR, 'bin'), { recursive: true });
  await mkdir(emptyBundled);
  // Test doubles: PostgreSQL 17 client tools cannot be installed on this machine (no network), so
  // these scripts stand in for them and answer `--version` exactly as the real 17.4 programs do.
  await script(join(fakeBundled, PLATFORM_DIR, 'bin', 'pg_restore'), "echo 'pg_restore (PostgreSQL) 17.4'");
  await script(join(fakeBundled, PLATFORM_DIR, 'bin', 'psql'), "echo 'psql (PostgreSQL) 17.4'");
  const { stdout } = await run(join(PG15, 'pg_config'), ['--version']);
  pg15Version = /PostgreSQL (\S+)/.exec(stdout)![1];
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findClientTools on this machine', () => {
  it('finds the PostgreSQL 15 client tools with their versions', async () => {
    const tools = await findClientTools({ bundledRoot: emptyBundled });

    const restore = find(tools, 'pg_restore', join(PG15, 'pg_restore'));
    expect(restore).toBeDefined();
    expect(restore!.version).toBe(pg15Version);
    expect(restore!.version).toMatch(/^15\.\d+$/);
    expect(restore!.major).toBe(15);
    expect(['path', 'standard']).toContain(restore!.source);
    expect(restore!.maxArchiveVersion).toBe('1.14');
    const psql = find(tools, 'psql', join(PG15, 'psql'));
    expect(psql).toMatchObject({ version: pg15Version, major: 15, maxArchiveVersion: null });
  });

  it.skipIf(!existsSync('/usr/share/postgresql-common/pg_wrapper'))('skips Debian pg_wrapper links and reports each real file once', async () => {
    const tools = await findClientTools({ bundledRoot: emptyBundled, env: { PATH: `/usr/bin:/bin:${PG15}:${PG15}` } });
    const reals = await Promise.all(tools.map(async (t) => `${t.name} ${await realpath(t.path)}`));
    expect(reals.some((r) => r.endsWith('pg_wrapper'))).toBe(false);
    expect(new Set(reals).size).toBe(reals.length);
    // Found first through PATH, so that is the source reported (the standard folder repeats it).
    expect(find(tools, 'pg_restore', join(PG15, 'pg_restore'))?.source).toBe('path');
  });

  it('deduplicates a folder reached through a symlink', async () => {
    const linkDir = join(root, 'linked-bin');
    await symlink(PG15, linkDir);
    try {
      const tools = await findClientTools({ bundledRoot: emptyBundled, env: { PATH: `${linkDir}:${PG15}` } });
      const restores = tools.filter((t) => t.name === 'pg_restore' && t.major === 15);
      expect(restores).toHaveLength(1);
      expect(restores[0].path).toBe(join(linkDir, 'pg_restore'));
      expect(restores[0].source).toBe('path');
    } finally {
      await rm(linkDir);
    }
  });
});

describe('choosing between the real 15 and a bundled 17', () => {
  it('finds the bundled tools first and picks the newest that reads the archive', async () => {
    const tools = await findClientTools({ bundledRoot: fakeBundled, env: { PATH: PG15 } });
    expect(tools[0]).toMatchObject({ name: 'pg_restore', version: '17.4', major: 17, source: 'bundled', maxArchiveVersion: '1.16' });
    expect(tools[1]).toMatchObject({ name: 'psql', version: '17.4', source: 'bundled' });
    expect(find(tools, 'pg_restore', join(PG15, 'pg_restore'))?.source).toBe('path');

    expect(chooseRestoreClient(tools, '1.16').source).toBe('bundled');
    expect(chooseRestoreClient(tools, '1.14').version).toBe('17.4'); // newest is best
    expect(choosePsql(tools)?.version).toBe('17.4');
  });

  it('lets the Settings path win when its tools can read the archive', async () => {
    const tools = await findClientTools({ settingPath: PG15, bundledRoot: fakeBundled, env: { PATH: PG15 } });
    const set = tools.filter((t) => t.source === 'setting');
    expect(set.map((t) => [t.name, t.path])).toEqual([
      ['pg_restore', join(PG15, 'pg_restore')],
      ['psql', join(PG15, 'psql')],
    ]);
    expect(tools.filter((t) => t.path.startsWith(PG15))).toHaveLength(2); // not repeated as path/standard
    expect(chooseRestoreClient(tools, '1.14')).toMatchObject({ source: 'setting', major: 15 });
    expect(chooseRestoreClient(tools, '1.16')).toMatchObject({ source: 'bundled', major: 17 });
    expect(choosePsql(tools)?.source).toBe('setting');
  });

  it('accepts a tool file or an install folder as the Settings path', async () => {
    const viaFile = await findClientTools({ settingPath: join(PG15, 'pg_restore'), bundledRoot: emptyBundled, env: {} });
    expect(viaFile.filter((t) => t.source === 'setting').map((t) => t.name)).toEqual(['pg_restore', 'psql']);
    const viaRoot = await findClientTools({ settingPath: '/usr/lib/postgresql/15', bundledRoot: emptyBundled, env: {} });
    expect(find(viaRoot, 'pg_restore', join(PG15, 'pg_restore'))?.source).toBe('setting');
    const missing = await findClientTools({ settingPath: join(root, 'nope'), bundledRoot: emptyBundled, env: {} });
    expect(missing.some((t) => t.source === 'setting')).toBe(false);
  });

  it('leaves out tools that hang, print something else, or cannot run', async () => {
    const bad = join(root, 'bad', PLATFORM_DIR, 'bin');
    await mkdir(bad, { recursive: true });
    // Hangs far longer than the test may take: only the probe timeout lets findClientTools answer.
    await script(join(bad, 'psql'), 'exec sleep 100000');
    await script(join(bad, 'pg_restore'), "echo 'pg_restore from another product 1.0'");
    const extra = join(root, 'extra');
    await mkdir(extra);
    await writeFile(join(extra, 'pg_restore'), "#!/bin/sh\necho 'pg_restore (PostgreSQL) 16.1'\n", { mode: 0o644 }); // not executable
    const tools = await findClientTools({ bundledRoot: join(root, 'bad'), env: {}, extraDirs: [extra], probeTimeoutMs: 300 });
    expect(tools.filter((t) => t.path.startsWith(root))).toEqual([]);
  }, 30_000);
});

describe('the --version probes', () => {
  it('get a minimal environment: no PGPASSWORD, token or other secret of the parent reaches a tool found on PATH', async () => {
    const onPath = join(root, 'onpath');
    await mkdir(onPath);
    const record = join(root, 'probe-env.txt');
    // Anyone's program named psql on PATH: it records what it was given, then answers as psql does.
    await script(join(onPath, 'psql'), `env > '${record}'\necho 'psql (PostgreSQL) 16.2'`);
    const tools = await findClientTools({
      bundledRoot: emptyBundled,
      env: { PATH: `${onPath}:/usr/bin:/bin`, PGPASSWORD: 'probe-secret-1', AZURE_ACCESS_TOKEN: 'probe-secret-2', PGPASSFILE: '/tmp/x', HOME: '/root' },
    });
    expect(find(tools, 'psql', join(onPath, 'psql'))?.version).toBe('16.2');
    const env = await readFile(record, 'utf8');
    expect(env).not.toMatch(/probe-secret|PGPASS|AZURE_ACCESS_TOKEN/);
    expect(env).toContain(`PATH=${onPath}:/usr/bin:/bin`);
    expect(env).toContain('LC_ALL=C');
  });
});

describe('the version table against the real pg_restore 15', () => {
  let archive: string;
  const pgEnv = () => {
    const { host, port, user, password } = pgInfo();
    return { ...process.env, PGHOST: host, PGPORT: String(port), PGUSER: user, PGPASSWORD: password, LC_ALL: 'C' };
  };

  beforeAll(async () => {
    archive = join(root, 'postgres.dump');
    await run(join(PG15, 'pg_dump'), ['-Fc', '-d', 'postgres', '-f', archive], { env: pgEnv() });
  });

  async function withHeader(minor: number, rev: number): Promise<string> {
    const bytes = await readFile(archive);
    bytes[6] = minor;
    bytes[7] = rev;
    const file = join(root, `patched-1.${minor}.${rev}.dump`);
    await writeFile(file, bytes);
    return file;
  }

  async function list(file: string): Promise<{ ok: boolean; stderr: string }> {
    try {
      await run(join(PG15, 'pg_restore'), ['-l', file], { env: { ...process.env, LC_ALL: 'C' } });
      return { ok: true, stderr: '' };
    } catch (e) {
      const { stderr, signal } = e as { stderr?: string; signal?: string | null };
      return { ok: false, stderr: `${stderr ?? ''}${signal ? `signal ${signal}` : ''}` };
    }
  }

  it('reads what the table says it reads, and refuses the next format', async () => {
    const bytes = await readFile(archive);
    expect(bytes.subarray(0, 5).toString()).toBe('PGDMP');
    const written = `${bytes[5]}.${bytes[6]}`;
    expect(written).toBe('1.14');

    const tools = (await findClientTools({ bundledRoot: emptyBundled, env: { PATH: PG15 } })).filter((t) => t.major === 15);
    const chosen = chooseRestoreClient(tools, written);
    expect(chosen.path).toBe(join(PG15, 'pg_restore'));
    expect((await list(archive)).ok).toBe(true);

    // A revision bump within 1.14 passes the header check (K_VERS_MAX is 1.14.255): the table
    // ignores revisions, and so does pg_restore. (A synthetic 1.14.255 header makes pg_restore 15.18
    // crash with SIGSEGV, so 1.14.1 stands for "a later revision".)
    expect(canReadArchive(chosen, '1.14.1')).toBe(true);
    const rev1 = await list(await withHeader(14, 1));
    expect(rev1).toEqual({ ok: true, stderr: '' });

    // 1.15: the table says 15 cannot read it, and the real pg_restore agrees.
    expect(canReadArchive(chosen, '1.15')).toBe(false);
    const refused = await list(await withHeader(15, 0));
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toContain('unsupported version (1.15) in file header');
    const err = (() => {
      try {
        chooseRestoreClient(tools, '1.15', 'linux');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('client-too-old');
  });

  it('runs a script with \\restrict through the psql it says supports it', async () => {
    const tools = await findClientTools({ bundledRoot: emptyBundled, env: { PATH: PG15 } });
    const psql = choosePsql(tools)!;
    expect(psqlSupportsRestrict(psql)).toBe(true);
    const file = join(root, 'restrict.sql');
    await writeFile(file, '\\restrict abc123\nSELECT 1;\n\\unrestrict abc123\n');
    const { stdout } = await run(psql.path, ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres', '-f', file], { env: pgEnv() });
    expect(stdout.trim()).toBe('1');
  });
});
