/** Stand-ins for what the app's settings store sits on: electron-store and the OS keychain. */
import type { KeyValueStore, SecretCipher } from '../../../src-main/backend/model-settings-store';

/** A stand-in for the OS keychain: reversible, and visibly not the plain text. */
export function fakeCipher(available = true): SecretCipher & { available: boolean } {
  return {
    available,
    isAvailable() {
      return this.available;
    },
    encrypt: (plain) => `enc:${Buffer.from(plain).toString('base64').split('').reverse().join('')}`,
    decrypt: (stored) => {
      if (!stored.startsWith('enc:')) throw new Error('not ours');
      return Buffer.from(stored.slice(4).split('').reverse().join(''), 'base64').toString();
    },
  };
}

export function mapStore(): KeyValueStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: (key) => values.get(key), set: (key, value) => void values.set(key, value), delete: (key) => void values.delete(key) };
}
