/** One download per folder: the lock file, a second taker refused, a dead holder's lock taken over. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockFolder } from '../../../electron/core/azure/download/folder-lock';

const dirs: string[] = [];
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'pgflex-lock-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has ended (and was reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('the folder lock of a download', () => {
  it('names its holder; a second taker is refused with who holds it and what to do; released, it can be taken again', async () => {
    const d = folder();
    const release = await lockFolder(d);
    expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const err = await lockFolder(d).catch((e) => e);
    expect(err).toMatchObject({ code: 'folder-busy', details: { pid: process.pid, folder: d } });
    expect(err.message).toMatch(new RegExp(`Another download is writing into .* \\(process ${process.pid} on `));
    expect(err.hint).toContain(join(d, LOCK_FILE));
    await release();
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
    await (await lockFolder(d))();
  });

  it('takes over the lock of a download whose process is gone (killed, crashed)', async () => {
    const d = folder();
    const pid = deadPid();
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid, host: hostname(), startedAt: '2026-12-01T10:00:00.000Z' }));
    const release = await lockFolder(d);
    expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await release();
  });

  it('a lock from another machine (a shared folder) is held: its process cannot be looked at from here', async () => {
    const d = folder();
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'another-machine', startedAt: '2026-12-01T10:00:00.000Z' }));
    await expect(lockFolder(d)).rejects.toMatchObject({ code: 'folder-busy', message: expect.stringMatching(/on another-machine/) });
  });

  it('an unreadable lock is a download just starting while fresh, and a dead one once old', async () => {
    const d = folder();
    const path = join(d, LOCK_FILE);
    writeFileSync(path, '');
    await expect(lockFolder(d)).rejects.toMatchObject({ code: 'folder-busy', message: expect.stringMatching(/just starting/) });
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    await (await lockFolder(d))();
  });
});
