import { DEFAULT_SAMPLING, SAMPLING_LIMITS, type SamplingLimit } from '../core/engine/sampling';
import type { SamplingSettings } from '../core/engine/types';
import { UsageError } from './cli-error';

export interface SamplingFlags {
  temperature?: string;
  topP?: string;
  seed?: string;
  maxTokens?: string;
  repeatPenalty?: string;
}

function parseNumber(flag: string, raw: string | undefined, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${flag} must be ${rule} (got "${raw}").`);
  }
  return value;
}

function parseLimited(flag: string, raw: string | undefined, fallback: number, limit: SamplingLimit): number {
  const rule = limit.integer ? `a whole number from ${limit.min} to ${limit.max}` : `a number from ${limit.min} to ${limit.max}`;
  return parseNumber(flag, raw, fallback, (n) => (!limit.integer || Number.isInteger(n)) && n >= limit.min && n <= limit.max, rule);
}

export function parseSampling(flags: SamplingFlags): SamplingSettings {
  const d = DEFAULT_SAMPLING;
  const L = SAMPLING_LIMITS;
  return {
    temperature: parseLimited('temperature', flags.temperature, d.temperature, L.temperature),
    topP: parseLimited('top-p', flags.topP, d.topP, L.topP),
    seed: parseLimited('seed', flags.seed, d.seed, L.seed),
    maxTokens: parseLimited('max-tokens', flags.maxTokens, d.maxTokens, L.maxTokens),
    repeatPenalty: parseLimited('repeat-penalty', flags.repeatPenalty, d.repeatPenalty, L.repeatPenalty),
  };
}

export function parsePositiveInt(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${flag} must be a whole number above 0 (got "${raw}").`);
  return value;
}
