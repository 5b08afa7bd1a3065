/**
 * Steering presets per pair ("this pair works at these layers with this strength"), usually a
 * sweep's best cell. The steered mode offers the ones of the chosen pair as one-click choices.
 */
import type { PresetInput, SavedPreset } from '../../src-main/ipc/contract';
import { invoke, toApiError, type ApiError } from '../lib/api';

class PresetsStore {
  items = $state.raw<SavedPreset[]>([]);
  error = $state.raw<ApiError | null>(null);

  forPair(pairId: string): SavedPreset[] {
    return this.items.filter((preset) => preset.pairId === pairId);
  }

  async refresh(): Promise<void> {
    try {
      this.items = (await invoke('presets.list', {})).items;
      this.error = null;
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  /** Saves (or, by the same name, replaces) a preset; throws the backend's error. */
  async save(pairId: string, preset: PresetInput): Promise<SavedPreset> {
    const saved = await invoke('presets.save', { pairId, preset });
    await this.refresh();
    return saved;
  }

  async remove(preset: SavedPreset): Promise<void> {
    try {
      await invoke('presets.delete', { pairId: preset.pairId, id: preset.id });
      await this.refresh();
    } catch (error) {
      this.error = toApiError(error);
    }
  }
}

export const presets = new PresetsStore();
