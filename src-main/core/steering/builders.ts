/**
 * Steering vectors from prompt pairs. Every activation is the residual stream ENTERING a
 * block-input layer L (see layers.ts), read with the pair tokenised like a prompt (BOS first).
 *
 * Normalisation, so coefficients mean the same across builders: ActAdd and mean-of-differences
 * vectors are NOT normalised (raw residual differences, as in the ActAdd and CAA papers); the PCA
 * direction is unit length, then scaled by the mean |projection| of the pair differences onto it,
 * so its size matches a typical pair difference.
 */
import type { ActivationReader } from './activation-reader';
import { SteeringError } from './errors';
import { assertSteerableRange } from './layers';
import { addScaled, dot, norm, scaled, type LayerVectors } from './vectors';

export interface SteeringPair {
  positive: string;
  negative: string;
}

export interface PairTokens {
  positive: number[];
  negative: number[];
}

/** Pair tokens with both sides the same length, position facing position. */
export type PaddedPair = PairTokens;

/** Both sides tokenised as they are. Refuses empty sides and pairs whose texts or tokens do not differ. */
export function tokenisePairSides(reader: ActivationReader, pair: SteeringPair): PairTokens {
  const positiveText = pair.positive.trim();
  const negativeText = pair.negative.trim();
  if (!positiveText || !negativeText) {
    throw new SteeringError('invalid-pair', 'Both sides of a steering pair need some text.');
  }
  if (positiveText === negativeText) {
    throw new SteeringError('invalid-pair', `Both sides of the pair are the same ("${positiveText}"), so there is nothing to steer towards.`);
  }
  const positive = reader.tokenize(pair.positive);
  const negative = reader.tokenize(pair.negative);
  if (positive.length === negative.length && positive.every((token, i) => token === negative[i])) {
    throw new SteeringError('invalid-pair', `"${positiveText}" and "${negativeText}" tokenise the same way; choose texts that differ in words.`);
  }
  return { positive, negative };
}

/**
 * Tokenises both sides and right-pads the shorter with the whitespace pad token (ActAdd: padding
 * with EOS works poorly), so that position i of one side faces position i of the other. Refuses
 * empty sides and pairs that do not differ.
 */
export function tokenisePair(reader: ActivationReader, pair: SteeringPair, padToken: number = reader.padToken): PaddedPair {
  const { positive, negative } = tokenisePairSides(reader, pair);
  const length = Math.max(positive.length, negative.length);
  while (positive.length < length) positive.push(padToken);
  while (negative.length < length) negative.push(padToken);
  if (positive.every((token, i) => token === negative[i])) {
    throw new SteeringError('invalid-pair', `"${pair.positive.trim()}" and "${pair.negative.trim()}" tokenise the same way once padded; choose texts that differ in words.`);
  }
  return { positive, negative };
}

function assertLayers(reader: ActivationReader, layers: readonly number[]): void {
  if (layers.length === 0) throw new SteeringError('invalid-layer', 'Choose at least one layer.');
  for (const layer of layers) assertSteerableRange(layer, layer, reader.nLayer);
}

function assertPairs(pairs: readonly SteeringPair[]): void {
  if (pairs.length === 0) throw new SteeringError('invalid-pair', 'Add at least one steering pair.');
}

/** ActAdd's per-position difference h+[i] − h−[i] at one layer; position 0 is BOS (zero). */
export interface ActAddVector {
  layer: number;
  nEmbd: number;
  differences: Float32Array[];
  pair: PaddedPair;
}

function rowsOf(flat: Float32Array, nEmbd: number): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let offset = 0; offset < flat.length; offset += nEmbd) rows.push(flat.subarray(offset, offset + nEmbd));
  return rows;
}

function assertDiffers(vector: Float32Array, what: string): void {
  if (norm(vector) === 0) {
    throw new SteeringError('invalid-pair', `${what} gives no difference in activations, so it cannot steer.`);
  }
}

export async function buildActAddVector(reader: ActivationReader, pair: SteeringPair, layer: number): Promise<ActAddVector> {
  return (await buildActAddVectors(reader, pair, [layer]))[0];
}

/** ActAdd differences at several layers from one evaluation of the pair, in `layers` order. */
export async function buildActAddVectors(
  reader: ActivationReader,
  pair: SteeringPair,
  layers: readonly number[],
  /** Pad with this token instead of whitespace: only to reproduce the original experiment's EOS padding. */
  options: { padToken?: number } = {},
): Promise<ActAddVector[]> {
  assertLayers(reader, layers);
  const padded = tokenisePair(reader, pair, options.padToken);
  const captured = await reader.capture([padded.positive, padded.negative], layers);
  return layers.map((layer) => {
    const [positiveFlat, negativeFlat] = captured.get(layer)!;
    const positive = rowsOf(positiveFlat, reader.nEmbd);
    const negative = rowsOf(negativeFlat, reader.nEmbd);
    const differences = positive.map((row, i) => {
      const difference = Float32Array.from(row);
      addScaled(difference, negative[i], -1);
      return difference;
    });
    const vector = { layer, nEmbd: reader.nEmbd, differences, pair: padded };
    assertDiffers(actAddMean(vector), `At layer ${layer}, the pair "${pair.positive}" / "${pair.negative}"`);
    return vector;
  });
}

/** Mean of ActAdd differences over positions 1..k−1 (BOS excluded: its difference is always 0). */
export function actAddMean(vector: ActAddVector): Float32Array {
  const rows = vector.differences.length > 1 ? vector.differences.slice(1) : vector.differences;
  const mean = new Float32Array(vector.nEmbd);
  for (const row of rows) addScaled(mean, row, 1 / rows.length);
  return mean;
}

/** Which token positions of each side form a pair's difference: its last one, or the mean of all but BOS. */
export type PairPositions = 'last' | 'all';

export interface ManyPairOptions {
  positions?: PairPositions;
}

/**
 * One difference per pair per layer: rows [pair] of nEmbd. Each side is read over its own tokens,
 * never padded: a pad token's residual is unlike any word's, so padding the shorter side would add
 * a "which side is longer" direction that varies from pair to pair (measured on the learned King
 * James model: it swamped the style in PCA, which then steered 0% at 4 and 64 pairs, 84–92% without).
 */
async function pairDifferences(
  reader: ActivationReader,
  pairs: readonly SteeringPair[],
  layers: readonly number[],
  positions: PairPositions,
): Promise<Map<number, Float32Array[]>> {
  assertPairs(pairs);
  assertLayers(reader, layers);
  const sides = pairs.map((pair) => tokenisePairSides(reader, pair));
  const captured = await reader.capture(sides.flatMap((pair) => [pair.positive, pair.negative]), layers);
  const summary = (flat: Float32Array): Float32Array => {
    const rows = rowsOf(flat, reader.nEmbd);
    const used = positions === 'last' ? rows.slice(-1) : rows.length > 1 ? rows.slice(1) : rows;
    const mean = new Float32Array(reader.nEmbd);
    for (const row of used) addScaled(mean, row, 1 / used.length);
    return mean;
  };
  const out = new Map<number, Float32Array[]>();
  for (const layer of layers) {
    const flats = captured.get(layer)!;
    out.set(
      layer,
      sides.map((_, p) => {
        const difference = summary(flats[2 * p]);
        addScaled(difference, summary(flats[2 * p + 1]), -1);
        return difference;
      }),
    );
  }
  return out;
}

/** CAA: mean over pairs of each pair's difference (positions as chosen; default all but BOS). */
export async function buildMeanDifference(
  reader: ActivationReader,
  pairs: readonly SteeringPair[],
  layers: readonly number[],
  { positions = 'all' }: ManyPairOptions = {},
): Promise<LayerVectors> {
  const differences = await pairDifferences(reader, pairs, layers, positions);
  const result = new Map<number, Float32Array>();
  for (const [layer, rows] of differences) {
    const mean = new Float32Array(reader.nEmbd);
    for (const row of rows) addScaled(mean, row, 1 / rows.length);
    assertDiffers(mean, `At layer ${layer}, the pairs`);
    result.set(layer, mean);
  }
  return { nEmbd: reader.nEmbd, layers: result };
}

export interface PcaOptions extends ManyPairOptions {
  /** Subtract the mean difference before the PCA (repeng-style "centred"). Default false. */
  centre?: boolean;
}

/**
 * First principal component of the pair differences (one row per pair), via power iteration on
 * the pairs × pairs Gram matrix. Uncentred by default, i.e. the direction with the largest mean
 * squared projection, which keeps the shared direction the pairs agree on. The sign is chosen so
 * positives project higher than negatives on average.
 */
export async function buildPcaVector(
  reader: ActivationReader,
  pairs: readonly SteeringPair[],
  layers: readonly number[],
  { positions = 'all', centre = false }: PcaOptions = {},
): Promise<LayerVectors> {
  const differences = await pairDifferences(reader, pairs, layers, positions);
  const result = new Map<number, Float32Array>();
  for (const [layer, raw] of differences) {
    let rows = raw;
    if (centre) {
      const mean = new Float32Array(reader.nEmbd);
      for (const row of raw) addScaled(mean, row, 1 / raw.length);
      rows = raw.map((row) => {
        const out = Float32Array.from(row);
        addScaled(out, mean, -1);
        return out;
      });
    }
    const direction = firstPrincipalDirection(rows, reader.nEmbd);
    if (direction === null) throw new SteeringError('invalid-pair', `At layer ${layer}, the pairs give no difference to find a direction in.`);
    // Sign: positives must project higher, judged on the raw (uncentred) differences.
    let meanProjection = 0;
    for (const row of raw) meanProjection += dot(row, direction) / raw.length;
    const sign = meanProjection < 0 ? -1 : 1;
    let scale = 0;
    for (const row of raw) scale += Math.abs(dot(row, direction)) / raw.length;
    result.set(layer, scaled(direction, sign * scale));
  }
  return { nEmbd: reader.nEmbd, layers: result };
}

/** Unit first right-singular vector of the row matrix, or null when all rows are zero. */
export function firstPrincipalDirection(rows: readonly Float32Array[], nEmbd: number): Float32Array | null {
  const n = rows.length;
  const gram = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => dot(rows[i], rows[j])));
  let u = Array.from({ length: n }, (_, i) => 1 + i / (n + 1)); // deterministic, not orthogonal to anything real
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = gram.map((row) => row.reduce((sum, value, j) => sum + value * u[j], 0));
    const length = Math.hypot(...next);
    if (length === 0) return null;
    const normalised = next.map((value) => value / length);
    const change = Math.hypot(...normalised.map((value, i) => value - u[i]));
    u = normalised;
    if (change < 1e-10) break;
  }
  const direction = new Float32Array(nEmbd);
  rows.forEach((row, i) => addScaled(direction, row, u[i]));
  const length = norm(direction);
  if (length === 0 || !Number.isFinite(length)) return null;
  return scaled(direction, 1 / length);
}
