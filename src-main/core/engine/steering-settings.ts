/**
 * Steering settings as stored in history and sent over IPC. The engine issue (steering) fills in
 * the behaviour; this shape is the seam.
 *
 * Layer numbers use ONE convention everywhere outside steering/: "block L input" — the residual
 * stream entering 0-indexed block L (TransformerLens resid_pre L, HF hidden_states[L], the ActAdd
 * paper's layer). Conversion to llama.cpp's direction index happens in steering/layers.ts only.
 */
export type SteeringMethod = 'actadd' | 'caa' | 'all';

/**
 * The prompt a steered summary is written from. 'neutral' (the default): the summary task with no
 * style words and no example, so the style comes from the vector alone. 'styled': the vector on top
 * of the request's prompted-style template ("steered + prompted").
 */
export type SteeredPrompt = 'neutral' | 'styled';
export const STEERED_PROMPTS: readonly SteeredPrompt[] = ['neutral', 'styled'];
export const DEFAULT_STEERED_PROMPT: SteeredPrompt = 'neutral';

/**
 * Where ActAdd's per-position differences start (its "front"):
 * - 'start': prompt position 0 (BOS) onward, pair position i on prompt position i — the ActAdd
 *   paper and TransformerLens literally; on a chat model the chat template's own tokens take the
 *   first differences.
 * - 'message': the first token of the user's message (after the chat template's opening tokens);
 *   the pair's BOS position is dropped, so its first word meets the message's first word.
 * - 'article': the first token of the article (its title line), after the instruction.
 * The default is 'message': the paper's setting translated to a chat model (the prompt's own text
 * starts where the pair's text starts), without spending differences on template tokens.
 */
export type ActAddFront = 'start' | 'message' | 'article';
export const ACTADD_FRONTS: readonly ActAddFront[] = ['start', 'message', 'article'];
export const DEFAULT_ACTADD_FRONT: ActAddFront = 'message';

export interface SteeringSettings {
  method: SteeringMethod;
  /** Built-in or user pair id, e.g. "shakespearean/thou-you"; absent when a vector file is used. */
  pairId?: string;
  /** Path of a control-vector .gguf; absent when a pair is used. */
  vectorPath?: string;
  /** First and last layer (inclusive), in the block-input convention above. */
  layerStart: number;
  layerEnd: number;
  coefficient: number;
  /** Default 'neutral' (see SteeredPrompt). */
  prompt?: SteeredPrompt;
  /** ActAdd only; default 'message' (see ActAddFront). */
  frontAt?: ActAddFront;
  /**
   * ActAdd only: what pads the shorter side of the pair. 'space' (default, as the ActAdd paper
   * advises); 'eos' only to reproduce the original experiment, which padded with end-of-sequence.
   */
  pairPadding?: 'space' | 'eos';
}
