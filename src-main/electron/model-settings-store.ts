/**
 * The app's model settings: electron-store's `model-settings.json` in the userData folder (the
 * same file the CLI reads, so the terminal follows the app), with the access token encrypted by
 * the operating system's keychain through safeStorage. Where the keychain is only a stand-in
 * (Linux without a secret service: "basic_text"), the token is not saved at all.
 */
import * as electron from 'electron';
import Store from 'electron-store';
import { KeyValueSettingsStore, type SecretCipher } from '../backend/model-settings-store';

type SafeStorage = typeof electron.safeStorage;

/** safeStorage as a cipher; null where this Electron (or a stand-in for it) has none. */
export function keychainCipher(): SecretCipher | null {
  // Read off the namespace: a stand-in 'electron' without safeStorage must not stop the app.
  const safeStorage = (electron as { safeStorage?: SafeStorage }).safeStorage;
  if (!safeStorage) return null;
  return {
    async isAvailable() {
      if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
      return safeStorage.isAsyncEncryptionAvailable();
    },
    async encrypt(plain) {
      return (await safeStorage.encryptStringAsync(plain)).toString('base64');
    },
    async decrypt(stored) {
      return (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result;
    },
  };
}

export function electronModelSettingsStore(options: { cwd?: string } = {}): KeyValueSettingsStore {
  const store = new Store<Record<string, unknown>>({ name: 'model-settings', cwd: options.cwd, clearInvalidConfig: true });
  return new KeyValueSettingsStore(
    {
      get: (key) => store.get(key),
      set: (key, value) => store.set(key, value),
      delete: (key) => store.delete(key),
    },
    keychainCipher(),
  );
}
