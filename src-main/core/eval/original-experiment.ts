/**
 * The research project Steerling grew from, as it was run, so its result can be reproduced on
 * the user's own model next to Steerling's recommended settings (`steerling reproduce-original`).
 *
 * What it did: Mistral-7B-Instruct-v0.2 in TransformerLens, a raw prompt (no chat template),
 * ActAdd at the very front of the prompt with the pair "Write in Shakespearean English" / "Do not
 * write in Shakespearean English" padded with the end-of-sequence token, at resid_pre of block 6
 * (our layer 6), coefficient 5, sampled at temperature 1, top-p 0.3, frequency penalty 1, for 100
 * new tokens. Its pair is a negation, which Steerling's libraries refuse, so it lives in code
 * (steering/original-experiment-pair.ts).
 */
import type { RawSamplingSettings } from '../engine/types';
import { ORIGINAL_PAIR_REFERENCE } from '../steering/original-experiment-pair';
import type { SteeringSettings } from '../engine/steering-settings';

export const ORIGINAL_STEERING: SteeringSettings = {
  method: 'actadd',
  pairId: ORIGINAL_PAIR_REFERENCE,
  layerStart: 6,
  layerEnd: 6,
  coefficient: 5,
  frontAt: 'start',
  pairPadding: 'eos',
};

export const ORIGINAL_SAMPLING: RawSamplingSettings = { temperature: 1, topP: 0.3, seed: 42, maxTokens: 100, repeatPenalty: 1, frequencyPenalty: 1 };

/** The research script's raw prompt: the request and the article as plain text, no chat template. */
export function originalPrompt(article: { title: string; text: string }): string {
  const title = article.title.trim();
  return `Summarise the following news article.\n\n${title ? `${title}\n\n` : ''}${article.text.trim()}\n\nSummary:`;
}
