/**
 * Sampling's defaults and the range of every setting, in one place: the contract's schema, the
 * CLI's flags and the renderer's fields all read them, so a value one of them accepts is never
 * refused by another. Plain data (no zod, no Node) because the renderer bundles it.
 */
import type { SamplingSettings } from './types';

export const DEFAULT_SAMPLING: Readonly<SamplingSettings> = Object.freeze({
  temperature: 0.7,
  topP: 0.9,
  seed: 42,
  maxTokens: 400,
  repeatPenalty: 1.1,
});

export interface SamplingLimit {
  min: number;
  max: number;
  /** The step of the renderer's number field. */
  step: number;
  integer: boolean;
}

export const SAMPLING_LIMITS: Readonly<Record<keyof SamplingSettings, Readonly<SamplingLimit>>> = Object.freeze({
  temperature: { min: 0, max: 5, step: 0.05, integer: false },
  topP: { min: 0.01, max: 1, step: 0.01, integer: false },
  seed: { min: 0, max: 2 ** 32 - 1, step: 1, integer: true },
  maxTokens: { min: 1, max: 8192, step: 1, integer: true },
  repeatPenalty: { min: 0.5, max: 3, step: 0.05, integer: false },
});

/** Where frequencyPenalty (raw continuations only) may lie. */
export const FREQUENCY_PENALTY_LIMIT: Readonly<SamplingLimit> = Object.freeze({ min: 0, max: 2, step: 0.05, integer: false });
