/**
 * Where a shell keeps the writer's model settings. The backend only sees this interface: the app
 * passes one over electron-store with the token encrypted by the operating system's keychain
 * (safeStorage), the bridge and the CLI use a JSON file in the data folder that never holds a token.
 */
import { DEFAULT_MODEL_SETTINGS, parseStoredSettings, type ModelSettings } from '../ipc/settings-schema';

export interface ModelSettingsStore {
  /** The saved settings; the default for anything missing or unreadable. Cheap: called per request. */
  read(): ModelSettings;
  write(settings: ModelSettings): void | Promise<void>;
  /** The saved access token, decrypted; null when there is none or it cannot be decrypted. */
  readAccessToken(): string | null | Promise<string | null>;
  /**
   * Saves the token, or forgets it with null. Answers false when the token could not be kept
   * safely (no keychain): the caller then keeps it in memory for this session only.
   */
  writeAccessToken(token: string | null): boolean | Promise<boolean>;
  /** Whether a token can be saved at all; false in shells without a keychain. */
  canSaveAccessToken(): boolean | Promise<boolean>;
}

/** Turns a secret into text safe to store and back; the app's is the OS keychain (safeStorage). */
export interface SecretCipher {
  /** False where encryption would not really protect the secret (no keychain). */
  isAvailable(): boolean | Promise<boolean>;
  encrypt(plain: string): string | Promise<string>;
  decrypt(stored: string): string | Promise<string>;
}

/** The little an electron-store (or any key-value store) must do. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** The key the encrypted token is kept under; never the token itself. */
export const ENCRYPTED_TOKEN_KEY = 'accessTokenEncrypted';
const SETTING_KEYS = Object.keys(DEFAULT_MODEL_SETTINGS) as (keyof ModelSettings)[];

/** Settings in a key-value store, the token only ever encrypted. */
export class KeyValueSettingsStore implements ModelSettingsStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly cipher: SecretCipher | null,
  ) {}

  async canSaveAccessToken(): Promise<boolean> {
    return (await this.cipher?.isAvailable()) ?? false;
  }

  read(): ModelSettings {
    return parseStoredSettings(Object.fromEntries(SETTING_KEYS.map((key) => [key, this.store.get(key)])));
  }

  write(settings: ModelSettings): void {
    for (const key of SETTING_KEYS) this.store.set(key, settings[key]);
  }

  async readAccessToken(): Promise<string | null> {
    const stored = this.store.get(ENCRYPTED_TOKEN_KEY);
    if (typeof stored !== 'string' || stored === '' || !this.cipher || !(await this.canSaveAccessToken())) return null;
    try {
      return (await this.cipher.decrypt(stored)) || null;
    } catch (error) {
      // A token saved under another user account or keychain cannot be read back: ask again.
      console.error('steerling: the saved access token could not be decrypted', error);
      return null;
    }
  }

  async writeAccessToken(token: string | null): Promise<boolean> {
    if (token === null) {
      this.store.delete(ENCRYPTED_TOKEN_KEY);
      return true;
    }
    if (!this.cipher || !(await this.canSaveAccessToken())) {
      // Never fall back to plain text: an older encrypted token must not outlive the new choice either.
      this.store.delete(ENCRYPTED_TOKEN_KEY);
      return false;
    }
    this.store.set(ENCRYPTED_TOKEN_KEY, await this.cipher.encrypt(token));
    return true;
  }
}
