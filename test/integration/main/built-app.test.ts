/**
 * The bundles Electron would load, built with the real Vite configs and run under plain Node
 * with a recording stand-in for the `electron` module (there is no Electron binary here). This
 * proves the CommonJS bundles load (no ESM-only leftovers), that the preload exposes exactly
 * the bridge, and that main wires what it should at start-up: the privileged app:// scheme, the
 * single-instance lock, denied permissions, one IPC handler per operation with sender checks,
 * and the window with its security options.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channel, EVENT_NAMES, OPERATION_NAMES } from '../../../electron/operations';

const ROOT = resolve('.');
let dir: string;
let out: string;

beforeAll(async () => {
  // Inside the repository, so the bundle's external `require('pg')` resolves from node_modules.
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  dir = await mkdtemp(join(ROOT, '.tmp', 'built-app-'));
  out = join(dir, 'build');
  for (const config of ['vite.main.config.ts', 'vite.preload.config.ts']) {
    await build({ configFile: join(ROOT, config), build: { outDir: out, emptyOutDir: false }, logLevel: 'silent' });
  }
  await mkdir(join(dir, 'renderer', 'main_window'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'main_window', 'index.html'), '<!doctype html><title>t</title>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What `require` calls a bundle makes. */
const requires = (code: string) => [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();

describe('built preload', () => {
  it('is one file that needs only electron, and exposes exactly the bridge', async () => {
    const code = await readFile(join(out, 'preload.cjs'), 'utf8');
    expect(requires(code)).toEqual(['electron']);
    const exposed: Array<[string, Record<string, unknown>]> = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
      ipcRenderer: { invoke: async (...a: unknown[]) => a, on: () => undefined, removeListener: () => undefined },
      webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
    };
    // A sandboxed preload is evaluated as a function of require/module/exports.
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)((id: string) => (id === 'electron' ? electron : undefined), module, module.exports);
    expect(exposed.map(([k]) => k)).toEqual(['pgflex', 'pgflexDrop']);
    // The drop helper is only webUtils' path for a file: no IPC, nothing else.
    expect(Object.keys(exposed[1][1])).toEqual(['pathForFile']);
    expect((exposed[1][1].pathForFile as (f: { name: string }) => string)({ name: 'set' })).toBe('/dropped/set');
    expect(Object.keys(exposed[0][1]).sort()).toEqual([...OPERATION_NAMES, 'onReplayEvents', 'onActivityChanged'].sort());
    expect(EVENT_NAMES).toEqual(['replayEvents', 'activityChanged']);
    expect(await (exposed[0][1].openSet as (f: string) => Promise<unknown>)('/x')).toEqual([channel('openSet'), '/x']);
  });
});

const HARNESS = String.raw`
import Module from 'node:module';
const require = Module.createRequire(import.meta.url);
const rec = { calls: [], handlers: {}, windows: [], schemes: null, protocolHandlers: {} };
const ready = Promise.resolve();
class WebContents {
  constructor(id) { this.id = id; this.url = ''; }
  on() {} once() {} setWindowOpenHandler(h) { this.openHandler = h; }
  getURL() { return this.url; } isDestroyed() { return false; } send() {}
}
class BrowserWindow {
  constructor(options) { this.options = options; this.webContents = new WebContents(rec.windows.length + 1); rec.windows.push(this); }
  once() {} on() {} show() {} isMinimized() { return false; } focus() {}
  async loadURL(url) { this.webContents.url = url; this.loaded = url; }
  static getFocusedWindow() { return null; }
}
const electron = {
  app: {
    requestSingleInstanceLock: () => { rec.calls.push('lock'); return true; },
    on: (e) => rec.calls.push('app.on:' + e), whenReady: () => ready, isPackaged: false,
    getAppPath: () => process.env.APP_ROOT, getPath: () => process.env.USER_DATA, quit: () => rec.calls.push('quit'),
  },
  protocol: {
    registerSchemesAsPrivileged: (s) => { rec.schemes = s; },
    handle: (scheme, h) => { rec.protocolHandlers[scheme] = h; },
  },
  session: { defaultSession: {
    setPermissionRequestHandler: (h) => { rec.permissionRequest = h; },
    setPermissionCheckHandler: (h) => { rec.permissionCheck = h; },
  } },
  ipcMain: { handle: (c, h) => { rec.handlers[c] = h; }, removeHandler: () => undefined },
  BrowserWindow, Menu: { buildFromTemplate: (t) => t, setApplicationMenu: () => rec.calls.push('menu') },
  dialog: {}, shell: { openExternal: async () => undefined },
  safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? 'electron-stand-in' : resolve.call(this, request, ...rest);
};
require.cache['electron-stand-in'] = { id: 'electron-stand-in', filename: 'electron-stand-in', loaded: true, exports: electron };
require(process.env.MAIN);
await ready; await new Promise((r) => setTimeout(r, 200));

const win = rec.windows[0];
const frame = (url) => ({ sender: { id: win.webContents.id }, senderFrame: { url, parent: null } });
const settings = await rec.handlers['pgflex:getSettings'](frame('app://pgflex/index.html'));
const refused = await rec.handlers['pgflex:getSettings'](frame('https://evil.example/')).then(() => 'served', (e) => e.message);
const page = await rec.protocolHandlers.app(new Request('app://pgflex/index.html'));
const escape = await rec.protocolHandlers.app(new Request('app://pgflex/..%2f..%2fpackage.json'));
let asked = null;
rec.permissionRequest(win.webContents, 'media', (ok) => { asked = ok; });
console.log(JSON.stringify({
  calls: rec.calls, schemes: rec.schemes, channels: Object.keys(rec.handlers).sort(),
  options: win.options, loaded: win.loaded, settingsTheme: settings.theme, refused,
  page: { status: page.status, csp: page.headers.get('content-security-policy'), body: await page.text() },
  escapeStatus: escape.status, mediaAllowed: asked,
  clipboardAllowed: rec.permissionCheck(null, 'clipboard-sanitized-write', 'app://pgflex'),
  path: process.env.PATH,
}));
process.exit(0);
`;

describe('built main', () => {
  it('requires only Node built-ins, electron, runtime dependencies and its own chunks', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const files = (await readdir(out)).filter((f) => f.endsWith('.cjs'));
    // Entries beside main.cjs (the row-count worker) share chunks with it, required by a relative path.
    const allowed = (id: string) => id === 'electron' || id.startsWith('node:') || builtinModules.includes(id) || Object.keys(pkg.dependencies).some((d) => id === d || id.startsWith(`${d}/`))
      || (id.startsWith('./') && files.includes(id.slice(2)));
    for (const f of files) expect(requires(await readFile(join(out, f), 'utf8')).filter((id) => !allowed(id)), f).toEqual([]);
  });

  it('starts: scheme, lock, permissions, IPC with sender checks, the locked-down window', async () => {
    await writeFile(join(dir, 'harness.mjs'), HARNESS);
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'harness.mjs')], {
      env: { ...process.env, MAIN: join(out, 'main.cjs'), APP_ROOT: ROOT, USER_DATA: join(dir, 'user-data'), PATH: '/usr/bin:/bin' },
      timeout: 30_000,
    });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(r.calls).toContain('lock');
    expect(r.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(r.channels).toEqual(OPERATION_NAMES.map(channel).sort());
    expect(r.options.webPreferences).toMatchObject({
      preload: join(out, 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true,
    });
    expect(r.loaded).toBe('app://pgflex/index.html');
    expect(r.settingsTheme).toBe('system');
    expect(JSON.parse(r.refused)).toMatchObject({ code: 'bad-argument' });
    expect(r.page).toMatchObject({ status: 200, body: '<!doctype html><title>t</title>' });
    expect(r.page.csp).toContain("script-src 'self'");
    expect(r.escapeStatus).toBe(404);
    expect(r.mediaAllowed).toBe(false);
    expect(r.clipboardAllowed).toBe(true);
    expect(r.path.split(':')).toContain('/usr/local/bin');
  });
});
