/**
 * The main window's options: the renderer is a web page with no Node.js, isolated from the
 * preload, in Chromium's sandbox, with web security on. Kept apart from window.ts (which needs
 * the Electron runtime) so a plain-Node test can assert every setting.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** Options for the main window; `preload` is the absolute path of the built preload script. */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'PG Flex Restore',
    show: false,
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would open links in new windows (denied anyway by the window-open handler).
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
