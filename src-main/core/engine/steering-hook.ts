/**
 * The seam where activation steering plugs into generation.
 *
 * For every stage that should be steered, the engine:
 *   1. renders and tokenizes the prompt, and clears the sequence's KV cache (so no unsteered state
 *      is ever reused — see STEERING.md),
 *   2. calls `beforePrompt`, which may evaluate a prefix of the prompt itself (ActAdd-front:
 *      the first k tokens in one batch, each with its own per-position vector) and returns how
 *      many leading prompt tokens it evaluated,
 *   3. evaluates the rest of the prompt except its last token, without sampling,
 *   4. calls `beforeGeneration` (set or clear vectors: ActAdd clears, CAA sets its vector here so
 *      it applies from the last prompt token on, to every generated token),
 *   5. evaluates the last prompt token and samples the answer token by token,
 *   6. calls `cleanup` exactly once, also after an error or a cancel, and before the next stage or
 *      request can touch the context: the hook must leave the context unsteered.
 *
 * The engine calls no hook method concurrently with an evaluation on the same context, which is
 * what the native side (llama_set_adapter_cvec) requires. Map stages of a long article are never
 * steered; only the stage that writes the final text is.
 */
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { SteeringSettings } from './steering-settings';
import type { PromptLandmarks } from './prompts/prompt-landmarks';
import type { SummaryRequest } from './types';

export interface SteeringStageContext {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  /** The full prompt, BOS included, in evaluation order. */
  promptTokens: readonly Token[];
  request: SummaryRequest;
  settings: SteeringSettings;
  signal: AbortSignal;
  /**
   * Where the user's message and the article start in `promptTokens`, for ActAdd's front
   * (settings.frontAt). Absent when the prompt has no such parts to name.
   */
  landmarks?: PromptLandmarks;
}

export interface SteeringHook {
  /**
   * Called with an empty sequence, before any prompt token is evaluated. Return the number of
   * leading prompt tokens the hook evaluated on `sequence` itself (0 if none); it must be less
   * than `promptTokens.length`, since the engine evaluates the last one to start sampling.
   */
  beforePrompt(stage: SteeringStageContext): Promise<{ evaluatedPrefixTokens: number }>;
  /** Called after all prompt tokens but the last are in the KV cache. */
  beforeGeneration(stage: SteeringStageContext): Promise<void>;
  /** Always called once per stage; leaves the context without any control vector. */
  cleanup(stage: SteeringStageContext): Promise<void>;
}

/** What LocalEngine is given to support mode "steered": builds one hook per request. */
export interface SteeringProvider {
  /** Throws EngineError('invalid-request', …) for settings it cannot apply (bad layer, missing vector). */
  createHook(
    settings: SteeringSettings,
    target: { llama: Llama; model: LlamaModel; context: LlamaContext },
  ): Promise<SteeringHook>;
}
