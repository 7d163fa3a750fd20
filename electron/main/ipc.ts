/**
 * IPC wiring: one `ipcMain.handle` per operation of the table, each checking its sender before
 * the arguments reach the services (which check them against the table). Events go out with
 * `webContents.send` to the app's own windows only. Electron is imported as types only: the wiring
 * takes the `ipcMain` object, so it runs under plain Node in tests.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { Api } from '../contract';
import { UserError } from '../core/errors';
import { channel, OPERATION_NAMES, type EventName } from '../operations';
import { dispatch } from '../services/dispatch';
import { failureError } from '../services/problem';
import type { SenderFacts } from './security/trusted-sender';

/** The part of `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What the trust check needs from an invoke event. */
export function senderFacts(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderFacts {
  const frame = event.senderFrame;
  return { webContentsId: event.sender.id, frameUrl: frame?.url ?? null, isMainFrame: Boolean(frame) && frame!.parent === null };
}

/** Registers every operation; returns a function that removes the handlers. */
export function registerIpc(ipcMain: IpcMainLike, api: Api, trusted: (sender: SenderFacts) => boolean, log: (err: unknown) => void = console.error): () => void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(channel(name), async (event, ...args) => {
      const sender = senderFacts(event);
      if (!trusted(sender)) {
        log(new Error(`Refused ${name} from an untrusted sender (${sender.frameUrl ?? 'no frame'})`));
        throw failureError(new UserError('bad-argument', 'Request refused: it did not come from the app window.', 'Restart the app.'));
      }
      return dispatch(api, name, args, log);
    });
  }
  return () => OPERATION_NAMES.forEach((name) => ipcMain.removeHandler(channel(name)));
}

/** Sends one event of the table to each live window. */
export function sendEvent(targets: Iterable<Pick<WebContents, 'isDestroyed' | 'send'>>, name: EventName, args: unknown[]): void {
  for (const wc of targets) if (!wc.isDestroyed()) wc.send(channel(name), ...args);
}
