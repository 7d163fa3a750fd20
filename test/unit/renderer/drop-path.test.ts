import { describe, expect, it } from 'vitest';
import { pathFromDrop } from '../../../renderer/src/lib/drop-path';

describe('pathFromDrop', () => {
  it('prefers a file path Electron resolved', () => {
    expect(pathFromDrop({ filePaths: ['', '/home/me/set'], uriList: 'file:///elsewhere', text: '' })).toBe('/home/me/set');
  });
  it('reads a file manager uri-list, decoding spaces and non-ASCII', () => {
    expect(pathFromDrop({ filePaths: [], uriList: '# comment\r\nfile:///home/me/Caf%C3%A9%20set\r\n', text: '' })).toBe('/home/me/Café set');
    expect(pathFromDrop({ filePaths: [], uriList: 'file:///C:/Backups/set', text: '' })).toBe('C:/Backups/set');
  });
  it('accepts a dragged path as text and refuses anything else', () => {
    expect(pathFromDrop({ filePaths: [], uriList: '', text: '/srv/restore\n' })).toBe('/srv/restore');
    expect(pathFromDrop({ filePaths: [], uriList: '', text: 'C:\\Backups\\set' })).toBe('C:\\Backups\\set');
    expect(pathFromDrop({ filePaths: [], uriList: 'https://example.com/x', text: 'hello' })).toBeNull();
  });
});
