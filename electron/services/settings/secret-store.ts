/**
 * Where secrets that must outlive a session would go (e.g. Azure refresh tokens): only ever
 * through this interface, never in settings.json. The app backs it with Electron's `safeStorage`
 * (OS keychain / DPAPI / libsecret); the browser test bridge keeps secrets in memory only.
 */
import { join } from 'node:path';
import { UserError } from '../../core/errors';
import { readJsonFile, writeJsonFile } from '../../core/json-file';

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Encrypts with an OS-held key; `available` is false when the OS offers no real protection. */
export interface SecretCipher {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

/** Secrets held in this process's memory only (the browser bridge, tests). */
export function memorySecretStore(): SecretStore {
  const map = new Map<string, string>();
  return {
    get: async (key) => map.get(key) ?? null,
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
  };
}

/**
 * Secrets encrypted by `cipher` and kept in `secrets.json` (base64 ciphertext only). Refuses to
 * store anything when the cipher is not available, rather than writing a secret in the clear.
 */
export function encryptedFileSecretStore(userDataDir: string, cipher: SecretCipher): SecretStore {
  const file = join(userDataDir, 'secrets.json');
  let queue: Promise<unknown> = Promise.resolve();
  const load = async (): Promise<Record<string, string>> => {
    const v = await readJsonFile(file);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, string>) : {};
  };
  const change = (fn: (all: Record<string, string>) => void): Promise<void> => {
    const run = queue.then(async () => {
      const all = await load();
      fn(all);
      await writeJsonFile(file, all, 0o600);
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    async get(key) {
      const all = await load();
      if (!Object.hasOwn(all, key) || !cipher.available()) return null;
      try {
        return cipher.decrypt(Buffer.from(all[key], 'base64'));
      } catch {
        return null;
      }
    },
    set(key, value) {
      if (!cipher.available()) {
        return Promise.reject(new UserError('bad-argument', 'This computer offers no protected storage for secrets, so nothing was saved.',
          'On Linux, install and unlock a keyring (GNOME Keyring or KWallet); you will be asked again next time.'));
      }
      const sealed = cipher.encrypt(value).toString('base64');
      return change((all) => {
        all[key] = sealed;
      });
    },
    delete(key) {
      return change((all) => {
        delete all[key];
      });
    },
  };
}
