import { DEFAULT_SAMPLING, type SamplingSettings } from '../core/engine/types';
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

export function parseSampling(flags: SamplingFlags): SamplingSettings {
  const d = DEFAULT_SAMPLING;
  return {
    temperature: parseNumber('temperature', flags.temperature, d.temperature, (n) => n >= 0 && n <= 5, 'a number from 0 to 5'),
    topP: parseNumber('top-p', flags.topP, d.topP, (n) => n > 0 && n <= 1, 'a number above 0 and at most 1'),
    seed: parseNumber('seed', flags.seed, d.seed, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, 'a whole number from 0 to 4294967295'),
    maxTokens: parseNumber('max-tokens', flags.maxTokens, d.maxTokens, (n) => Number.isInteger(n) && n >= 1 && n <= 8192, 'a whole number from 1 to 8192'),
    repeatPenalty: parseNumber('repeat-penalty', flags.repeatPenalty, d.repeatPenalty, (n) => n >= 0.5 && n <= 3, 'a number from 0.5 to 3'),
  };
}

export function parsePositiveInt(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${flag} must be a whole number above 0 (got "${raw}").`);
  return value;
}
