/**
 * Whether an IPC message comes from our own page: a top-level frame, in a window this app
 * created, showing the app's own origin (the `app://` protocol, or Vite's dev server during
 * `npm start`). Anything else — an iframe, a page navigated elsewhere, a stray webContents — is refused.
 */

/** The facts of a sender, read off Electron's event (see `senderFacts` in ipc.ts). */
export interface SenderFacts {
  webContentsId: number;
  /** The sending frame's URL; null when the frame is gone. */
  frameUrl: string | null;
  /** True for the top-level frame. */
  isMainFrame: boolean;
}

export interface TrustPolicy {
  /** webContents ids of the windows this app created. */
  webContentsIds: ReadonlySet<number>;
  /** Allowed origins as `scheme://host[:port]`, e.g. `app://pgflex`, `http://localhost:5173`. */
  origins: readonly string[];
}

/** `scheme://host[:port]` of a URL (WHATWG `origin` is "null" for custom schemes such as app:), or null. */
export function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.host ? `${url.protocol}//${url.host}` : null;
  } catch {
    return null;
  }
}

export function isTrustedSender(sender: SenderFacts, policy: TrustPolicy): boolean {
  if (!policy.webContentsIds.has(sender.webContentsId)) return false;
  if (!sender.isMainFrame || !sender.frameUrl) return false;
  const origin = originOf(sender.frameUrl);
  return origin !== null && policy.origins.includes(origin);
}
