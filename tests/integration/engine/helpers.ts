import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SamplingSettings, SummaryEvent, SummaryRequest } from '../../../src-main/core/engine/types';

export const THREADS = 1;

export const SAMPLING: SamplingSettings = { temperature: 0.8, topP: 0.9, seed: 11, maxTokens: 24, repeatPenalty: 1.1 };

export const SHORT_ARTICLE = {
  title: 'Council approves new bridge',
  text: 'The city council approved a new bridge on Tuesday.\n\nWork starts in March and should take two years, officials said.',
};

const samplesDir = join(import.meta.dirname, '../../../assets/samples');

/** A few thousand tokens of real prose from the bundled sample articles. */
export function longArticle(repeats = 3): { title: string; text: string } {
  const text = ['river-festival.txt', 'solar-library.txt'].map((f) => readFileSync(join(samplesDir, f), 'utf8')).join('\n\n');
  return { title: 'Long read', text: Array.from({ length: repeats }, () => text).join('\n\n') };
}

export function request(overrides: Partial<SummaryRequest> = {}, sampling: Partial<SamplingSettings> = {}): SummaryRequest {
  return { article: SHORT_ARTICLE, mode: 'plain', ...overrides, sampling: { ...SAMPLING, ...sampling } };
}

export async function collect(events: AsyncIterable<SummaryEvent>): Promise<SummaryEvent[]> {
  const all: SummaryEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

export function doneOf(events: SummaryEvent[]): Extract<SummaryEvent, { type: 'done' }> {
  const done = events.filter((e) => e.type === 'done');
  if (done.length !== 1 || events[events.length - 1] !== done[0]) throw new Error('expected exactly one done event, last');
  return done[0] as Extract<SummaryEvent, { type: 'done' }>;
}

export function textOf(events: SummaryEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}
