/**
 * IPC wiring under plain Node: the real handlers registered on a recording stand-in for
 * `ipcMain`, called with invoke events shaped like Electron's, and the preload's bridge built on
 * a transport that routes to them. Checks sender validation before any argument is looked at.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent, SafeStorage } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, channel, type Api, type ReplayEvent } from '../../../electron/contract';
import { registerIpc, sendReplayEvents, type IpcMainLike } from '../../../electron/main/ipc';
import { safeStorageCipher } from '../../../electron/main/safe-storage';
import { APP_INDEX_URL } from '../../../electron/main/security/app-protocol-path';
import { isTrustedSender } from '../../../electron/main/security/trusted-sender';
import { memorySecretStore } from '../../../electron/main/services/secret-store';
import { createServices, type Services } from '../../../electron/main/services/services';
import { buildBridge } from '../../../electron/preload/build-bridge';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;
const handlers = new Map<string, Handler>();
const fakeIpcMain: IpcMainLike = {
  handle: (name, listener) => void handlers.set(name, listener),
  removeHandler: (name) => void handlers.delete(name),
};

/** An invoke event as Electron builds it: the sending webContents and frame. */
const event = (webContentsId: number, url: string | null, top = true) => {
  const main = { url, parent: null };
  return {
    sender: { id: webContentsId },
    senderFrame: url === null ? null : top ? main : { url, parent: main },
  } as unknown as IpcMainInvokeEvent;
};

let dir: string;
let services: Services;
let unregister: () => void;
const calls: string[] = [];
const logged: unknown[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-ipc-'));
  services = createServices({
    userDataDir: dir, sampleSetPath: '/nowhere', secrets: memorySecretStore(),
    pickFolder: async () => null, chooseExportPath: async () => null, openExternal: async () => undefined,
  });
  // Count what reaches the services.
  const counted = Object.fromEntries(API_METHODS.map((m) => [m, (...args: unknown[]) => {
    calls.push(m);
    return (services.api[m] as (...a: unknown[]) => Promise<unknown>)(...args);
  }])) as unknown as Api;
  unregister = registerIpc(fakeIpcMain, counted, (s) => isTrustedSender(s, { webContentsIds: new Set([1]), origins: ['app://pgflex'] }), (e) => logged.push(e));
});
afterAll(async () => {
  await services.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('IPC handlers', () => {
  it('registers one handler per contract operation, and removes them', () => {
    expect([...handlers.keys()].sort()).toEqual(API_METHODS.map(channel).sort());
  });

  it('serves our window', async () => {
    const settings = await handlers.get(channel('getSettings'))!(event(1, APP_INDEX_URL));
    expect(settings).toMatchObject({ theme: 'system', recent: [] });
  });

  it.each([
    ['a window we did not create', event(2, APP_INDEX_URL)],
    ['a sub-frame of our window', event(1, APP_INDEX_URL, false)],
    ['our window navigated elsewhere', event(1, 'https://evil.example/')],
    ['a frame that is gone', event(1, null)],
  ])('refuses %s before the services see anything', async (_name, ev) => {
    const before = calls.length;
    const err = await handlers.get(channel('setSettings'))!(ev, { theme: 'dark' }).catch((e: Error) => e);
    expect(JSON.parse((err as Error).message)).toMatchObject({ code: 'bad-argument', message: expect.stringMatching(/refused/i) });
    expect(calls.length).toBe(before);
    expect(logged.length).toBeGreaterThan(0);
  });

  it('refuses extra arguments and bad values with a problem the renderer can read', async () => {
    const extra = await handlers.get(channel('getSettings'))!(event(1, APP_INDEX_URL), 'surplus').catch((e: Error) => e);
    expect(JSON.parse((extra as Error).message)).toMatchObject({ code: 'bad-argument' });
    const bad = await handlers.get(channel('setSettings'))!(event(1, APP_INDEX_URL), { theme: 'neon' }).catch((e: Error) => e);
    expect(JSON.parse((bad as Error).message)).toMatchObject({ code: 'bad-argument', hint: expect.any(String) });
  });
});

describe('preload bridge over IPC', () => {
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const bridge = buildBridge({
    invoke: (name, args) => handlers.get(name)!(event(1, APP_INDEX_URL), ...args),
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set.add(listener));
      return () => void set.delete(listener);
    },
  });

  it('has exactly one function per operation plus the event subscription', () => {
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'onReplayEvents'].sort());
    expect(Object.values(bridge).every((f) => typeof f === 'function')).toBe(true);
  });

  it('calls through to main and back', async () => {
    const saved = await bridge.setSettings({ theme: 'dark', defaultJobs: 3 });
    expect(saved).toMatchObject({ theme: 'dark', defaultJobs: 3 });
    expect(await bridge.getSettings()).toMatchObject({ theme: 'dark' });
  });

  it('delivers event batches without the IPC event, and unsubscribes', () => {
    const got: Array<[string, ReplayEvent[]]> = [];
    const stop = bridge.onReplayEvents((runId, events) => got.push([runId, events]));
    const batch: ReplayEvent[] = [{ type: 'log', source: 'shop', line: 'x' }];
    const wc = { isDestroyed: () => false, send: (name: string, ...args: unknown[]) => listeners.get(name)?.forEach((l) => l(...args)) };
    sendReplayEvents([wc, { isDestroyed: () => true, send: () => { throw new Error('sent to a destroyed window'); } }], 'run-1', batch);
    expect(got).toEqual([['run-1', batch]]);
    stop();
    sendReplayEvents([wc], 'run-1', batch);
    expect(got).toHaveLength(1);
  });

  it('unregisters every handler', () => {
    unregister();
    expect(handlers.size).toBe(0);
  });
});

describe('safeStorage as the secret cipher', () => {
  const fake = (available: boolean, backend: string) => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s: string) => Buffer.from(s).reverse(),
    decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
  }) as unknown as SafeStorage;

  it('is unavailable on Linux without a keyring (basic_text)', () => {
    expect(safeStorageCipher(fake(true, 'basic_text'), 'linux').available()).toBe(false);
    expect(safeStorageCipher(fake(true, 'gnome_libsecret'), 'linux').available()).toBe(true);
    expect(safeStorageCipher(fake(false, 'unknown'), 'darwin').available()).toBe(false);
    const c = safeStorageCipher(fake(true, 'unknown'), 'darwin');
    expect(c.decrypt(c.encrypt('token'))).toBe('token');
  });
});
