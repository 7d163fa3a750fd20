/**
 * The preload: exposes `window.pgflex` (the contract's `Bridge`) to the isolated renderer. Runs
 * sandboxed: it can reach `ipcRenderer` but never hands it, or any Electron object, to the page —
 * the page only gets plain functions, and event listeners never see the IPC event. Compiled
 * without Node types (tsconfig.preload.json).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { channel } from '../operations';
import { buildBridge } from './build-bridge';

contextBridge.exposeInMainWorld('pgflex', buildBridge({
  invoke: (name, args) => ipcRenderer.invoke(channel(name), ...args),
  on(name, listener) {
    const wrapped = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...args);
    ipcRenderer.on(channel(name), wrapped);
    return () => void ipcRenderer.removeListener(channel(name), wrapped);
  },
}));

// A dropped folder's path: Electron 32+ has no File.path, and only the preload may ask for it.
// Not a main-process operation: the path is read here, and main still asks before it opens it.
contextBridge.exposeInMainWorld('pgflexDrop', { pathForFile: (file: File): string => webUtils.getPathForFile(file) });
