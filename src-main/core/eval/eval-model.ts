/**
 * The loaded model as the model-based scores need it (log-probabilities, perplexity, judge):
 * the same native objects the engine generates with. Model scoring and generation share the
 * engine's one sequence, so they must take turns; compare and sweep run them one after the other.
 * Steering hooks leave the context unsteered after every summary, so scores are unsteered.
 */
import type { ChatWrapper, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { EvalError } from './errors';

export interface EvalModel {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  wrapper: ChatWrapper;
}

/** Anything with LocalEngine's `loadedModel()`. */
export interface HasLoadedModel {
  loadedModel(): { model: LlamaModel; sequence: LlamaContextSequence; wrapper: ChatWrapper } | null;
}

export function evalModelOf(engine: HasLoadedModel): EvalModel {
  const loaded = engine.loadedModel();
  if (!loaded) throw new EvalError('no-model', 'No model is loaded. Load a model before scoring with it.');
  return { model: loaded.model, sequence: loaded.sequence, wrapper: loaded.wrapper };
}

/** Text tokens without BOS. */
export function textTokens(model: LlamaModel, text: string): Token[] {
  return [...model.tokenize(text)];
}

/** The model's start token, when it uses one. */
export function startTokens(model: LlamaModel): Token[] {
  const bos = model.tokens.bos;
  return bos !== null && model.tokens.shouldPrependBosToken ? [bos] : [];
}
