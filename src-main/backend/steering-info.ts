/**
 * What the steering controls need to know before the writer touches them: the layer convention
 * in words, the loaded model's steerable layers, the methods explained in one line each, and
 * starting settings that suit the model.
 */
import type { ModelInfo } from '../core/engine/types';
import { LAYER_CONVENTION_TEXT, steerableLayers } from '../core/steering/layers';
import { MAX_COEFFICIENT } from '../core/steering/vectors';
import type { SteeringInfo, SteeringMethodInfo, VectorBuildMethodInfo } from '../ipc/steering-types';

export const STEERING_METHODS: SteeringMethodInfo[] = [
  {
    id: 'actadd',
    label: 'ActAdd (front of the prompt)',
    description: "Adds the pair's per-token difference to the first tokens of the prompt only, as in the ActAdd paper.",
    worksWithVectorFile: false,
  },
  {
    id: 'caa',
    label: 'After the prompt (CAA)',
    description: 'Adds one vector per layer to every generated token, as in Contrastive Activation Addition.',
    worksWithVectorFile: true,
  },
  {
    id: 'all',
    label: 'All positions (control vector)',
    description: "Adds the vector at every token, prompt included, like llama.cpp's --control-vector.",
    worksWithVectorFile: true,
  },
];

export const VECTOR_BUILD_METHODS: VectorBuildMethodInfo[] = [
  {
    id: 'mean',
    label: 'Mean of differences',
    description: 'Averages each pair\'s positive − negative activations (CAA); not normalised, so its size is a typical pair difference.',
  },
  {
    id: 'pca',
    label: 'First principal component',
    description: 'The direction the pair differences share most (repeng-style), sign set so the positive side is higher, scaled to a typical difference.',
  },
];

/** The pair reference steering starts from: every pair of the built-in Shakespearean style. */
export const DEFAULT_PAIR_REFERENCE = 'shakespearean';
export const DEFAULT_COEFFICIENT = 4;
/** Mistral-7B has 32 blocks; CAA reports its best layers near the middle (its layer 13, our 14). */
const REFERENCE_BLOCKS = 32;
const REFERENCE_START = 14;

/** Three middle layers scaled from the 7B reference, kept inside what the model can steer. */
export function defaultLayersFor(nLayer: number): { layerStart: number; layerEnd: number } {
  const { min, max } = steerableLayers(nLayer);
  const start = Math.min(max, Math.max(min, Math.round((nLayer * REFERENCE_START) / REFERENCE_BLOCKS)));
  return { layerStart: start, layerEnd: Math.min(max, start + 2) };
}

export function steeringInfo(model: ModelInfo | null, vectorFolder: string): SteeringInfo {
  const layers = model ? { ...steerableLayers(model.nLayer), nLayer: model.nLayer } : null;
  const nLayer = model?.nLayer ?? REFERENCE_BLOCKS;
  const { layerStart, layerEnd } = defaultLayersFor(nLayer);
  return {
    convention: LAYER_CONVENTION_TEXT,
    layers,
    methods: STEERING_METHODS,
    buildMethods: VECTOR_BUILD_METHODS,
    defaults: { method: 'caa', pairId: DEFAULT_PAIR_REFERENCE, layerStart, layerEnd, coefficient: DEFAULT_COEFFICIENT },
    defaultsNote:
      `A starting point: all Shakespearean pairs, after the prompt, layers ${layerStart}–${layerEnd} of ${nLayer}, strength ${DEFAULT_COEFFICIENT}. ` +
      'The best layers and strength differ per model and style: try a few (a sweep) and keep what reads well without losing the facts.',
    maxCoefficient: MAX_COEFFICIENT,
    vectorFolder,
  };
}
