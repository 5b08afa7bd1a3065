/**
 * Generation speed: Steerling's summarise path (LocalEngine: prompt rendering, split prompt
 * evaluation, streaming UTF-8-safe text) against a bare node-llama-cpp `sequence.evaluate` of the
 * same prompt tokens with the same sampling and seed, on the generated mid-size model. Runs
 * alternate (A B, B A, …) in one process on one context so drift hits both sides alike.
 * Goal: Steerling's tokens/s ≥ 0.95 × bare.
 *
 * Run: npx tsx bench/generation.ts   (env: STEERLING_THREADS, STEERLING_GPU=off, BENCH_ROUNDS, BENCH_TOKENS)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Token } from 'node-llama-cpp';
import { LocalEngine, resolveThreadCount } from '../src-main/core/engine';
import { samplingOptions } from '../src-main/core/engine/generation';
import { renderPromptTokens } from '../src-main/core/engine/prompts/chat-prompt';
import { summaryConversation } from '../src-main/core/engine/prompts/conversation';
import { loadPromptTemplates } from '../src-main/core/engine/prompts/templates';
import type { SamplingSettings, SummaryRequest } from '../src-main/core/engine/types';
import { createTinyModel, MID_MODEL_OPTIONS } from '../tests/fixtures/gguf/tiny-model';

interface Run {
  tokens: number;
  ttftMs: number;
  tokensPerSecond: number;
  text: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Tokens after the first, over the time after the first: prompt work is TTFT's business. */
function rate(tokens: number, firstAt: number, endAt: number): number {
  return tokens > 1 ? (tokens - 1) / ((endAt - firstAt) / 1000) : 0;
}

export async function benchGeneration(options: { rounds?: number; maxTokens?: number } = {}): Promise<void> {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 8);
  const maxTokens = options.maxTokens ?? Number(process.env.BENCH_TOKENS ?? 256);
  const threads = resolveThreadCount();
  const modelPath = await createTinyModel(MID_MODEL_OPTIONS);
  const engine = new LocalEngine({ threads });
  try {
    const info = await engine.loadModel(modelPath, { contextSize: 4096 });
    const loaded = engine.loadedModel()!;
    const article = {
      title: 'River festival',
      text: readFileSync(join(import.meta.dirname, '../assets/samples/river-festival.txt'), 'utf8'),
    };
    // High temperature and no EOS in this model: both sides always write exactly maxTokens.
    const sampling: SamplingSettings = { temperature: 0.8, topP: 0.95, seed: 7, maxTokens, repeatPenalty: 1.1 };
    const request: SummaryRequest = { article, mode: 'plain', sampling };
    const templates = loadPromptTemplates();
    const promptTokens = renderPromptTokens(
      loaded.model,
      loaded.wrapper,
      summaryConversation(templates, templates.plain, article, { includeExample: true }),
    );

    async function steerling(): Promise<Run> {
      const start = performance.now();
      let firstAt = 0;
      for await (const event of engine.summarize(request)) {
        if (event.type === 'text' && !firstAt) firstAt = performance.now();
        if (event.type === 'done') {
          const endAt = performance.now();
          return { tokens: event.stats.outputTokens, ttftMs: firstAt - start, tokensPerSecond: rate(event.stats.outputTokens, firstAt, endAt), text: event.output };
        }
      }
      throw new Error('No done event');
    }

    async function bare(): Promise<Run> {
      const { sequence, model } = loaded;
      const start = performance.now();
      await sequence.clearHistory();
      const generated: Token[] = [];
      let firstAt = 0;
      for await (const token of sequence.evaluate(promptTokens, samplingOptions(sampling, () => generated.slice(-64)))) {
        if (!firstAt) firstAt = performance.now();
        generated.push(token);
        if (generated.length >= maxTokens) break;
      }
      const endAt = performance.now();
      return { tokens: generated.length, ttftMs: firstAt - start, tokensPerSecond: rate(generated.length, firstAt, endAt), text: model.detokenize(generated).trim() };
    }

    console.log(`model: ${info.id} (${info.nLayer} layers, n_embd ${info.nEmbd}), gpu: ${info.gpu || 'none'}, threads: ${threads}`);
    console.log(`prompt: ${promptTokens.length} tokens, output: ${maxTokens} tokens, rounds: ${rounds} (+1 warm-up each)`);
    await steerling();
    await bare();
    const ours: Run[] = [];
    const theirs: Run[] = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        ours.push(await steerling());
        theirs.push(await bare());
      } else {
        theirs.push(await bare());
        ours.push(await steerling());
      }
    }
    const oursRate = median(ours.map((r) => r.tokensPerSecond));
    const bareRate = median(theirs.map((r) => r.tokensPerSecond));
    // Each round's two runs sit next to each other in time, so their ratio cancels slow drift.
    const pairedRatio = median(ours.map((r, i) => r.tokensPerSecond / theirs[i].tokensPerSecond));
    const rows = [
      ['', 'tok/s (median)', 'TTFT ms (median)'],
      ['Steerling', oursRate.toFixed(1), median(ours.map((r) => r.ttftMs)).toFixed(1)],
      ['bare node-llama-cpp', bareRate.toFixed(1), median(theirs.map((r) => r.ttftMs)).toFixed(1)],
    ];
    for (const row of rows) console.log(row[0].padEnd(22) + row[1].padStart(16) + row[2].padStart(18));
    console.log(`ratio of medians Steerling / bare: ${(oursRate / bareRate).toFixed(3)}`);
    console.log(`median of per-round ratios: ${pairedRatio.toFixed(3)} (goal ≥ 0.95) ${pairedRatio >= 0.95 ? 'OK' : 'BELOW GOAL'}`);
    const sameText = ours.every((r, i) => r.text === theirs[i].text);
    console.log(`same text for the same seed on both paths: ${sameText ? 'yes' : 'no'}`);
  } finally {
    await engine.dispose();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchGeneration();
}
