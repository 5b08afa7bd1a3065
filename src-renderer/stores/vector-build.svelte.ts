/**
 * "Build a vector from pairs": one build at a time in the engine, with the pairs read so far
 * arriving as `vectors.progress` events, saved as a control-vector file in the app's vector folder.
 */
import type { VectorBuildView } from '../../src-main/ipc/contract';
import type { VectorBuildMethodId } from '../../src-main/ipc/steering-types';
import { invoke, on, toApiError, type ApiError } from '../lib/api';
import { steering } from './steering.svelte';
import { toasts } from './toasts.svelte';

export type BuildPhase = 'idle' | 'building' | 'done' | 'error';

class VectorBuildStore {
  method = $state<VectorBuildMethodId>('mean');
  positions = $state<'all' | 'last'>('all');
  centre = $state(false);
  layerStart = $state(14);
  layerEnd = $state(16);
  /** File name in the vector folder; '' lets the backend name it from pair, method and layers. */
  name = $state('');
  phase = $state<BuildPhase>('idle');
  progress = $state.raw<{ stage: 'reading' | 'saving'; done: number; total: number } | null>(null);
  result = $state.raw<VectorBuildView | null>(null);
  error = $state.raw<ApiError | null>(null);
  #cancelling = false;

  connect(): () => void {
    return on('vectors.progress', ({ stage, done, total }) => {
      if (this.phase === 'building') this.progress = { stage, done, total };
    });
  }

  /** Starts from the layers chosen for steering. */
  takeLayersFromSteering(): void {
    this.layerStart = steering.layerStart;
    this.layerEnd = steering.range ? steering.layerEnd : steering.layerStart;
  }

  async build(reference: string, overwrite = false): Promise<void> {
    if (this.phase === 'building') return;
    this.phase = 'building';
    this.progress = null;
    this.result = null;
    this.error = null;
    this.#cancelling = false;
    try {
      const name = this.name.trim();
      this.result = await invoke('vectors.build', {
        pairId: reference,
        method: this.method,
        layerStart: Number(this.layerStart),
        layerEnd: Number(this.layerEnd),
        positions: this.positions,
        centre: this.method === 'pca' && this.centre,
        ...(name ? { path: name } : {}),
        overwrite,
      });
      this.phase = 'done';
      toasts.show(`Saved the vector to ${this.result.path}`);
      void steering.refreshVectors();
    } catch (error) {
      if (this.#cancelling) {
        this.phase = 'idle';
        toasts.show('Stopped building the vector; nothing was saved.', 'info');
      } else {
        this.error = toApiError(error);
        this.phase = 'error';
      }
    } finally {
      this.progress = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.phase !== 'building') return;
    this.#cancelling = true;
    try {
      await invoke('vectors.cancel', {});
    } catch (error) {
      this.#cancelling = false;
      this.error = toApiError(error);
    }
  }
}

export const vectorBuild = new VectorBuildStore();
