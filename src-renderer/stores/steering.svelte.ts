/**
 * The writer's steering choices for the next steered summary — a pair (library → style → pair,
 * or all pairs of the style) or a control-vector file, a method, layers and a strength — kept in
 * localStorage, bounded by the loaded model's steerable layers. Layers are block inputs, the one
 * convention the backend and files use (SteeringInfo.convention says it in words).
 */
import type { ActAddFront, SteeredPrompt, SteeringMethod, SteeringSettings } from '../../src-main/ipc/contract';
import { DEFAULT_ACTADD_FRONT, DEFAULT_STEERED_PROMPT } from '../../src-main/ipc/constants';
import type { SteeringInfo, VectorFileView, VectorListView } from '../../src-main/ipc/contract';
import { invoke, toApiError, type ApiError } from '../lib/api';
import { libraries, pairReference } from './libraries.svelte';

const STORAGE_KEY = 'steerling.steering.v1';
/** Before a model says otherwise: the 32 blocks of Mistral-7B. */
const FALLBACK_LAYERS = { min: 2, max: 32 };

export type SteeringSource = 'pair' | 'vector';

interface StoredSteering {
  source: SteeringSource;
  libraryId: string;
  styleId: string;
  pairId: string;
  vectorPath: string;
  method: SteeringMethod;
  range: boolean;
  layerStart: number;
  layerEnd: number;
  coefficient: number;
  prompt: SteeredPrompt;
  frontAt: ActAddFront;
}

function readStored(): Partial<StoredSteering> | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Partial<StoredSteering>) : null;
  } catch {
    return null;
  }
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

class SteeringStore {
  info = $state.raw<SteeringInfo | null>(null);
  error = $state.raw<ApiError | null>(null);
  vectors = $state.raw<VectorListView | null>(null);
  /** What the chosen vector file holds, and whether it fits the model. */
  vectorInfo = $state.raw<VectorFileView | null>(null);
  vectorError = $state.raw<ApiError | null>(null);

  source = $state<SteeringSource>('pair');
  libraryId = $state('builtin');
  styleId = $state('shakespearean');
  /** '' = every pair of the style. */
  pairId = $state('');
  vectorPath = $state('');
  method = $state<SteeringMethod>('caa');
  /** A layer range rather than one layer. */
  range = $state(true);
  layerStart = $state(14);
  layerEnd = $state(16);
  coefficient = $state(4);
  /** The neutral summary prompt, or the prompted style's prompt under the vector. */
  prompt = $state<SteeredPrompt>(DEFAULT_STEERED_PROMPT);
  /** ActAdd only: where the pair's positions land. */
  frontAt = $state<ActAddFront>(DEFAULT_ACTADD_FRONT);

  /** Why the method changed without the writer choosing it; cleared when they choose one. */
  methodNote = $state<string | null>(null);

  #hadStored = false;

  constructor() {
    const stored = readStored();
    if (!stored) return;
    this.#hadStored = true;
    if (stored.source === 'pair' || stored.source === 'vector') this.source = stored.source;
    if (typeof stored.libraryId === 'string') this.libraryId = stored.libraryId;
    if (typeof stored.styleId === 'string') this.styleId = stored.styleId;
    if (typeof stored.pairId === 'string') this.pairId = stored.pairId;
    if (typeof stored.vectorPath === 'string') this.vectorPath = stored.vectorPath;
    if (stored.method === 'actadd' || stored.method === 'caa' || stored.method === 'all') this.method = stored.method;
    if (typeof stored.range === 'boolean') this.range = stored.range;
    if (Number.isInteger(stored.layerStart)) this.layerStart = stored.layerStart as number;
    if (Number.isInteger(stored.layerEnd)) this.layerEnd = stored.layerEnd as number;
    if (Number.isFinite(stored.coefficient)) this.coefficient = stored.coefficient as number;
    if (stored.prompt === 'neutral' || stored.prompt === 'styled') this.prompt = stored.prompt;
    if (stored.frontAt === 'start' || stored.frontAt === 'message' || stored.frontAt === 'article') this.frontAt = stored.frontAt;
  }

  /** Steerable layers of the loaded model, or Mistral-7B's until one is loaded. */
  get bounds(): { min: number; max: number } {
    return this.info?.layers ?? FALLBACK_LAYERS;
  }

  get reference(): string {
    return pairReference(this.libraryId, this.styleId, this.pairId);
  }

  save(): void {
    const value: StoredSteering = {
      source: this.source,
      libraryId: this.libraryId,
      styleId: this.styleId,
      pairId: this.pairId,
      vectorPath: this.vectorPath,
      method: this.method,
      range: this.range,
      layerStart: this.layerStart,
      layerEnd: this.layerEnd,
      coefficient: this.coefficient,
      prompt: this.prompt,
      frontAt: this.frontAt,
    };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
    } catch {
      // Storage can be full or disabled; choices then last for this session only.
    }
  }

  /** Reads the convention, the model's layers and the defaults; call again when the model changes. */
  async load(): Promise<void> {
    try {
      const [info] = await Promise.all([invoke('steering.info', {}), libraries.refresh()]);
      this.info = info;
      this.error = null;
      if (!this.#hadStored) {
        this.#hadStored = true;
        this.useDefaults();
      }
      this.clampLayers();
      this.keepPairChoice();
      if (this.source === 'vector' && this.vectorPath) await this.inspect(this.vectorPath);
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  async refreshVectors(): Promise<void> {
    try {
      this.vectors = await invoke('vectors.list', {});
    } catch (error) {
      this.vectorError = toApiError(error);
    }
  }

  /** The suggested starting point for the loaded model. */
  useDefaults(): void {
    const defaults = this.info?.defaults;
    if (!defaults) return;
    this.method = defaults.method;
    this.layerStart = defaults.layerStart;
    this.layerEnd = defaults.layerEnd;
    this.range = defaults.layerStart !== defaults.layerEnd;
    this.coefficient = defaults.coefficient;
    if (defaults.pairId) {
      this.source = 'pair';
      this.libraryId = 'builtin';
      [this.styleId, this.pairId = ''] = defaults.pairId.split('/');
    }
  }

  /** A library, style or pair that was deleted or renamed falls back to what exists. */
  keepPairChoice(): void {
    if (!libraries.list) return;
    const library = libraries.find(this.libraryId) ?? libraries.find('builtin');
    if (!library) return;
    this.libraryId = library.id;
    const style = library.styles.find((s) => s.id === this.styleId) ?? library.styles[0];
    this.styleId = style?.id ?? '';
    if (!style?.pairs.some((p) => p.id === this.pairId)) this.pairId = '';
  }

  clampLayers(): void {
    const { min, max } = this.bounds;
    this.layerStart = clamp(Number(this.layerStart) || min, min, max);
    this.layerEnd = this.range ? clamp(Number(this.layerEnd) || this.layerStart, this.layerStart, max) : this.layerStart;
  }

  async chooseVectorFile(): Promise<void> {
    this.vectorError = null;
    try {
      const picked = await invoke('dialog.openFile', { kind: 'vector' });
      if (picked) await this.useVector(picked.handle);
    } catch (error) {
      this.vectorError = toApiError(error);
    }
  }

  async useVector(path: string): Promise<void> {
    this.source = 'vector';
    this.vectorPath = path;
    if (this.method === 'actadd') {
      // Said, not done silently: the writer chose ActAdd, and a vector file cannot do it.
      this.method = 'caa';
      this.methodNote = 'ActAdd needs a steering pair, so a vector file steers after the prompt (CAA).';
    }
    await this.inspect(path);
  }

  async inspect(path: string): Promise<void> {
    this.vectorError = null;
    try {
      this.vectorInfo = await invoke('vectors.inspect', { path });
    } catch (error) {
      this.vectorInfo = null;
      this.vectorError = toApiError(error);
    }
  }

  /** Why a steered summary cannot start with these choices, in words; null when it can. */
  blocker(): string | null {
    if (!Number.isFinite(this.coefficient)) return 'Set a steering strength.';
    const max = this.info?.maxCoefficient ?? 1000;
    if (Math.abs(this.coefficient) > max) return `The steering strength must be between −${max} and ${max}.`;
    const { min, max: top } = this.bounds;
    const end = this.range ? this.layerEnd : this.layerStart;
    if (!(this.layerStart >= min && end <= top && this.layerStart <= end)) return `Choose layers between ${min} and ${top}.`;
    if (this.source === 'vector') {
      if (!this.vectorPath) return 'Load a control-vector file, or steer with a pair.';
      if (this.method === 'actadd') return 'ActAdd needs a steering pair; choose another method for a vector file.';
      if (this.vectorError) return 'That vector file cannot be used.';
      if (this.vectorInfo?.fit && !this.vectorInfo.fit.ok) return 'That vector file does not fit the loaded model.';
      return null;
    }
    if (!libraries.style(this.libraryId, this.styleId)) return 'Choose a steering pair.';
    return null;
  }

  /**
   * The choices a saved summary was written with, so it can be written again: its pair reference
   * ("library:style/pair", "style/pair" or "style") or vector file, method, layers and strength.
   */
  restore(saved: SteeringSettings): void {
    this.method = saved.method;
    this.layerStart = saved.layerStart;
    this.layerEnd = saved.layerEnd;
    this.range = saved.layerStart !== saved.layerEnd;
    this.coefficient = saved.coefficient;
    this.prompt = saved.prompt ?? DEFAULT_STEERED_PROMPT;
    this.frontAt = saved.frontAt ?? DEFAULT_ACTADD_FRONT;
    if (saved.vectorPath !== undefined) {
      void this.useVector(saved.vectorPath);
      this.method = saved.method;
      return;
    }
    const reference = saved.pairId ?? '';
    const colon = reference.indexOf(':');
    const [styleId, pairId = ''] = reference.slice(colon + 1).split('/');
    this.source = 'pair';
    this.libraryId = colon >= 0 ? reference.slice(0, colon) : 'builtin';
    this.styleId = styleId;
    this.pairId = pairId;
    this.keepPairChoice();
  }

  /** The settings summary.start takes. */
  request(): SteeringSettings {
    const layerEnd = this.range ? Number(this.layerEnd) : Number(this.layerStart);
    const base: SteeringSettings = {
      method: this.method,
      layerStart: Number(this.layerStart),
      layerEnd,
      coefficient: Number(this.coefficient),
      // Neutral is the default: only the other choice needs saying.
      ...(this.prompt === 'styled' ? { prompt: this.prompt } : {}),
      ...(this.method === 'actadd' ? { frontAt: this.frontAt } : {}),
    };
    return this.source === 'vector' ? { ...base, vectorPath: this.vectorPath } : { ...base, pairId: this.reference };
  }
}

export const steering = new SteeringStore();
