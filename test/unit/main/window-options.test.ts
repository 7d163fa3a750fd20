/**
 * The options the main window is really created with: `createMainWindow` is run against a
 * recording stand-in for Electron's BrowserWindow, so the test sees what window.ts passes after
 * its own overrides — not only what the options factory returns.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security/csp';

const made: BrowserWindowConstructorOptions[] = [];
const loaded: string[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: BrowserWindowConstructorOptions) {
      made.push(options);
    }
    once() {}
    loadURL(url: string) {
      loaded.push(url);
      return Promise.resolve();
    }
  },
  shell: { openExternal: async () => undefined },
}));
const { createMainWindow } = await import('../../../electron/main/window');
const { mainWindowOptions } = await import('../../../electron/main/window-options');

describe('main window as created', () => {
  createMainWindow('/app/.vite/build/preload.cjs', 'app://pgflex/index.html');
  const opts = made[0];
  const web = opts.webPreferences!;

  it('is made once, showing the given URL', () => {
    expect(made).toHaveLength(1);
    expect(loaded).toEqual(['app://pgflex/index.html']);
  });

  it('isolates and sandboxes the renderer, with no Node.js anywhere', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and risky features off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.disableBlinkFeatures).toBe('Auxclick');
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web).not.toHaveProperty('additionalArguments');
  });

  it('loads the given preload and waits to show until ready', () => {
    expect(web.preload).toBe('/app/.vite/build/preload.cjs');
    expect(opts.show).toBe(false);
  });

  it('gets from window.ts no setting that differs from the options factory (its repeats only restate)', () => {
    expect(opts).toEqual(mainWindowOptions('/app/.vite/build/preload.cjs'));
  });
});

describe('content security policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

  it('allows scripts only from the app: no inline, no eval, no remote', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('forbids plugins, base rewriting, form posts and framing', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
