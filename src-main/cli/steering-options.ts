/**
 * Steering flags as the CLI reads them. Layers use the app's one convention (block input, see
 * core/steering/layers.ts); what can be checked without a model is checked here (exit code 2),
 * what depends on the model (its number of blocks) is checked by the backend once it is loaded.
 */
import { ACTADD_FRONTS, STEERED_PROMPTS, type ActAddFront, type SteeredPrompt, type SteeringMethod } from '../core/engine/steering-settings';
import { MAX_COEFFICIENT } from '../core/steering/vectors';
import { UsageError } from './cli-error';

export const STEERING_METHODS: readonly SteeringMethod[] = ['actadd', 'caa', 'all'];
export const BUILD_METHODS = ['mean', 'pca'] as const;
export type BuildMethod = (typeof BUILD_METHODS)[number];

/** The words printed wherever the CLI shows layer numbers. */
export const LAYER_WORDS = 'layer L is the input of block L, counting blocks from 0 as ActAdd and TransformerLens resid_pre do; llama.cpp calls it direction.(L-1)';

/** "14", "13..15" or "13-15" → inclusive range. Layers 0 and 1 are refused: llama.cpp cannot steer them. */
export function parseLayerRange(flag: string, raw: string): { layerStart: number; layerEnd: number } {
  const match = /^\s*(\d+)\s*(?:(?:\.\.|-|–)\s*(\d+))?\s*$/.exec(raw);
  if (!match) throw new UsageError(`--${flag} must be a layer like 14 or a range like 13..15 (got "${raw}").`);
  const layerStart = Number(match[1]);
  const layerEnd = match[2] === undefined ? layerStart : Number(match[2]);
  if (layerStart > layerEnd) throw new UsageError(`--${flag} ${raw}: the first layer is after the last.`);
  if (layerStart < 2) {
    throw new UsageError(`--${flag} ${raw}: layer ${layerStart} cannot be steered; steerable layers start at 2 (${LAYER_WORDS}).`);
  }
  return { layerStart, layerEnd };
}

export function parseCoefficient(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--coeff must be a number, e.g. 4 or -2.5 (got "${raw}").`);
  if (Math.abs(value) > MAX_COEFFICIENT) {
    throw new UsageError(`--coeff ${raw} is too large: use a value between -${MAX_COEFFICIENT} and ${MAX_COEFFICIENT} (typical: 1–20).`);
  }
  return value;
}

export function parseSteeringMethod(raw: string): SteeringMethod {
  if ((STEERING_METHODS as readonly string[]).includes(raw)) return raw as SteeringMethod;
  throw new UsageError(`--method must be one of ${STEERING_METHODS.join(', ')} for a steered summary (got "${raw}").`);
}

export function parseSteeredPrompt(raw: string): SteeredPrompt {
  if ((STEERED_PROMPTS as readonly string[]).includes(raw)) return raw as SteeredPrompt;
  throw new UsageError(`--prompt must be ${STEERED_PROMPTS.join(' or ')} (got "${raw}").`);
}

export function parseActAddFront(raw: string): ActAddFront {
  if ((ACTADD_FRONTS as readonly string[]).includes(raw)) return raw as ActAddFront;
  throw new UsageError(`--front must be one of ${ACTADD_FRONTS.join(', ')} (got "${raw}").`);
}

export function parseBuildMethod(raw: string): BuildMethod {
  if ((BUILD_METHODS as readonly string[]).includes(raw)) return raw as BuildMethod;
  throw new UsageError(`--method must be mean or pca to build a vector (got "${raw}").`);
}

export function parsePositions(raw: string): 'all' | 'last' {
  if (raw === 'all' || raw === 'last') return raw;
  throw new UsageError(`--positions must be all or last (got "${raw}").`);
}

export function describeLayers(start: number, end: number): string {
  return start === end ? `layer ${start}` : `layers ${start}–${end}`;
}
