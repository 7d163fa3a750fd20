/**
 * Electron's `safeStorage` as the services' secret cipher. On Linux without a keyring Chromium
 * falls back to a fixed key ("basic_text"), which protects nothing: that counts as unavailable,
 * so secrets are then not saved at all.
 */
import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../services/settings/secret-store';

export function safeStorageCipher(safeStorage: SafeStorage, platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    available: () => safeStorage.isEncryptionAvailable()
      && !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  };
}
