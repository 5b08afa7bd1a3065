/**
 * Steering vectors in the app's terms (block-input layers, see layers.ts) and their conversion to
 * the buffer llama.cpp's llama_set_adapter_cvec takes.
 */
import { SteeringError } from './errors';
import { assertSteerableRange, llamaIndexOfLayer } from './layers';
import type { NativeControlVector } from './native/index';

/** One direction per block-input layer, each `nEmbd` floats. */
export interface LayerVectors {
  nEmbd: number;
  layers: Map<number, Float32Array>;
}

/** |c| above this is refused: it saturates every model we target and usually means a typo. */
export const MAX_COEFFICIENT = 1000;

export function assertCoefficient(coefficient: number, what = 'coefficient'): void {
  if (!Number.isFinite(coefficient)) {
    throw new SteeringError('invalid-coefficient', `The ${what} must be a finite number (got ${coefficient}).`);
  }
  if (Math.abs(coefficient) > MAX_COEFFICIENT) {
    throw new SteeringError(
      'invalid-coefficient',
      `The ${what} ${coefficient} is too large: use a value between −${MAX_COEFFICIENT} and ${MAX_COEFFICIENT} (typical: 1–20).`,
    );
  }
}

export function assertFiniteVector(values: Float32Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new SteeringError('invalid-coefficient', `${what} contains a value that is not a finite number (index ${i}).`);
    }
  }
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

/** target += scale · source, in place. */
export function addScaled(target: Float32Array, source: Float32Array, scale: number): void {
  for (let i = 0; i < target.length; i++) target[i] += scale * source[i];
}

export function scaled(source: Float32Array, scale: number): Float32Array {
  const out = new Float32Array(source.length);
  for (let i = 0; i < source.length; i++) out[i] = scale * source[i];
  return out;
}

/** Sum of several vector sets with their own strengths; layers present in any set are kept. */
export function sumLayerVectors(parts: ReadonlyArray<{ vectors: LayerVectors; strength: number }>): LayerVectors {
  if (parts.length === 0) throw new SteeringError('vector-mismatch', 'No steering vectors were given.');
  const nEmbd = parts[0].vectors.nEmbd;
  const layers = new Map<number, Float32Array>();
  for (const { vectors, strength } of parts) {
    assertCoefficient(strength, 'strength');
    if (vectors.nEmbd !== nEmbd) {
      throw new SteeringError(
        'vector-mismatch',
        `Steering vectors of different sizes cannot be combined (${vectors.nEmbd} and ${nEmbd} dimensions).`,
      );
    }
    for (const [layer, values] of vectors.layers) {
      const sum = layers.get(layer) ?? new Float32Array(nEmbd);
      addScaled(sum, values, strength);
      layers.set(layer, sum);
    }
  }
  return { nEmbd, layers };
}

/**
 * The llama.cpp control vector applying `coefficient · vectors` at block-input layers
 * start..end (inclusive). Layers of the range without a direction get none.
 */
export function toNativeControlVector(
  vectors: LayerVectors,
  start: number,
  end: number,
  model: { nEmbd: number; nLayer: number },
  coefficient: number,
): NativeControlVector {
  assertSteerableRange(start, end, model.nLayer);
  assertCoefficient(coefficient);
  if (vectors.nEmbd !== model.nEmbd) {
    throw new SteeringError(
      'vector-mismatch',
      `This steering vector has ${vectors.nEmbd} dimensions but the loaded model has ${model.nEmbd}; it was made for another model.`,
    );
  }
  const present = [...vectors.layers.keys()].filter((layer) => layer >= start && layer <= end);
  if (present.length === 0) {
    const available = [...vectors.layers.keys()].sort((a, b) => a - b).join(', ') || 'none';
    throw new SteeringError(
      'invalid-layer',
      `The steering vector has no direction in layers ${start}–${end} (it has layers ${available}).`,
    );
  }
  const nEmbd = model.nEmbd;
  // llama.cpp's buffer starts at direction 1 (layer 2): direction N sits at (N − 1) · nEmbd.
  const data = new Float32Array(nEmbd * (model.nLayer - 1));
  for (const layer of present) {
    const values = vectors.layers.get(layer)!;
    assertFiniteVector(values, `The direction for layer ${layer}`);
    const offset = (llamaIndexOfLayer(layer) - 1) * nEmbd;
    for (let i = 0; i < nEmbd; i++) data[offset + i] = coefficient * values[i];
  }
  return { data, ilStart: llamaIndexOfLayer(start), ilEnd: llamaIndexOfLayer(end) };
}
