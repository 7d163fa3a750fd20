/**
 * The Electron main process: one instance, one locked-down window, the services behind IPC.
 * Built by Vite (vite.main.config.ts) into `.vite/build/main.cjs`; the preload sits beside it and
 * the renderer in `.vite/renderer/<name>/`, served through the `app://` protocol.
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { guiPath } from './gui-path';
import { registerIpc, sendEvent } from './ipc';
import { installMenu } from './menu';
import { safeStorageCipher } from './safe-storage';
import { APP_INDEX_URL, APP_ORIGIN } from './security/app-protocol-path';
import { isTrustedSender, originOf } from './security/trusted-sender';
import { resourcesRoot } from '../core/resources-root';
import { encryptedFileSecretStore } from '../services/settings/secret-store';
import { createServices, type Services } from '../services/services';
import { azureFromEnv } from '../services/azure/azure-env';
import { createMainWindow, lockDownContents } from './window';
import { sweepPrivateDirs } from '../core/target/private-dir';

// A GUI launch does not get the login shell's PATH; fix it once, before anything spawns.
process.env.PATH = guiPath(process.env.PATH, process.platform);

const devServerUrl = typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;
const rendererName = typeof MAIN_WINDOW_VITE_NAME === 'string' ? MAIN_WINDOW_VITE_NAME : 'main_window';
const windows = new Set<BrowserWindow>();
/** webContents ids of our windows: the only IPC senders served. */
const trustedIds = new Set<number>();
const origins = [APP_ORIGIN, ...(devServerUrl ? [originOf(devServerUrl)!] : [])];
const trusted = (url: string | undefined) => Boolean(url) && origins.includes(originOf(url!) ?? '');

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = [...windows][0];
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  void start();
}

function openWindow(): BrowserWindow {
  const win = createMainWindow(join(__dirname, 'preload.cjs'), devServerUrl ?? APP_INDEX_URL);
  const id = win.webContents.id;
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  trustedIds.add(id);
  win.webContents.once('destroyed', () => trustedIds.delete(id));
  return win;
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  await app.whenReady();
  // Passfiles a killed run left behind (kill -9, a crash) go first; the CLI does the same.
  void sweepPrivateDirs().catch(() => []);

  const ses = session.defaultSession;
  // Nothing needs the camera, notifications, geolocation…; only copying text to the clipboard.
  ses.setPermissionRequestHandler((wc, permission, callback) => callback(permission === 'clipboard-sanitized-write' && trusted(wc.getURL())));
  ses.setPermissionCheckHandler((_wc, permission, origin) => permission === 'clipboard-sanitized-write' && trusted(origin));

  serveRenderer(join(__dirname, '..', 'renderer', rendererName));
  installMenu(!app.isPackaged);

  const resources = resourcesRoot();
  const focused = () => BrowserWindow.getFocusedWindow() ?? [...windows][0];
  const services: Services = createServices({
    userDataDir: app.getPath('userData'),
    sampleSetPath: join(resources, 'sample'),
    bundledToolsRoot: join(resources, 'pg'),
    secrets: encryptedFileSecretStore(app.getPath('userData'), safeStorageCipher(safeStorage)),
    async pickFolder(purpose) {
      const title = purpose === 'client-tools' ? 'Choose the folder holding pg_restore and psql' : 'Open a restore set';
      const r = await dialog.showOpenDialog(focused(), { title, properties: ['openDirectory'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async confirmFolder(path, purpose = 'open') {
      const download = purpose === 'download';
      const r = await dialog.showMessageBox(focused(), {
        type: 'question', buttons: [download ? 'Download here' : 'Open', 'Cancel'], defaultId: 0, cancelId: 1,
        message: download ? `Download the restored files into ${path}?` : `Open the folder ${path}?`,
        detail: download
          ? 'Its path was typed or pasted into the app. The folder is created if missing; files already complete there are kept.'
          : 'Its path was typed or pasted into the app. The app reads only folders you open.',
      });
      return r.response === 0;
    },
    async chooseExportPath(defaultName) {
      const r = await dialog.showSaveDialog(focused(), {
        title: defaultName.endsWith('.sh') ? 'Save the replay as a script' : 'Export the replay report',
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: defaultName.endsWith('.md') ? [{ name: 'Markdown', extensions: ['md'] }]
          : defaultName.endsWith('.sh') ? [{ name: 'Shell script', extensions: ['sh'] }] : [{ name: 'JSON', extensions: ['json'] }],
      });
      return r.canceled ? null : (r.filePath ?? null);
    },
    openExternal: (url) => shell.openExternal(url),
    // As the CLI and the browser bridge: a token, the ARM endpoint (a sovereign or test cloud), the poll interval.
    azure: azureFromEnv(process.env),
  });

  registerIpc(ipcMain, services.api, (sender) => isTrustedSender(sender, { webContentsIds: trustedIds, origins }));
  services.onAny((name, args) => sendEvent([...windows].map((w) => w.webContents), name, args));

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    // Stop replays and a sandbox we started before leaving.
    event.preventDefault();
    void services.dispose().finally(() => {
      disposed = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (windows.size === 0) openWindow();
  });
  openWindow();
}
