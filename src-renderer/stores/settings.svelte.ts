/**
 * The writer's choices for the next summary. Kept in localStorage so the app opens the way it
 * was left; values are clamped to the contract's ranges before they are sent.
 */
import type { SamplingSettings, SummaryMode } from '../../src-main/ipc/contract';
import { DEFAULT_SAMPLING, SAMPLING_LIMITS } from '../../src-main/ipc/constants';

const STORAGE_KEY = 'steerling.settings.v1';

// The contract's own defaults and bounds (the ones samplingSchema checks), re-exported for the fields.
export { DEFAULT_SAMPLING, SAMPLING_LIMITS };

interface StoredSettings {
  mode: SummaryMode;
  style: string;
  sampling: SamplingSettings;
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function readStored(): Partial<StoredSettings> {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Partial<StoredSettings>) : {};
  } catch {
    return {};
  }
}

class SummaryOptionsStore {
  mode = $state<SummaryMode>('plain');
  style = $state('');
  sampling = $state<SamplingSettings>({ ...DEFAULT_SAMPLING });

  constructor() {
    const stored = readStored();
    if (stored.mode === 'plain' || stored.mode === 'prompted' || stored.mode === 'steered') this.mode = stored.mode;
    if (typeof stored.style === 'string') this.style = stored.style;
    if (stored.sampling && typeof stored.sampling === 'object') {
      this.sampling = this.#clamped({ ...DEFAULT_SAMPLING, ...stored.sampling });
    }
  }

  save(): void {
    const value: StoredSettings = { mode: this.mode, style: this.style, sampling: $state.snapshot(this.sampling) };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    } catch {
      // Storage can be full or disabled; settings then last for this session only.
    }
  }

  resetSampling(): void {
    this.sampling = { ...DEFAULT_SAMPLING };
  }

  /** Mode, style and sampling as a saved summary had them. */
  restore(mode: SummaryMode, style: string | null | undefined, sampling: SamplingSettings): void {
    this.mode = mode;
    if (style) this.style = style;
    this.sampling = this.#clamped({ ...sampling });
  }

  /** A seed other than the current one, so the next summary takes another path. */
  newSeed(): void {
    const max = SAMPLING_LIMITS.seed.max;
    let seed = this.sampling.seed;
    while (seed === this.sampling.seed) seed = Math.floor(Math.random() * max);
    this.sampling.seed = seed;
  }

  /** A plain copy, within bounds, ready to cross the IPC boundary. */
  requestSampling(): SamplingSettings {
    return this.#clamped($state.snapshot(this.sampling));
  }

  #clamped(s: SamplingSettings): SamplingSettings {
    const L = SAMPLING_LIMITS;
    return {
      temperature: clamp(Number(s.temperature), L.temperature.min, L.temperature.max, DEFAULT_SAMPLING.temperature),
      topP: clamp(Number(s.topP), L.topP.min, L.topP.max, DEFAULT_SAMPLING.topP),
      seed: Math.round(clamp(Number(s.seed), L.seed.min, L.seed.max, DEFAULT_SAMPLING.seed)),
      maxTokens: Math.round(clamp(Number(s.maxTokens), L.maxTokens.min, L.maxTokens.max, DEFAULT_SAMPLING.maxTokens)),
      repeatPenalty: clamp(Number(s.repeatPenalty), L.repeatPenalty.min, L.repeatPenalty.max, DEFAULT_SAMPLING.repeatPenalty),
    };
  }
}

export const settings = new SummaryOptionsStore();
