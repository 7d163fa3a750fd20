import { describe, expect, it } from 'vitest';
import { guiPath } from '../../../electron/main/gui-path';
import { APP_INDEX_URL, appFilePath, contentType } from '../../../electron/main/security/app-protocol-path';
import { externalUrl } from '../../../electron/main/security/external-url';
import { isTrustedSender, originOf } from '../../../electron/main/security/trusted-sender';

const policy = { webContentsIds: new Set([7]), origins: ['app://pgflex', 'http://localhost:5173'] };

describe('trusted IPC senders', () => {
  it('accepts the top frame of our window showing the app', () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: APP_INDEX_URL, isMainFrame: true }, policy)).toBe(true);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'http://localhost:5173/#/plan', isMainFrame: true }, policy)).toBe(true);
  });

  it.each([
    ['another webContents', { webContentsId: 8, frameUrl: APP_INDEX_URL, isMainFrame: true }],
    ['a sub-frame', { webContentsId: 7, frameUrl: APP_INDEX_URL, isMainFrame: false }],
    ['a destroyed frame', { webContentsId: 7, frameUrl: null, isMainFrame: true }],
    ['a page navigated away', { webContentsId: 7, frameUrl: 'https://evil.example/', isMainFrame: true }],
    ['a look-alike host', { webContentsId: 7, frameUrl: 'app://pgflex.evil/index.html', isMainFrame: true }],
    ['another dev port', { webContentsId: 7, frameUrl: 'http://localhost:5174/', isMainFrame: true }],
    ['a local file', { webContentsId: 7, frameUrl: 'file:///tmp/index.html', isMainFrame: true }],
    ['garbage', { webContentsId: 7, frameUrl: 'not a url', isMainFrame: true }],
  ])('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender, policy)).toBe(false);
  });

  it('computes an origin for custom schemes too', () => {
    expect(originOf('app://pgflex/assets/x.js')).toBe('app://pgflex');
    expect(originOf('file:///etc/passwd')).toBeNull();
  });
});

describe('external links', () => {
  it('opens http(s) only, normalised by URL parsing', () => {
    expect(externalUrl('https://learn.microsoft.com/azure')).toBe('https://learn.microsoft.com/azure');
    expect(externalUrl('HTTP://Example.com')).toBe('http://example.com/');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'app://pgflex/index.html', 'vbscript:x', '//evil', '']) {
      expect(externalUrl(bad)).toBeNull();
    }
  });
});

describe('app:// protocol paths', () => {
  it('maps app URLs into the renderer folder', () => {
    expect(appFilePath('/r', 'app://pgflex/')).toBe('/r/index.html');
    expect(appFilePath('/r', 'app://pgflex/assets/index-1.js?x=1')).toBe('/r/assets/index-1.js');
    expect(appFilePath('/r', 'app://pgflex/a%20b.css')).toBe('/r/a b.css');
  });
  it.each(['app://pgflex/../../etc/passwd', 'app://pgflex/%2e%2e/%2e%2e/etc/passwd'])('keeps %s inside the folder (URL parsing drops the dots)', (url) => {
    expect(appFilePath('/r', url)).toBe('/r/etc/passwd');
  });
  it.each(['app://pgflex/..%2f..%2fetc%2fpasswd', 'app://pgflex/a/..%2f..%2f..%2fetc', 'app://other/index.html', 'file:///r/index.html', 'app://pgflex/%E0%A4%A', 'app://pgflex/x%00.js'])(
    'refuses %s', (url) => {
      expect(appFilePath('/r', url)).toBeNull();
    });
  it('types files', () => {
    expect(contentType('/r/index.html')).toMatch(/^text\/html/);
    expect(contentType('/r/a.js')).toMatch(/^text\/javascript/);
    expect(contentType('/r/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('PATH for GUI launches', () => {
  it('adds Homebrew and Postgres.app on macOS, keeping existing order first', () => {
    const path = guiPath('/usr/bin:/bin', 'darwin').split(':');
    expect(path.slice(0, 2)).toEqual(['/usr/bin', '/bin']);
    expect(path).toContain('/opt/homebrew/bin');
    expect(path).toContain('/usr/local/bin');
    expect(path).toContain('/Applications/Postgres.app/Contents/Versions/latest/bin');
    expect(new Set(path).size).toBe(path.length);
  });
  it('handles an empty PATH and leaves Windows alone', () => {
    expect(guiPath(undefined, 'linux')).toBe('/usr/local/bin:/usr/bin:/bin');
    expect(guiPath('C:\\Windows;C:\\pg\\bin', 'win32')).toBe('C:\\Windows;C:\\pg\\bin');
  });
});
