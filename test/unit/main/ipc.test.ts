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
import type { ActivityView, Api, ReplayEvent } from '../../../electron/contract';
import { registerIpc, sendEvent, type IpcMainLike } from '../../../electron/main/ipc';
import { channel, OPERATION_NAMES } from '../../../electron/operations';
import { safeStorageCipher } from '../../../electron/main/safe-storage';
import { APP_INDEX_URL } from '../../../electron/main/security/app-protocol-path';
import { isTrustedSender } from '../../../electron/main/security/trusted-sender';
import { memorySecretStore } from '../../../electron/services/settings/secret-store';
import { createServices, type Services } from '../../../electron/services/services';
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
    pickFolder: async () => null, confirmFolder: async () => true, chooseExportPath: async () => null, openExternal: async () => undefined,
  });
  // Count what reaches the services.
  const counted = Object.fromEntries(OPERATION_NAMES.map((m) => [m, (...args: unknown[]) => {
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
    expect([...handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(channel).sort());
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
  ])('refuses %s before the services see anything, and logs it', async (_name, ev) => {
    const before = calls.length;
    logged.length = 0;
    const err = await handlers.get(channel('setSettings'))!(ev, { theme: 'dark' }).catch((e: Error) => e);
    expect(JSON.parse((err as Error).message)).toMatchObject({ code: 'bad-argument', message: expect.stringMatching(/refused/i) });
    expect(calls.length).toBe(before);
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toMatch(/Refused setSettings from an untrusted sender/);
  });

  it('refuses extra arguments and bad values with a problem the renderer can read', async () => {
    logged.length = 0;
    const extra = await handlers.get(channel('getSettings'))!(event(1, APP_INDEX_URL), 'surplus').catch((e: Error) => e);
    expect(JSON.parse((extra as Error).message)).toEqual({ code: 'bad-argument', message: 'getSettings takes 0 arguments; it got 1.', hint: expect.stringMatching(/bug in the app/) });
    const bad = await handlers.get(channel('setSettings'))!(event(1, APP_INDEX_URL), { theme: 'neon' }).catch((e: Error) => e);
    expect(JSON.parse((bad as Error).message)).toEqual({ code: 'bad-argument', message: 'Theme must be one of light, dark, system.', hint: expect.any(String) });
    // A problem of the request, not a bug: nothing logged.
    expect(logged).toEqual([]);
  });
});

describe('preload bridge over IPC', () => {
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const bridge = buildBridge({
    invoke: (name, args) => handlers.get(channel(name))!(event(1, APP_INDEX_URL), ...args),
    on(name, listener) {
      const set = listeners.get(channel(name)) ?? new Set();
      listeners.set(channel(name), set.add(listener));
      return () => void set.delete(listener);
    },
  });

  it('has exactly one function per operation plus the event subscription', () => {
    expect(Object.keys(bridge).sort()).toEqual([...OPERATION_NAMES, 'onReplayEvents', 'onActivityChanged'].sort());
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
    sendEvent([wc, { isDestroyed: () => true, send: () => { throw new Error('sent to a destroyed window'); } }], 'replayEvents', ['run-1', batch]);
    expect(got).toEqual([['run-1', batch]]);
    const changed: ActivityView[] = [];
    const stopChanged = bridge.onActivityChanged((a) => changed.push(a));
    const activity: ActivityView = { id: 'run-1', kind: 'replay', startedAt: '', title: 't', detail: '', status: 'running' };
    sendEvent([wc], 'activityChanged', [activity]);
    expect(changed).toEqual([activity]);
    stop();
    stopChanged();
    sendEvent([wc], 'replayEvents', ['run-1', batch]);
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
