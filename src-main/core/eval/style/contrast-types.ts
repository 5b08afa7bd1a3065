/** Shapes of the contrast score, apart from its computation so the renderer can import them (no Node, no native code). */
export interface ContrastPrompts {
  positive: string;
  negative: string;
}

export interface ContrastScore {
  /** Mean log-probability difference per token (nats); see contrast.ts. */
  score: number;
  positiveMeanLogProb: number;
  negativeMeanLogProb: number;
  tokens: number;
}
