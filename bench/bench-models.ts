/**
 * The two generated models every model benchmark runs on (`BENCH_MODELS=small,mistral` picks):
 * - small: 8 blocks at n_embd 512 (tens of MB), fast enough for many rounds;
 * - mistral: Mistral-7B-v0.2's widths (n_embd 4096, n_ff 14336, 32/8 heads, vocabulary 32 000)
 *   with 2 blocks (0.74 GB of Q8_0, written to tests/.tmp/models on first use), so fixed
 *   per-token costs weigh as they do on the real model. Fewer rounds and tokens: on 2 cores it
 *   decodes a few tokens a second.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMistralWidthModel } from '../tests/fixtures/gguf/mistral-width-model';
import { createTinyModel, MID_MODEL_OPTIONS } from '../tests/fixtures/gguf/tiny-model';

export interface BenchModel {
  name: 'small' | 'mistral';
  label: string;
  path(): Promise<string>;
  rounds: number;
  maxTokens: number;
  /** The article the summaries are made of (shortened for the wide model: prefill is compute-bound there). */
  article: { title: string; text: string };
}

const riverFestival = readFileSync(join(import.meta.dirname, '../assets/samples/river-festival.txt'), 'utf8');

export const BENCH_MODELS: BenchModel[] = [
  {
    name: 'small',
    label: 'small (8 blocks, n_embd 512, F16)',
    path: () => createTinyModel(MID_MODEL_OPTIONS),
    rounds: 5,
    maxTokens: 128,
    article: { title: 'River festival', text: riverFestival },
  },
  {
    name: 'mistral',
    label: 'Mistral-width (2 blocks, n_embd 4096, n_ff 14336, vocab 32000, Q8_0)',
    path: async () => createMistralWidthModel({ nLayer: 2 }),
    rounds: 3,
    // Fewer tokens make a decode window of a second or two, too short to time on a shared machine.
    maxTokens: 48,
    article: { title: 'River festival', text: riverFestival.split(/\s+/u).slice(0, 60).join(' ') },
  },
];

/** The models named in BENCH_MODELS (default: all), with BENCH_ROUNDS / BENCH_TOKENS applied. */
export function selectedBenchModels(): BenchModel[] {
  const wanted = (process.env.BENCH_MODELS ?? 'small,mistral').split(',').map((name) => name.trim());
  return BENCH_MODELS.filter((model) => wanted.includes(model.name)).map((model) => ({
    ...model,
    rounds: Number(process.env.BENCH_ROUNDS ?? model.rounds),
    maxTokens: Number(process.env.BENCH_TOKENS ?? model.maxTokens),
  }));
}
