// @vitest-environment happy-dom
/** A dropped folder's path: what the preload's webUtils answers wins; `File.path` (Electron < 32) is the fallback; a browser has none. */
import { afterEach, describe, expect, it } from 'vitest';
import { droppedPath } from '../../../renderer/src/lib/bridge';

const file = (path?: string) => Object.assign(new File([], 'set'), path === undefined ? {} : { path });

afterEach(() => {
  delete window.pgflexDrop;
});

describe('droppedPath', () => {
  it('asks the preload (webUtils.getPathForFile) for the dropped file', () => {
    const asked: File[] = [];
    window.pgflexDrop = { pathForFile: (f) => (asked.push(f), '/home/me/restores/server1') };
    const dropped = file();
    expect(droppedPath(dropped)).toBe('/home/me/restores/server1');
    expect(asked).toEqual([dropped]);
  });
  it('falls back to File.path when the preload has no answer', () => {
    window.pgflexDrop = { pathForFile: () => '' };
    expect(droppedPath(file('/old/electron/path'))).toBe('/old/electron/path');
  });
  it('gives nothing in a plain browser, so the URI list is read instead', () => {
    expect(droppedPath(file())).toBe('');
  });
});
