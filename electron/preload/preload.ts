/**
 * The preload: exposes `window.pgflex` (the contract's `Bridge`) to the isolated renderer. Runs
 * sandboxed: it can reach `ipcRenderer` but never hands it, or any Electron object, to the page —
 * the page only gets plain functions, and event listeners never see the IPC event.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridge } from './build-bridge';

contextBridge.exposeInMainWorld('pgflex', buildBridge({
  invoke: (name, args) => ipcRenderer.invoke(name, ...args),
  on(name, listener) {
    const wrapped = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...args);
    ipcRenderer.on(name, wrapped);
    return () => void ipcRenderer.removeListener(name, wrapped);
  },
}));
