/** Reads a folder path out of a drag-and-drop: an Electron file path, or a `file://` URI / plain path as text. */

/** What a drop carried, reduced to plain data so this stays testable without a DOM. */
export interface DropData {
  /** `File.path` (older Electron) or a path the preload resolved for a dropped file. */
  filePaths: string[];
  uriList: string;
  text: string;
}

/** The dropped folder's path, or null when the drop carried none. */
export function pathFromDrop(data: DropData): string | null {
  const direct = data.filePaths.find((p) => p.length > 0);
  if (direct) return direct;
  const uri = data.uriList.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  if (uri?.startsWith('file://')) {
    try {
      const url = new URL(uri);
      const path = decodeURIComponent(url.pathname);
      // file:///C:/x → C:/x on Windows
      return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
    } catch {
      return null;
    }
  }
  const text = data.text.trim();
  if (text.startsWith('file://')) return pathFromDrop({ filePaths: [], uriList: text, text: '' });
  if (text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\')) return text.split(/\r?\n/)[0];
  return null;
}
