/** Where the local sandbox server keeps its data: one folder per user that they can find and remove. */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** Name of the app's folder under the platform's per-user data folder. */
export const APP_DIR_NAME = 'pgflex-restore';

/**
 * The sandbox folder. `PGFLEX_SANDBOX_DIR` wins, then `<appDataRoot>/sandbox` when the caller
 * passes its own data root (the Electron app's userData), then the platform's default:
 * `$XDG_DATA_HOME/pgflex-restore/sandbox` or `~/.local/share/…` (Linux and other Unixes),
 * `~/Library/Application Support/…` (macOS), `%LOCALAPPDATA%\pgflex-restore\sandbox` (Windows).
 * As root on Linux (containers, CI) the default is `/var/lib/pgflex-restore/sandbox`: the server
 * must run as the `postgres` user, which cannot enter root's home.
 * The environment, platform, home folder and uid are parameters so this stays a pure function.
 */
export function sandboxDir(
  appDataRoot?: string,
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
  uid: number | undefined = process.getuid?.(),
): string {
  const path = platform === 'win32' ? win32 : posix;
  const override = env.PGFLEX_SANDBOX_DIR?.trim();
  if (override) return path.resolve(override);
  if (appDataRoot) return path.join(appDataRoot, 'sandbox');
  switch (platform) {
    case 'win32': {
      const local = env.LOCALAPPDATA?.trim() || win32.join(home, 'AppData', 'Local');
      return win32.join(local, APP_DIR_NAME, 'sandbox');
    }
    case 'darwin':
      return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME, 'sandbox');
    default: {
      if (uid === 0) return posix.join('/var/lib', APP_DIR_NAME, 'sandbox');
      // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
      const xdg = env.XDG_DATA_HOME?.trim();
      const base = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share');
      return posix.join(base, APP_DIR_NAME, 'sandbox');
    }
  }
}
