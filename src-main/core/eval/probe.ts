/**
 * Probe: try a steering vector in seconds. Short raw continuations of one sentence (no chat
 * template), unsteered and steered with the same seeds side by side, each with its style marker
 * count, so a writer sees at once whether a pair, method, layer and strength do anything.
 */
import type { RawContinuer } from '../engine/raw-continuation';
import type { RawSamplingSettings, SamplingSettings } from '../engine/types';
import type { SteeringSettings } from '../engine/steering-settings';
import { EvalError } from './errors';
import { archaicScore } from './style/archaic';
import type { ProbeContinuation, ProbeEvent, ProbeJob, ProbeResult, ProbeSample } from './tune-types';

export const PROBE_SAMPLING: SamplingSettings = { temperature: 0.8, topP: 0.9, seed: 1, maxTokens: 32, repeatPenalty: 1.1 };
export const MAX_PROBE_SAMPLES = 20;

export type { ProbeContinuation, ProbeEvent, ProbeJob, ProbeResult, ProbeSample } from './tune-types';

export function probeSampling(sampling: Partial<RawSamplingSettings> | undefined): RawSamplingSettings {
  return { ...PROBE_SAMPLING, ...sampling };
}

function continuation(text: string): ProbeContinuation {
  return { text, archaicMarkers: archaicScore(text).count };
}

export function validateProbeJob(job: ProbeJob): number {
  if (!job.text.trim()) throw new EvalError('invalid-request', 'Give a sentence to continue.');
  const samples = job.samples ?? 3;
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_PROBE_SAMPLES) {
    throw new EvalError('invalid-request', `The number of samples must be a whole number from 1 to ${MAX_PROBE_SAMPLES} (got ${samples}).`);
  }
  return samples;
}

export async function* runProbe(engine: RawContinuer, job: ProbeJob, signal?: AbortSignal): AsyncGenerator<ProbeEvent, ProbeResult, void> {
  const total = validateProbeJob(job);
  const sampling = probeSampling(job.sampling);
  const samples: ProbeSample[] = [];
  const finish = (cancelled: boolean): ProbeResult => ({ text: job.text, steering: job.steering, sampling, samples, cancelled });
  for (let index = 0; index < total; index++) {
    const seeded = { ...sampling, seed: sampling.seed + index };
    const plain = await engine.continueText({ text: job.text, sampling: seeded }, signal);
    if (plain.cancelled) break;
    const steered = await engine.continueText({ text: job.text, sampling: seeded, steering: job.steering }, signal);
    if (steered.cancelled) break;
    const sample = { seed: seeded.seed, unsteered: continuation(plain.text), steered: continuation(steered.text) };
    samples.push(sample);
    yield { type: 'sample', sample, done: samples.length, total };
  }
  const result = finish(samples.length < total);
  yield { type: 'done', result };
  return result;
}
