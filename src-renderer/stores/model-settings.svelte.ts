/**
 * The writer's model settings, kept by the app (not in this window): download server, access
 * token and how models are loaded. The token is write-only: the app only says whether one is set.
 */
import type { SettingsPatch, SettingsView } from '../../src-main/ipc/contract';
import { invoke, toApiError, type ApiError } from '../lib/api';

class ModelSettingsStore {
  view = $state.raw<SettingsView | null>(null);
  loadError = $state.raw<ApiError | null>(null);
  saveError = $state.raw<ApiError | null>(null);
  saving = $state(false);

  async load(): Promise<void> {
    try {
      this.view = await invoke('settings.get', {});
      this.loadError = null;
    } catch (error) {
      this.loadError = toApiError(error);
    }
  }

  /** True when saved; otherwise `saveError` says why and nothing changed. */
  async save(patch: SettingsPatch): Promise<boolean> {
    this.saving = true;
    this.saveError = null;
    try {
      this.view = await invoke('settings.set', patch);
      return true;
    } catch (error) {
      this.saveError = toApiError(error);
      return false;
    } finally {
      this.saving = false;
    }
  }
}

export const modelSettings = new ModelSettingsStore();
