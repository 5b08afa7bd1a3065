/** A raw continuation (no chat template), as LocalEngine.continueText takes it. */
import type { SteeringSettings } from './steering-settings';
import type { RawSamplingSettings } from './types';

export interface RawContinuationRequest {
  /** The text to continue, tokenized after BOS exactly as given. */
  text: string;
  sampling: RawSamplingSettings;
  steering?: SteeringSettings;
  /** Parse special-token text such as "</s>" as those tokens (the original experiment's padding). Default false. */
  specialTokens?: boolean;
}

/** Anything that continues raw text: LocalEngine in the process that holds the model. */
export interface RawContinuer {
  continueText(request: RawContinuationRequest, signal?: AbortSignal): Promise<{ text: string; outputTokens: number; cancelled: boolean }>;
}
