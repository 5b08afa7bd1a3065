/**
 * Steering settings as stored in history and sent over IPC. The engine issue (steering) fills in
 * the behaviour; this shape is the seam.
 *
 * Layer numbers use ONE convention everywhere outside steering/: "block L input" — the residual
 * stream entering 0-indexed block L (TransformerLens resid_pre L, HF hidden_states[L], the ActAdd
 * paper's layer). Conversion to llama.cpp's direction index happens in steering/layers.ts only.
 */
export type SteeringMethod = 'actadd' | 'caa' | 'all';

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
}
