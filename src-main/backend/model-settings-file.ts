/**
 * Model settings in `<dataDir>/model-settings.json`, for shells without a keychain (the CLI, the
 * browser test bridge). It is the same file the app's electron-store writes, so the terminal
 * follows the settings made in the app; keys it does not know (the app's encrypted token) are kept
 * as they are, and it never writes a token itself: the terminal takes HF_TOKEN from the environment.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomicallySync } from '../core/atomic-write';
import { parseStoredSettings, type ModelSettings } from '../ipc/settings-schema';
import type { ModelSettingsStore } from './model-settings-store';

export const SETTINGS_FILE_NAME = 'model-settings.json';

export function settingsFilePath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE_NAME);
}

export class JsonSettingsFile implements ModelSettingsStore {
  private cached: Record<string, unknown> | undefined;

  constructor(readonly path: string) {}

  read(): ModelSettings {
    return parseStoredSettings(this.raw());
  }

  write(settings: ModelSettings): void {
    const next = { ...this.raw(), ...settings };
    mkdirSync(dirname(this.path), { recursive: true });
    // A crash mid-write leaves the old file, never half of one.
    writeFileAtomicallySync(this.path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    this.cached = next;
  }

  readAccessToken(): null {
    return null;
  }

  writeAccessToken(): boolean {
    return false;
  }

  canSaveAccessToken(): boolean {
    return false;
  }

  /** The file's object; an absent or unreadable file counts as empty (defaults), never as an error. */
  private raw(): Record<string, unknown> {
    if (this.cached) return this.cached;
    let value: unknown = {};
    try {
      value = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        console.error(`steerling: ${this.path} could not be read; using the default model settings`, error);
      }
    }
    this.cached = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    return this.cached;
  }
}
