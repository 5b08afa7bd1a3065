/**
 * Generation speed: Steerling's summarise path (LocalEngine: prompt rendering, split prompt
 * evaluation, streaming UTF-8-safe text) against a bare node-llama-cpp `sequence.evaluate` of the
 * same prompt tokens with the same sampling and seed, on each bench model (bench-models.ts). Runs
 * alternate (A B, B A, …) in one process on one context so drift hits both sides alike.
 * Goal: Steerling's tokens/s ≥ 0.95 × bare, as the median of per-round paired ratios (paired.ts).
 *
 * Run: npx tsx bench/generation.ts   (env: BENCH_MODELS=small,mistral, STEERLING_THREADS, BENCH_ROUNDS, BENCH_TOKENS)
 */
import { pathToFileURL } from 'node:url';
import type { Token } from 'node-llama-cpp';
import { LocalEngine, resolveThreadCount } from '../src-main/core/engine';
import { samplingOptions } from '../src-main/core/engine/generation';
import { renderPromptTokens } from '../src-main/core/engine/prompts/chat-prompt';
import { summaryConversation } from '../src-main/core/engine/prompts/conversation';
import { loadPromptTemplates } from '../src-main/core/engine/prompts/templates';
import type { SamplingSettings, SummaryRequest } from '../src-main/core/engine/types';
import { selectedBenchModels, type BenchModel } from './bench-models';
import { cpuSecondsSince, formatRatio, median, pairedRatio, verdict } from './paired';

interface Run {
  tokens: number;
  ttftMs: number;
  tokensPerSecond: number;
  /** Tokens after the first per second of process CPU time after the first. */
  tokensPerCpuSecond: number;
  text: string;
}

/** Tokens after the first, over the time after the first: prompt work is TTFT's business. */
function rate(tokens: number, firstAt: number, endAt: number): number {
  return tokens > 1 ? (tokens - 1) / ((endAt - firstAt) / 1000) : 0;
}

export async function benchGeneration(): Promise<void> {
  for (const model of selectedBenchModels()) await benchGenerationOn(model);
}

async function benchGenerationOn(bench: BenchModel): Promise<void> {
  const { rounds, maxTokens, article } = bench;
  const threads = resolveThreadCount();
  const engine = new LocalEngine({ threads });
  try {
    const info = await engine.loadModel(await bench.path(), { contextSize: 4096 });
    const loaded = engine.loadedModel()!;
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
      let firstCpu = process.cpuUsage();
      for await (const event of engine.summarize(request)) {
        if (event.type === 'text' && !firstAt) {
          firstAt = performance.now();
          firstCpu = process.cpuUsage();
        }
        if (event.type === 'done') {
          const endAt = performance.now();
          const tokens = event.stats.outputTokens;
          return { tokens, ttftMs: firstAt - start, tokensPerSecond: rate(tokens, firstAt, endAt), tokensPerCpuSecond: (tokens - 1) / cpuSecondsSince(firstCpu), text: event.output };
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
      let firstCpu = process.cpuUsage();
      for await (const token of sequence.evaluate(promptTokens, samplingOptions(sampling, () => generated.slice(-64)))) {
        if (!firstAt) {
          firstAt = performance.now();
          firstCpu = process.cpuUsage();
        }
        generated.push(token);
        if (generated.length >= maxTokens) break;
      }
      const endAt = performance.now();
      return {
        tokens: generated.length,
        ttftMs: firstAt - start,
        tokensPerSecond: rate(generated.length, firstAt, endAt),
        tokensPerCpuSecond: (generated.length - 1) / cpuSecondsSince(firstCpu),
        text: model.detokenize(generated).trim(),
      };
    }

    console.log(`\n-- ${bench.label}`);
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
    const rows = [
      ['', 'tok/s (median)', 'tok/CPU-s', 'TTFT ms'],
      ['Steerling', median(ours.map((r) => r.tokensPerSecond)).toFixed(2), median(ours.map((r) => r.tokensPerCpuSecond)).toFixed(2), median(ours.map((r) => r.ttftMs)).toFixed(0)],
      ['bare node-llama-cpp', median(theirs.map((r) => r.tokensPerSecond)).toFixed(2), median(theirs.map((r) => r.tokensPerCpuSecond)).toFixed(2), median(theirs.map((r) => r.ttftMs)).toFixed(0)],
    ];
    for (const row of rows) console.log(row[0].padEnd(22) + row[1].padStart(16) + row[2].padStart(12) + row[3].padStart(10));
    const wall = pairedRatio(ours.map((r) => r.tokensPerSecond), theirs.map((r) => r.tokensPerSecond));
    const cpu = pairedRatio(ours.map((r) => r.tokensPerCpuSecond), theirs.map((r) => r.tokensPerCpuSecond));
    console.log(`Steerling / bare decode, median of per-round paired ratios (min–max): wall ${formatRatio(wall)} | CPU time ${formatRatio(cpu)}  ${verdict(cpu, 0.95, 'at least')}`);
    const sameText = ours.every((r, i) => r.text === theirs[i].text);
    console.log(`same text for the same seed on both paths: ${sameText ? 'yes' : 'no'}`);
  } finally {
    await engine.dispose();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchGeneration();
}
