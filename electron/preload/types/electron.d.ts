/**
 * The part of Electron's renderer-side API the preload uses, for tsconfig.preload.json: Electron's
 * own types pull in Node's, and the preload must compile without them (it runs sandboxed, with no
 * Node). The main tsconfig checks the same preload against Electron's real types.
 */
export interface IpcRendererEvent {
  readonly senderId: number;
}

export interface IpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  removeListener(channel: string, listener: (...args: never[]) => void): this;
}

export interface ContextBridge {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export const ipcRenderer: IpcRenderer;
export const contextBridge: ContextBridge;

export interface WebUtils {
  getPathForFile(file: File): string;
}

export const webUtils: WebUtils;
