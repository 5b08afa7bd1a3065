/**
 * The ONE place where layer numbers change convention.
 *
 * Outside this file every layer is a BLOCK-INPUT layer L: the residual stream entering 0-indexed
 * block L (TransformerLens `blocks.L.hook_resid_pre`, HF `hidden_states[L]`, the ActAdd paper's
 * layer). L = nLayer names the stream after the last block, before the final norm.
 *
 * llama.cpp speaks of block OUTPUTS: the tensor `l_out-N` and the control vector `direction.N`
 * are both the output of block N, i.e. the input of block N + 1. So:
 *
 *     llama.cpp index N  =  block-input layer L − 1
 *
 * llama.cpp never steers N = 0 (it has no direction.0), so steerable layers are L = 2..nLayer;
 * capturable layers are L = 1..nLayer (L = 0, the raw embeddings, has no `l_out`).
 * repeng / CAA "layer L" (resid_post of block L) is llama.cpp direction.L, i.e. block input L + 1.
 */
import { SteeringError } from './errors';

/** llama.cpp index (`direction.N`, `l_out-N`) of block-input layer L. */
export function llamaIndexOfLayer(layer: number): number {
  return layer - 1;
}

/** Block-input layer of llama.cpp index N (`direction.N`, `l_out-N`). */
export function layerOfLlamaIndex(index: number): number {
  return index + 1;
}

/** Block-input layer of a repeng / CAA "layer L" (resid_post of block L). */
export function layerOfResidPost(residPostLayer: number): number {
  return residPostLayer + 1;
}

export interface LayerBounds {
  min: number;
  max: number;
}

export function steerableLayers(nLayer: number): LayerBounds {
  return { min: 2, max: nLayer };
}

export function capturableLayers(nLayer: number): LayerBounds {
  return { min: 1, max: nLayer };
}

/** Words shown next to layer controls and stored in files, so the convention is never implicit. */
export const LAYER_CONVENTION_TEXT =
  'Layer L = the residual stream entering block L (0-indexed), as in TransformerLens resid_pre and the ActAdd paper; llama.cpp direction.(L-1).';

function describe(bounds: LayerBounds): string {
  return `${bounds.min}–${bounds.max}`;
}

/** Throws SteeringError('invalid-layer') unless start..end (inclusive) can be steered on this model. */
export function assertSteerableRange(start: number, end: number, nLayer: number): void {
  const bounds = steerableLayers(nLayer);
  for (const [name, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (!Number.isInteger(value)) {
      throw new SteeringError('invalid-layer', `The ${name} layer must be a whole number (got ${value}).`);
    }
  }
  if (start > end) {
    throw new SteeringError('invalid-layer', `The first layer (${start}) is after the last layer (${end}).`);
  }
  if (start < bounds.min || end > bounds.max) {
    throw new SteeringError(
      'invalid-layer',
      `Layers ${start}–${end} cannot be steered on this model: it has ${nLayer} blocks, so steerable layers are ` +
        `${describe(bounds)} (layer 1 is the residual after block 0, llama.cpp's direction.0, which llama.cpp never steers).`,
    );
  }
}

/** Throws SteeringError('invalid-layer') unless the residual entering `layer` can be read. */
export function assertCapturableLayer(layer: number, nLayer: number): void {
  const bounds = capturableLayers(nLayer);
  if (!Number.isInteger(layer) || layer < bounds.min || layer > bounds.max) {
    throw new SteeringError(
      'invalid-layer',
      `Layer ${layer} cannot be read on this model: it has ${nLayer} blocks, so readable layers are ${describe(bounds)}.`,
    );
  }
}
