import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_LIMIT, SettingsStore, defaultSettings, settingsFromJson } from '../../../electron/services/settings/settings-store';
import { encryptedFileSecretStore, memorySecretStore, type SecretCipher } from '../../../electron/services/settings/secret-store';

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'pgflex-settings-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('SettingsStore', () => {
  it('persists changes atomically and reads them back in a new store', async () => {
    const a = new SettingsStore(dir);
    expect(await a.get()).toEqual(defaultSettings());
    await a.update({ theme: 'dark', defaultJobs: 3 });
    const b = new SettingsStore(dir);
    expect(await b.get()).toMatchObject({ theme: 'dark', defaultJobs: 3, clientToolsPath: null });
    expect(await readdir(dir)).toEqual(['settings.json']); // no temp file left behind
  });

  it('keeps recent sets newest first, once per folder, at most RECENT_LIMIT', async () => {
    const s = new SettingsStore(dir);
    for (let i = 0; i < RECENT_LIMIT + 3; i++) await s.addRecent({ folder: `/sets/${i}`, openedAt: `t${i}`, takenAt: null, databases: i });
    await s.addRecent({ folder: '/sets/5', openedAt: 'again', takenAt: null, databases: 5 });
    const { recent } = await s.get();
    expect(recent).toHaveLength(RECENT_LIMIT);
    expect(recent[0]).toMatchObject({ folder: '/sets/5', openedAt: 'again' });
    expect(recent.filter((r) => r.folder === '/sets/5')).toHaveLength(1);
  });

  it('loses no change when several happen at once', async () => {
    const s = new SettingsStore(dir);
    await Promise.all([
      s.update({ theme: 'light' }),
      s.addRecent({ folder: '/a', openedAt: 'x', takenAt: null, databases: 1 }),
      s.update({ defaultJobs: 7 }),
      s.addRecent({ folder: '/b', openedAt: 'y', takenAt: null, databases: 2 }),
    ]);
    const stored = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(stored).toMatchObject({ theme: 'light', defaultJobs: 7 });
    expect(stored.recent.map((r: { folder: string }) => r.folder)).toEqual(['/b', '/a']);
  });

  it('falls back to defaults field by field for a corrupt or hand-edited file', async () => {
    await writeFile(join(dir, 'settings.json'), '{ not json');
    expect(await new SettingsStore(dir).get()).toEqual(defaultSettings());
    expect(settingsFromJson({ theme: 'neon', defaultJobs: 4, recent: [{ folder: 1 }, { folder: '/ok', openedAt: 't', takenAt: null, databases: 2 }] }))
      .toEqual({ ...defaultSettings(), defaultJobs: 4, recent: [{ folder: '/ok', openedAt: 't', takenAt: null, databases: 2 }] });
  });
});

describe('secret stores', () => {
  // A stand-in for safeStorage: reversible, and visibly not the plain text.
  const cipher = (available: boolean): SecretCipher => ({
    available: () => available,
    encrypt: (s) => Buffer.from([...Buffer.from(s, 'utf8')].map((b) => b ^ 0x5a)),
    decrypt: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString('utf8'),
  });

  it('never writes the secret in clear, and reads it back', async () => {
    const store = encryptedFileSecretStore(dir, cipher(true));
    await store.set('azure-refresh-token', 'very-secret-value');
    const onDisk = await readFile(join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain('very-secret-value');
    expect(await encryptedFileSecretStore(dir, cipher(true)).get('azure-refresh-token')).toBe('very-secret-value');
    await store.delete('azure-refresh-token');
    expect(await store.get('azure-refresh-token')).toBeNull();
  });

  it('refuses to store when the OS offers no protection', async () => {
    const store = encryptedFileSecretStore(dir, cipher(false));
    await expect(store.set('k', 'v')).rejects.toMatchObject({ code: 'bad-argument' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('memory store keeps nothing on disk', async () => {
    const m = memorySecretStore();
    await m.set('k', 'v');
    expect(await m.get('k')).toBe('v');
  });
});
