import type { SteeringSettings } from './steering-settings';
import { CodedError } from '../coded-error';

export type SummaryMode = 'plain' | 'prompted' | 'steered';

export interface SamplingSettings {
  temperature: number;
  topP: number;
  seed: number;
  maxTokens: number;
  repeatPenalty: number;
}

/**
 * Sampling for raw continuations (the probe, the original experiment's reproduction):
 * `frequencyPenalty` is subtracted from a token's logit per earlier occurrence (llama.cpp
 * frequency_penalty); default none. Summaries do not offer it.
 */
export interface RawSamplingSettings extends SamplingSettings {
  frequencyPenalty?: number;
}

export interface SummaryRequest {
  article: { title: string; text: string };
  mode: SummaryMode;
  /** Style id from assets/prompts/styles (e.g. "shakespearean"); required for prompted and steered. */
  style?: string;
  sampling: SamplingSettings;
  /** Only for mode "steered". */
  steering?: SteeringSettings;
}

export interface SummaryStats {
  promptTokens: number;
  outputTokens: number;
  /** Milliseconds from request to first streamed text. */
  timeToFirstTokenMs: number;
  totalMs: number;
  /** 1 when the article fitted in one prompt; otherwise number of map chunks. */
  chunks: number;
}

export type SummaryEvent =
  | { type: 'progress'; stage: 'map' | 'reduce'; done: number; total: number }
  | { type: 'text'; text: string }
  | { type: 'done'; output: string; stats: SummaryStats; cancelled: boolean };

export interface ModelInfo {
  /** Stable id: file name without extension. */
  id: string;
  path: string;
  architecture: string;
  nLayer: number;
  nEmbd: number;
  contextSize: number;
  gpu: string | false;
}

/** The engine process as its host reports it: what the window's banner and the CLI show. */
export type EngineState =
  | { state: 'starting' }
  | { state: 'ready'; model: ModelInfo | null }
  | { state: 'loading'; path: string }
  | { state: 'crashed'; message: string; restarting: boolean };

export interface LoadModelOptions {
  contextSize?: number;
  gpuLayers?: 'auto' | 'max' | number;
  threads?: number;
}

/** The engine seen from outside: same shape in-process and across the process boundary. */
export interface SummaryEngine {
  loadModel(path: string, options?: LoadModelOptions): Promise<ModelInfo>;
  currentModel(): ModelInfo | null;
  summarize(request: SummaryRequest, signal?: AbortSignal): AsyncIterable<SummaryEvent>;
  dispose(): Promise<void>;
}

export type EngineErrorCode =
  | 'no-model'
  | 'model-load-failed'
  | 'busy'
  | 'invalid-request'
  | 'engine-crashed'
  /** The worker stopped answering (even pings) or an operation made no progress for too long: it was stopped and restarted. */
  | 'engine-hung'
  /** A message between the app and the engine process had the wrong shape; the request it named was stopped. */
  | 'protocol-error'
  | 'generation-failed';

export class EngineError extends CodedError<EngineErrorCode> {
  override readonly name = 'EngineError';
}
