/**
 * Where the msal token cache is kept: the host decides (Electron safeStorage in the app, a 0600
 * file for the CLI). The plugin reads before and writes after every cache access, so sign-out
 * really removes the account from storage.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

/** Storage for the serialised token cache (it holds refresh tokens: keep it private). */
export interface CacheStorage {
  read(): Promise<string | null>;
  write(data: string): Promise<void>;
}

/** The msal cache plugin over a host-provided {@link CacheStorage}. */
export function cachePlugin(storage: CacheStorage): ICachePlugin {
  return {
    async beforeCacheAccess(ctx: TokenCacheContext) {
      const data = await storage.read();
      if (data) ctx.tokenCache.deserialize(data);
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (ctx.cacheHasChanged) await storage.write(ctx.tokenCache.serialize());
    },
  };
}

/** A file readable only by the user (0600, folder 0700), replaced atomically so a crash never leaves half a cache. */
export function fileCacheStorage(path: string): CacheStorage {
  return {
    async read() {
      try {
        return readFileSync(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async write(data) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, data, { mode: 0o600 });
        renameSync(tmp, path);
      } finally {
        rmSync(tmp, { force: true });
      }
    },
  };
}

/** Keeps the cache in memory only (tests, or a host that must not persist). */
export function memoryCacheStorage(): CacheStorage & { data: string | null } {
  const s = {
    data: null as string | null,
    read: async () => s.data,
    write: async (d: string) => {
      s.data = d;
    },
  };
  return s;
}
