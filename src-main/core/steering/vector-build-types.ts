/**
 * What a vector build reports and returns (worker/vector-build.ts runs it). Types only and
 * Node-free, because the contract hands them to the renderer as they are.
 */
export type VectorBuildMethod = 'mean' | 'pca';

export interface VectorBuildProgress {
  stage: 'reading' | 'saving';
  /** Pairs read so far, of `total`. */
  done: number;
  total: number;
}

export interface VectorBuildResult {
  path: string;
  bytes: number;
  /** Block-input layers with a direction. */
  layers: number[];
  nEmbd: number;
  modelHint: string;
  pairCount: number;
  method: VectorBuildMethod;
}
