/**
 * The probe (a sentence continued raw, unsteered beside steered, with the current steering
 * choices) and "Find settings" (calibration of the chosen style on the loaded model; its best
 * setting becomes the style's preset and the current choice). One of each at a time.
 */
import type { CalibrationResult, ProbeSample, SavedPreset } from '../../src-main/ipc/eval-contract';
import { invoke, on, toApiError, type ApiError } from '../lib/api';
import { steering } from './steering.svelte';

class TuneStore {
  text = $state('The council met on Tuesday to discuss the new bridge, and');
  probeJob = $state<string | null>(null);
  samples = $state.raw<ProbeSample[]>([]);
  probeError = $state.raw<ApiError | null>(null);

  calibrateJob = $state<string | null>(null);
  progress = $state.raw<{ done: number; total: number; etaMs: number | null } | null>(null);
  calibration = $state.raw<CalibrationResult | null>(null);
  preset = $state.raw<SavedPreset | null>(null);
  calibrateError = $state.raw<ApiError | null>(null);

  connect(): () => void {
    const stops = [
      on('probe.sample', ({ jobId, sample }) => {
        if (jobId === this.probeJob) this.samples = [...this.samples, sample];
      }),
      on('probe.done', ({ jobId }) => {
        if (jobId === this.probeJob) this.probeJob = null;
      }),
      on('probe.error', ({ jobId, code, message }) => {
        if (jobId !== this.probeJob) return;
        this.probeJob = null;
        this.probeError = toApiError({ code, message });
      }),
      on('calibrate.progress', ({ jobId, done, total, etaMs }) => {
        if (jobId === this.calibrateJob) this.progress = { done, total, etaMs };
      }),
      on('calibrate.done', ({ jobId, result, preset }) => {
        if (jobId !== this.calibrateJob) return;
        this.calibrateJob = null;
        this.calibration = result;
        this.preset = preset;
        if (result.best) {
          steering.method = result.best.method;
          steering.layerStart = result.best.layerStart;
          steering.layerEnd = result.best.layerEnd;
          steering.range = result.best.layerStart !== result.best.layerEnd;
          steering.coefficient = result.best.coefficient;
        }
      }),
      on('calibrate.error', ({ jobId, code, message }) => {
        if (jobId !== this.calibrateJob) return;
        this.calibrateJob = null;
        this.calibrateError = toApiError({ code, message });
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async probe(): Promise<void> {
    this.samples = [];
    this.probeError = null;
    try {
      const { prompt: _prompt, ...settings } = steering.request();
      this.probeJob = (await invoke('probe.start', { text: this.text, steering: settings, samples: 3 })).jobId;
    } catch (error) {
      this.probeError = toApiError(error);
    }
  }

  async findSettings(): Promise<void> {
    this.calibration = null;
    this.preset = null;
    this.progress = null;
    this.calibrateError = null;
    try {
      this.calibrateJob = (await invoke('calibrate.start', { style: steering.styleId, pairId: steering.reference, save: true })).jobId;
    } catch (error) {
      this.calibrateError = toApiError(error);
    }
  }

  async cancel(kind: 'probe' | 'calibrate'): Promise<void> {
    const jobId = kind === 'probe' ? this.probeJob : this.calibrateJob;
    if (jobId) await invoke(kind === 'probe' ? 'probe.cancel' : 'calibrate.cancel', { jobId });
  }
}

export const tune = new TuneStore();
