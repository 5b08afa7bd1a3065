/**
 * Sampling settings as both process boundaries check them (the IPC contract and the engine
 * protocol), built from SAMPLING_LIMITS.
 */
import { z } from 'zod';
import { FREQUENCY_PENALTY_LIMIT, SAMPLING_LIMITS, type SamplingLimit } from './sampling';

function bounded(limit: SamplingLimit) {
  const n = limit.integer ? z.number().int() : z.number();
  return n.min(limit.min).max(limit.max);
}

export const samplingSchema = z.object({
  temperature: bounded(SAMPLING_LIMITS.temperature),
  topP: bounded(SAMPLING_LIMITS.topP),
  seed: bounded(SAMPLING_LIMITS.seed),
  maxTokens: bounded(SAMPLING_LIMITS.maxTokens),
  repeatPenalty: bounded(SAMPLING_LIMITS.repeatPenalty),
  frequencyPenalty: bounded(FREQUENCY_PENALTY_LIMIT).optional(),
});
